/**
 * cfn-lint on a user's template, as advice: the project's own validator
 * (readTemplatePack) decides. Findings that AWS's own published samples carry
 * (awslabs/aws-config-rules, aws-config-conformance-packs/, run through
 * cfn-lint 1.51 on 2026-12-01: 238 findings over 122 templates, of three kinds)
 * are set apart as `tolerated`, so a user who copies a sample is not told to
 * fix what AWS ships:
 * - E3001 on a resource-level `Controls` key (the NZISM samples map rules to controls that way);
 * - E3001 on a resource-level `Description` key (custom-conformance-pack.yaml);
 * - W2001 "Parameter … not used" (samples declare parameters no rule uses, and
 *   taking remediation out of the organization body leaves its parameters unused).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface LintFinding {
  readonly rule: string;
  readonly level: "Error" | "Warning" | "Informational" | string;
  readonly message: string;
  readonly line?: number;
  /** The finding's path in the template, e.g. `Resources.Rule.Controls`. */
  readonly path: string;
}

export interface LintResult {
  /** Findings to show the user. */
  readonly findings: readonly LintFinding[];
  /** Findings AWS's own samples carry, not shown as the user's to fix. */
  readonly tolerated: readonly LintFinding[];
}

/** Resource-level keys AWS's samples add that cfn-lint does not know. */
const SAMPLE_RESOURCE_KEYS = new Set(["Controls", "Description"]);

export function toleratedBySamples(finding: LintFinding): boolean {
  const parts = finding.path.split(".");
  if (finding.rule === "E3001" && parts.length === 3 && parts[0] === "Resources" && SAMPLE_RESOURCE_KEYS.has(parts[2]!)) return true;
  return finding.rule === "W2001";
}

interface CfnLintJsonFinding {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Location?: { readonly Start?: { readonly LineNumber?: number }; readonly Path?: readonly (string | number)[] };
}

/** Runs `cfn-lint --format json` on a template file. Throws when cfn-lint cannot run or its output is not its JSON. */
export function lintTemplateFile(file: string, options: { readonly timeoutMs?: number } = {}): LintResult {
  const run = spawnSync("cfn-lint", ["--format", "json", "--", file], { encoding: "utf8", timeout: options.timeoutMs ?? 120_000 });
  if (run.error) throw new Error(`cannot run cfn-lint on ${file} (is it installed? \`pip install cfn-lint\`): ${run.error.message}`);
  // cfn-lint exits 2/4/6/8 for errors/warnings/both/informational; anything else with no JSON is a failure to run.
  let parsed: CfnLintJsonFinding[];
  try {
    parsed = JSON.parse(run.stdout || "[]") as CfnLintJsonFinding[];
  } catch {
    throw new Error(`cfn-lint on ${file} exited ${run.status} without its JSON report: ${(run.stderr || run.stdout).trim().slice(0, 500)}`);
  }
  const findings: LintFinding[] = [];
  const tolerated: LintFinding[] = [];
  for (const f of parsed) {
    const finding: LintFinding = {
      rule: f.Rule.Id,
      level: f.Level,
      message: f.Message,
      ...(f.Location?.Start?.LineNumber !== undefined ? { line: f.Location.Start.LineNumber } : {}),
      path: (f.Location?.Path ?? []).join("."),
    };
    (toleratedBySamples(finding) ? tolerated : findings).push(finding);
  }
  return { findings, tolerated };
}

/** Lints a template given as text (a Region's body, say) through a temporary file, removed afterwards. */
export function lintTemplateText(text: string, options: { readonly timeoutMs?: number } = {}): LintResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "template-pack-lint-"));
  try {
    const file = path.join(dir, "template.yaml");
    fs.writeFileSync(file, text);
    return lintTemplateFile(file, options);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Findings as messages naming the pack, the file and the line. */
export function describeFindings(pack: string, file: string, result: LintResult): string[] {
  return result.findings.map(
    (f) => `pack \`${pack}\` (${file}${f.line !== undefined ? `, line ${f.line}` : ""}): cfn-lint ${f.rule} (${f.level}): ${f.message}`,
  );
}
