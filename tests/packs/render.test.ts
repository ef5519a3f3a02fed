/**
 * Rendering: golden templates compared byte for byte (UPDATE_GOLDENS=1
 * rewrites them: `UPDATE_GOLDENS=1 npx mocha tests/packs/render.test.ts`, then
 * review the diff), the structure of rules and remediations, and the size
 * limits.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";
import { parse } from "yaml";

import { fitsInline, INLINE_TEMPLATE_MAX_BYTES, renderAccountRemediationPack, renderPack, S3_TEMPLATE_MAX_BYTES } from "../../packs";
import { oversizedPack, renderCases, renderContext, syntheticPack, testLibrary } from "./renderCases";

const GOLDEN_DIR = path.resolve(__dirname, "../fixtures/packs");
const ACCOUNT = "444444444444";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-config-org/aws-config-org-remediation`;

type Template = { Resources: Record<string, { Type: string; DependsOn?: string; Properties: Record<string, any> }> };

function render(name: string): { template: Template; body: string } {
  const c = renderCases.find((x) => x.name === name)!;
  const { templateBody } = renderPack(c.selection, renderContext);
  return { template: parse(templateBody) as Template, body: templateBody };
}

/** The account remediation pack of one render case, for account 444444444444. */
function renderAccount(name: string): Template {
  const c = renderCases.find((x) => x.name === name)!;
  const pack = renderAccountRemediationPack([c.selection], renderContext, { accountId: ACCOUNT, partition: "aws", project: "aws-config-org" });
  return parse(pack!.templateBody) as Template;
}

