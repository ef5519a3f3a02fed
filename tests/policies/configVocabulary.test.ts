/**
 * AWS Config's execution frequencies (policies/configVocabulary.ts), the one list the schema, the
 * template reader and the policy pack's view share: every place refuses a value outside it.
 */
import { expect } from "chai";

import { ConfigError } from "../../config/errors";
import { parseStack } from "../../config/pipeline";
import { managedRuleCatalog } from "../../packs/catalog/managedRuleCatalog";
import { readTemplatePack } from "../../packs/templates";
import { EXECUTION_FREQUENCIES } from "../../policies/configVocabulary";

function problemsOf(overrides: Record<string, unknown>): string[] {
  try {
    parseStack("dev", { overrides });
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
}

const rule = (frequency: string) =>
  `Resources:\n  AccessKeysRotated:\n    Type: AWS::Config::ConfigRule\n    Properties:\n      ConfigRuleName: access-keys-rotated\n      Source:\n        Owner: AWS\n        SourceIdentifier: ACCESS_KEYS_ROTATED\n      MaximumExecutionFrequency: ${frequency}\n`;

describe("policies/configVocabulary: the execution frequencies", () => {
  it("are AWS's five, and the stack config takes each of them and nothing else", () => {
    expect(EXECUTION_FREQUENCIES).to.deep.equal(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"]);
    for (const frequency of EXECUTION_FREQUENCIES)
      expect(problemsOf({ "aws-config-org:delivery": { snapshotFrequency: frequency } }), frequency).to.deep.equal([]);
    expect(problemsOf({ "aws-config-org:delivery": { snapshotFrequency: "Daily" } }).join("\n")).to.contain("snapshotFrequency");
  });

  it("are what a template's rule may name", () => {
    const read = (frequency: string) =>
      readTemplatePack({ name: "t", file: "t.yaml", text: rule(frequency), governedRegions: ["us-east-1"], catalog: managedRuleCatalog() });
    for (const frequency of EXECUTION_FREQUENCIES) expect(read(frequency), frequency).to.have.property("pack");
    const refused = read("Hourly");
    expect(refused).to.have.property("problems");
    expect((refused as { problems: string[] }).problems.join("\n")).to.contain(
      `MaximumExecutionFrequency \`Hourly\`; AWS takes ${EXECUTION_FREQUENCIES.join(", ")}`,
    );
  });
});
