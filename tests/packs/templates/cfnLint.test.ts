/**
 * cfn-lint (installed on every machine of this project) on test templates: what
 * AWS's samples carry is tolerated, a real mistake is shown.
 */
import * as path from "node:path";

import { expect } from "chai";

import { describeFindings, lintTemplateFile, lintTemplateText, readTemplatePack, templateForRegion } from "../../../packs/templates";
import { catalog, fixture, FIXTURES, inputFor } from "./templateFixtures";

describe("packs/templates: cfn-lint as advice", function () {
  this.timeout(120_000);

  it("tolerates the resource-level Controls key and unused parameters that AWS's samples carry", () => {
    const result = lintTemplateFile(path.join(FIXTURES, "with-sample-extras.yaml"));
    expect(result.findings).to.deep.equal([]);
    expect(result.tolerated.map((f) => [f.rule, f.path])).to.have.deep.members([
      ["E3001", "Resources.S3BucketVersioningEnabled.Controls"],
      ["W2001", "Parameters.UnusedParameter"],
    ]);
  });

  it("shows a property AWS::Config::ConfigRule does not have, naming pack, file and line", () => {
    const text = fixture("with-sample-extras.yaml").replace(
      "      ConfigRuleName: s3-bucket-versioning-enabled\n",
      "      ConfigRuleName: s3-bucket-versioning-enabled\n      Severity: high\n",
    );
    const result = lintTemplateText(text);
    expect(result.findings.map((f) => [f.rule, f.path])).to.deep.equal([["E3002", "Resources.S3BucketVersioningEnabled.Properties.Severity"]]);
    expect(describeFindings("test-pack", "conformance-packs/x.yaml", result)[0]).to.match(
      /^pack `test-pack` \(conformance-packs\/x\.yaml, line 13\): cfn-lint E3002 \(Error\): .*Severity/,
    );
  });

  it("finds nothing to show in a Region's body cut from a valid template", () => {
    const read = readTemplatePack(inputFor("with-remediation.yaml", { parameters: { LoggingTargetBucket: "logs" } }));
    if ("problems" in read) throw new Error(read.problems.join("\n"));
    expect(lintTemplateText(templateForRegion(read.pack, "eu-west-1", catalog).body).findings).to.deep.equal([]);
  });
});