function resourcesOfType(template: Template, type: string) {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

describe("packs: rendering", () => {
  describe("golden templates", () => {
    for (const c of renderCases) {
      it(`renders ${c.name} exactly as tests/fixtures/packs/${c.name}.yaml`, () => {
        const { templateBody, bytes } = renderPack(c.selection, renderContext);
        const file = path.join(GOLDEN_DIR, `${c.name}.yaml`);
        if (process.env.UPDATE_GOLDENS === "1") fs.writeFileSync(file, templateBody);
        expect(fs.existsSync(file), `missing golden ${file}: run with UPDATE_GOLDENS=1`).to.equal(true);
        expect(templateBody).to.equal(fs.readFileSync(file, "utf8"));
        expect(bytes).to.equal(Buffer.byteLength(templateBody, "utf8"));
      });
    }
  });

  describe("account remediation pack goldens", () => {
    const cases = [
      ...renderCases.map((c) => ({ name: c.name, selections: [c.selection] })),
      { name: "all-shipped-defaults", selections: renderCases.filter((c) => c.name.endsWith("--defaults")).map((c) => c.selection) },
    ];
    for (const c of cases) {
      it(`renders the account pack of ${c.name} exactly as tests/fixtures/packs/account/${c.name}.yaml (or none)`, () => {
        const pack = renderAccountRemediationPack(c.selections, renderContext, { accountId: ACCOUNT, partition: "aws", project: "aws-config-org" });
        const file = path.join(GOLDEN_DIR, "account", `${c.name}.yaml`);
        const expected = pack ? pack.templateBody : "";
        if (process.env.UPDATE_GOLDENS === "1") {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          if (pack) fs.writeFileSync(file, expected);
          else fs.rmSync(file, { force: true });
        }
        expect(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "").to.equal(expected);
        if (pack) {
          expect(pack.name).to.equal("aws-config-org-remediation");
          expect(pack.automationRoleArn).to.equal(ROLE_ARN);
          expect(pack.bytes).to.equal(Buffer.byteLength(pack.templateBody)).and.at.most(INLINE_TEMPLATE_MAX_BYTES);
          expect(resourcesOfType(parse(pack.templateBody) as Template, "AWS::Config::RemediationConfiguration")).to.have.length(pack.rules);
        }
      });
    }

    it("renders no account pack when nothing is remediated", () => {
      const off = {
        name: "network-and-identity",
        parameters: {},
        remediation: { "restricted-ssh": "off" as const, "guardduty-enabled-centralized": "off" as const },
      };
      expect(renderAccountRemediationPack([off], renderContext, { accountId: ACCOUNT, partition: "aws", project: "aws-config-org" })).to.equal(undefined);
    });

    it("refuses two packs remediating rules of the same name in one account pack, naming both", () => {
      const a = { name: "network-and-identity", parameters: {}, remediation: {} };
      expect(() => renderAccountRemediationPack([a, a], renderContext, { accountId: ACCOUNT, partition: "aws", project: "aws-config-org" })).to.throw(
        /packs `network-and-identity` and `network-and-identity`|pack `network-and-identity`: two rules render to the logical id `RestrictedSsh`/,
      );
    });

    it("puts the literal ARN of each account, never a substitution", () => {
      const c = renderCases.find((x) => x.name === "network-and-identity--defaults")!;
      const gov = renderAccountRemediationPack([c.selection], renderContext, {
        accountId: "555555555555",
        partition: "aws-us-gov",
        project: "aws-config-org",
      })!;
      expect(gov.templateBody).to.contain("arn:aws-us-gov:iam::555555555555:role/aws-config-org/aws-config-org-remediation").and.not.contain("${AWS::");
    });
  });

  it("renders each rule with its identifier, scope, inputs and periodic frequency", () => {
    const { template } = render("data-protection-baseline--customized");
    const account = renderAccount("data-protection-baseline--customized");
    const ruleList = [...resourcesOfType(template, "AWS::Config::ConfigRule"), ...resourcesOfType(account, "AWS::Config::ConfigRule")];
    const rules = Object.fromEntries(ruleList.map(([, r]) => [r.Properties.ConfigRuleName, r.Properties]));
    // Each rule once: in the organization pack (detection) or in the account pack (remediated).
    expect(ruleList).to.have.length(9);
    expect(Object.keys(rules)).to.have.length(9);
    expect(rules["s3-bucket-level-public-access-prohibited"]).to.deep.include({
      Source: { Owner: "AWS", SourceIdentifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED" },
      Scope: { ComplianceResourceTypes: ["AWS::S3::Bucket"] },
      InputParameters: { excludedPublicBuckets: "www.example.com,assets.example.com" },
    });
    const periodic = rules["s3-account-level-public-access-blocks-periodic"]!;
    expect(periodic.MaximumExecutionFrequency).to.equal("TwentyFour_Hours");
    expect(periodic).to.not.have.property("Scope");
    expect(rules["rds-multi-az-support"]).to.not.have.property("InputParameters");
  });

  it("renders remediation into the account pack as SSM_DOCUMENT with that account's literal role ARN and RESOURCE_ID, attempts only when automatic", () => {
    expect(resourcesOfType(render("data-protection-baseline--customized").template, "AWS::Config::RemediationConfiguration")).to.deep.equal([]);
    const template = renderAccount("data-protection-baseline--customized");
    type Remediation = Template["Resources"][string] & { id: string };
    const remediations: Record<string, Remediation> = Object.fromEntries(
      resourcesOfType(template, "AWS::Config::RemediationConfiguration").map(([id, r]) => [r.Properties.ConfigRuleName, { id, ...r }]),
    );
    // Lambda tracing was turned off by the override.
    expect(Object.keys(remediations).sort()).to.deep.equal(
      [
        "dynamodb-pitr-enabled",
        "dynamodb-table-encrypted-kms",
        "rds-instance-deletion-protection-enabled",
        "rds-instance-public-access-check",
        "rds-multi-az-support",
        "s3-account-level-public-access-blocks-periodic",
        "s3-bucket-level-public-access-prohibited",
        "sns-encrypted-kms",
      ].sort(),
    );
    for (const [ruleName, r] of Object.entries(remediations)) {
      expect(r.Properties.TargetType, ruleName).to.equal("SSM_DOCUMENT");
      expect(r.Properties.Parameters.AutomationAssumeRole, ruleName).to.deep.equal({ StaticValue: { Values: [ROLE_ARN] } });
      expect(template.Resources[r.DependsOn!]!.Properties.ConfigRuleName, ruleName).to.equal(ruleName);
      if (r.Properties.Automatic) {
        expect(r.Properties.MaximumAutomaticAttempts, ruleName).to.be.within(1, 25);
        expect(r.Properties.RetryAttemptSeconds, ruleName).to.be.within(1, 2_678_000);
      } else {
        expect(r.Properties, ruleName).to.not.have.any.keys("MaximumAutomaticAttempts", "RetryAttemptSeconds");
      }
    }
    const multiAz = remediations["rds-multi-az-support"]!.Properties;
    expect(multiAz).to.deep.include({ TargetId: "AWSConfigRemediation-EnableMultiAZOnRDSInstance", Automatic: true, ResourceType: "AWS::RDS::DBInstance" });
    expect(multiAz.Parameters.DbiResourceId).to.deep.equal({ ResourceValue: { Value: "RESOURCE_ID" } });
    expect(multiAz.Parameters.ApplyImmediately).to.deep.equal({ StaticValue: { Values: ["false"] } });

    const sns = remediations["sns-encrypted-kms"]!.Properties;
    expect(sns.Automatic).to.equal(false);
    expect(sns.Parameters.KmsKeyArn).to.deep.equal({
      StaticValue: { Values: [{ "Fn::Sub": "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/notifications" }] },
    });
    const ddb = remediations["dynamodb-table-encrypted-kms"]!.Properties;
    expect(ddb.Parameters.KMSKeyId).to.deep.equal({ StaticValue: { Values: ["arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab"] } });
    expect(ddb.Parameters.TableName).to.deep.equal({ ResourceValue: { Value: "RESOURCE_ID" } });
  });

  it("leaves DynamoDB encryption remediation off by default, when no key is given: the rule stays in the organization pack", () => {
    const { template } = render("data-protection-baseline--defaults");
    expect(template.Resources).to.have.property("DynamodbTableEncryptedKms");
    expect(renderAccount("data-protection-baseline--defaults").Resources).to.not.have.any.keys(
      "DynamodbTableEncryptedKms",
      "DynamodbTableEncryptedKmsRemediation",
    );
  });

  it("reports the remediations it rendered, with retry settings for automatic ones", () => {
    const c = renderCases.find((x) => x.name === "network-and-identity--centralized")!;
    const { remediations, templateBody } = renderPack(c.selection, renderContext);
    expect(remediations).to.deep.equal([
      {
        pack: "network-and-identity",
        configRuleName: "restricted-ssh",
        runbook: "AWS-DisableIncomingSSHOnPort22",
        mode: "automatic",
        maximumAttempts: 5,
        retrySeconds: 60,
      },
    ]);
    const template = parse(templateBody) as Template;
    expect(resourcesOfType(template, "AWS::Config::RemediationConfiguration")).to.have.length(0);
    expect(template.Resources).to.not.have.property("RestrictedSsh");
    expect(resourcesOfType(renderAccount(c.name), "AWS::Config::RemediationConfiguration")).to.have.length(remediations.length);
    expect(template.Resources["GuarddutyEnabledCentralized"]!.Properties.InputParameters).to.deep.equal({ CentralMonitoringAccount: "222222222222" });
  });

  it("deploys only the approved-images rules whose list is set", () => {
    const { template } = render("approved-images--by-tag-only");
    const names = resourcesOfType(template, "AWS::Config::ConfigRule").map(([, r]) => r.Properties.ConfigRuleName);
    expect(names).to.deep.equal(["approved-amis-by-tag"]);
    expect(resourcesOfType(template, "AWS::Config::RemediationConfiguration")).to.have.length(0);
  });

  it("throws one error listing every problem of an invalid selection", () => {
    expect(() => renderPack({ name: "approved-images", parameters: { amiIds: "x", extra: "y" }, remediation: {} }, renderContext)).to.throw(
      /\(2 issues\):\n- `packs\[4\]\.parameters\.extra`.*\n- `packs\[4\]\.parameters\.amiIds`/,
    );
  });

  describe("size", () => {
    it("tells whether a template fits the 51,200-byte inline limit, counting bytes not characters", () => {
      expect(fitsInline("a".repeat(INLINE_TEMPLATE_MAX_BYTES))).to.equal(true);
      expect(fitsInline("a".repeat(INLINE_TEMPLATE_MAX_BYTES + 1))).to.equal(false);
      expect(fitsInline("é".repeat(INLINE_TEMPLATE_MAX_BYTES / 2 + 1))).to.equal(false);
    });

    it("keeps the shipped packs inline", () => {
      for (const c of renderCases) expect(renderPack(c.selection, renderContext).fitsInline, c.name).to.equal(true);
    });

    it("marks a 130-rule pack as too large for TemplateBody (the central component uploads it to S3)", () => {
      const rendered = renderPack({ name: oversizedPack.name, parameters: {}, remediation: {} }, renderContext, testLibrary);
      expect(rendered.bytes).to.be.greaterThan(INLINE_TEMPLATE_MAX_BYTES).and.at.most(S3_TEMPLATE_MAX_BYTES);
      expect(rendered.fitsInline).to.equal(false);
      expect(rendered.remediations).to.have.length(0);
      expect(rendered.detectionRules).to.equal(130);
      expect(Object.keys((parse(rendered.templateBody) as Template).Resources)).to.have.length(130);
    });

    it("refuses a template over the 300 KB S3 limit, naming the pack", () => {
      const buckets = Array.from({ length: 100 }, (_, i) => `public-website-bucket-${String(i).padStart(3, "0")}`).join(",");
      const huge = syntheticPack(
        "huge",
        130,
        {
          rule: "s3-bucket-level-public-access-prohibited",
          inputs: { excludedPublicBuckets: { kind: "packParameter", name: "buckets" } },
          remediation: { mode: "off" },
        },
        { buckets: { type: "CSV", description: "public buckets" } },
      );
      expect(() => renderPack({ name: "huge", parameters: { buckets }, remediation: {} }, renderContext, { huge })).to.throw(
        /pack `huge`: the template is \d+ bytes; AWS accepts at most 300000/,
      );
    });
  });
});
