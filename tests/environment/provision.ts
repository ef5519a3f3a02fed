/**
 * `npm run test-tools`, the step of `npm test` before mocha: checks that the
 * Node is one the package supports, finds moto and cfn-lint or provisions them
 * into .venv-tools/ (pythonTools.ts), and says which it uses. Done up front so
 * that a first, slow install is not charged to a test's timeout; the helpers
 * resolve again (quickly) in the mocha process.
 */
import { packageEngines, unsupportedNode } from "./nodeVersion";
import { cfnLintTool, defaultContext, describeTool, motoTool, TestToolsError } from "./pythonTools";

try {
  const nodeProblem = unsupportedNode(process.version, packageEngines(defaultContext().root));
  if (nodeProblem !== undefined) throw new TestToolsError(nodeProblem);
  const tools = [describeTool("moto", motoTool()), describeTool("cfn-lint", cfnLintTool())];
  process.stderr.write(`tests use ${tools.join(" and ")}\n`);
} catch (error) {
  if (!(error instanceof TestToolsError)) throw error;
  process.stderr.write(`tests cannot run: ${error.message}\n`);
  process.exitCode = 2;
}
