import Ajv from "ajv";
import { expect } from "chai";
import * as fs from "fs";

import { buildPolicyConfig, deploymentFacts, factProblems, policyConfigFileText } from "../../policies/config";
import { policies } from "../../policies/policies";
import { CONFIG_SCHEMA_PATH, configSchemaText } from "../../policies/scripts/writeConfigSchema";
import { ACCOUNTS, description, EXCLUDED, MANAGEMENT, SECURITY } from "./fixtures";

/** What the Pulumi CLI does with an entry (pkg/resource/analyzer/config.go): validate against {type: object, properties, required}. */
function cliValidate(policy: (typeof policies)[number], entry: Record<string, unknown> | undefined): string[] {
  const ajv = new Ajv({ allErrors: true });
  const schema = { type: "object", properties: policy.configSchema?.properties ?? {}, required: policy.configSchema?.required ?? [] };
  const validate = ajv.compile(schema);
  const { enforcementLevel: _, ...props } = entry ?? {};
  return validate(props) ? [] : (validate.errors ?? []).map((e) => `${policy.name}${e.instancePath} ${e.message}`);
}

describe("policies: config file", () => {
  it("gives every policy with a configSchema exactly the facts it declares, valid as the CLI checks them", () => {
    const config = buildPolicyConfig(description());
    const withSchema = policies
      .filter((p) => p.configSchema)
      .map((p) => p.name)
      .sort();
    expect(Object.keys(config)).to.deep.equal(withSchema);
    for (const policy of policies.filter((p) => p.configSchema)) {
      expect(Object.keys(config[policy.name]).sort(), policy.name).to.deep.equal(Object.keys(policy.configSchema!.properties).sort());
      expect(cliValidate(policy, config[policy.name] as Record<string, unknown>)).to.deep.equal([]);
    }
  });

  it("fails the CLI's validation when the file is missing or a fact has the wrong shape", () => {
    const coverage = policies.find((p) => p.name === "config-recorder-coverage")!;
    expect(cliValidate(coverage, undefined).join("; ")).to.match(/must have required property 'accounts'/);
    const bad = { accounts: [{ id: "12", regions: [] }], excludedAccountIds: [], shard: { name: "all", ownsCentral: true } };
    expect(cliValidate(coverage, bad)).to.have.length.greaterThan(0);
  });

  it("fills defaults: log archive = security, deployer = management, one shard owning the central resources", () => {
    const facts = deploymentFacts({
      ...description(),
      logArchiveAccountId: undefined,
      deployerAccountId: undefined,
      shard: undefined,
      excludedAccountIds: undefined,
      conformancePacks: undefined,
      tamperProtectionTargets: undefined,
    });
    expect(facts.logArchiveAccountId).to.equal(SECURITY);
    expect(facts.deployerAccountId).to.equal(MANAGEMENT);
    expect(facts.shard).to.deep.equal({ name: "all", ownsCentral: true });
    expect([facts.excludedAccountIds, facts.conformancePacks, facts.tamperProtectionTargets]).to.deep.equal([[], [], []]);
  });

  it("rejects an inconsistent description, listing every problem once", () => {
    expect(factProblems(deploymentFacts(description()))).to.deep.equal([]);
    const broken = description({
      homeRegion: "ap-south-1",
      accounts: [...ACCOUNTS, { id: EXCLUDED, regions: ["us-east-1", "sa-east-1"], globalTypesRegion: "eu-west-1" }, ACCOUNTS[0]],
    });
    let message = "";
    expect(() => {
      try {
        buildPolicyConfig(broken);
      } catch (e) {
        message = (e as Error).message;
        throw e;
      }
    }).to.throw(/5 issue\(s\)/);
    for (const text of [
      "`homeRegion` ap-south-1",
      `lists ${ACCOUNTS[0].id} twice`,
      `account ${EXCLUDED} is both`,
      "sa-east-1, not in `governedRegions`",
      ".globalTypesRegion` eu-west-1",
    ]) {
      expect(message).to.include(text);
    }
  });

  it("is valid against the checked-in schema.json, which is up to date", () => {
    expect(fs.readFileSync(CONFIG_SCHEMA_PATH, "utf8"), "run `cd policies && npx ts-node scripts/writeConfigSchema.ts`").to.equal(configSchemaText());
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(JSON.parse(configSchemaText()));
    const file = JSON.parse(policyConfigFileText(description()));
    expect(validate(file), JSON.stringify(validate.errors)).to.equal(true);
    const overridden = { ...file, all: "advisory", "cloudformation-stackset-prohibited": "disabled" };
    expect(validate(overridden), JSON.stringify(validate.errors)).to.equal(true);
    expect(validate({ ...file, "config-recorder-coverage": "advisory" }), "a policy that needs facts cannot be just a level").to.equal(false);
    expect(validate({ ...file, "no-such-policy": "advisory" }), "unknown policy names are typos").to.equal(false);
  });
});
