/**
 * Packs aimed at OUs and accounts (issue 26 part 2), on the real program under Pulumi mocks:
 * the prod stack with a targeted pack (an OU with a nested OU, plus a named account) and a
 * targeted approved-images rule. The organization pack's and rule's `excludedAccounts` are the
 * complement of the targets in the scope; accounts outside the targets get none of the pack's
 * remediated rules; the policy pack passes.
 */
import { expect } from "chai";

import { readOrganizationSnapshot, type OrganizationSnapshot } from "../config/discovery";
import { PROJECT_ROOT } from "../config/sources";
import { TYPES } from "../offline/planModel";
import { policyVerdict } from "../offline/policyVerdict";
import { ORGANIZATION_CUSTOM_RULE } from "../policies/tokens";
import { ofType, runProgram, type TestRun } from "./helpers/program";
import * as path from "path";

const PAYMENTS = "500000000004";
const SECURITY = "500000000002";
const VENDOR = "500000000010";
const LEGACY_EDGE = "500000000009"; // records in eu-west-1 and us-east-1 only

/** The prod fixture with a nested OU under the workloads OU (payments-prod in it): `ouMembers` lists descendants. */
function organization(): OrganizationSnapshot {
  const prod = readOrganizationSnapshot(path.join(PROJECT_ROOT, "accounts", "fixtures", "prod-organization.json"));
  return {
    ...prod,
    organizationalUnits: [...(prod.organizationalUnits ?? []), "ou-p1a2-payments1"],
    ouMembers: { ...prod.ouMembers, "ou-p1a2-payments1": [PAYMENTS] },
  };
}

const PACKS = [
  { name: "data-protection-baseline", remediation: { "rds-multi-az-support": "manual" }, targets: { ous: ["ou-p1a2-payments1"], accounts: [SECURITY] } },
  { name: "network-and-identity", targets: { ous: ["ou-p1a2-workload1"] } },
  { name: "approved-images", parameters: { amiIds: "ami-0a1b2c3d4e5f60718" } },
];

describe("program: packs aimed at OUs and accounts (prod, under mocks)", () => {
  let run: TestRun;
  before(async () => {
    run = await runProgram("prod", {
      organization: organization(),
      config: {
        "aws-config-org:packs": PACKS,
        "aws-config-org:approvedImages": {
          allowList: { version: 1, entries: [{ description: "golden", ownerAccountIds: [SECURITY], namePatterns: ["golden-*"] }] },
          targets: { ous: ["ou-p1a2-sandbox01"] },
        },
      },
    });
  });

  const scopeIds = () => run.deployment.scope.map((a) => a.id);
  const regionless = (region: string) => run.deployment.scope.filter((a) => !a.regions.some((r) => r.name === region)).map((a) => a.id);

  it("each targeted pack excludes exactly the scope outside its targets, with the inventory's exclusion and the accounts not governed in the region", () => {
    const targets: Record<string, string[]> = {
      "data-protection-baseline": [SECURITY, PAYMENTS],
      "network-and-identity": [PAYMENTS, "500000000005", "500000000006"],
    };
    const packs = ofType(run.resources, TYPES.pack);
    expect(packs.length).to.be.greaterThan(0);
    for (const p of packs) {
      const region = String(p.inputs.region);
      const reached = targets[String(p.inputs.name)];
      const excluded = p.inputs.excludedAccounts as string[];
      if (!reached) {
        expect(excluded, String(p.inputs.name)).to.deep.equal([VENDOR, ...regionless(region)]);
        continue;
      }
      const complement = scopeIds().filter((id) => !reached.includes(id));
      expect([...excluded].sort(), `${String(p.inputs.name)} in ${region}`).to.deep.equal([...new Set([VENDOR, ...regionless(region), ...complement])].sort());
      for (const id of reached) expect(excluded).to.not.include(id);
    }
  });

  it("the approved-images rule excludes every account outside the sandbox OU", () => {
    const rules = ofType(run.resources, ORGANIZATION_CUSTOM_RULE);
    expect(rules).to.have.length(run.deployment.regions.length);
    for (const r of rules) {
      const reached = ["500000000007", "500000000008"];
      const expected = [VENDOR, ...regionless(String(r.inputs.region)), ...scopeIds().filter((id) => !reached.includes(id))];
      expect([...(r.inputs.excludedAccounts as string[])].sort()).to.deep.equal([...new Set(expected)].sort());
    }
  });

  it("an account's remediation pack holds only the remediated rules of the packs that reach it", () => {
    const bodyOf = (account: string) =>
      ofType(run.resources, TYPES.accountPack)
        .filter((p) => p.inputs.accountId === account)
        .map((p) => String(p.inputs.templateBody));
    // payments-prod: both targeted packs reach it.
    expect(bodyOf(PAYMENTS)[0]).to.include("data-protection-baseline").and.include("network-and-identity");
    // web-prod: only network-and-identity (the workloads OU), not data-protection-baseline.
    const web = bodyOf("500000000006");
    expect(web.length).to.be.greaterThan(0);
    for (const body of web) expect(body).to.include("network-and-identity").and.not.include("data-protection-baseline");
    // legacy-edge: neither targeted pack; the untargeted approved-images pack's remediated rules only.
    for (const body of bodyOf(LEGACY_EDGE)) expect(body).to.not.include("data-protection-baseline").and.not.include("network-and-identity");
  });

  it("each account's automation role grants only the runbooks of the packs that reach it", () => {
    const policyOf = (account: string) => {
      const role = ofType(run.resources, TYPES.accountRole).find((r) => r.name === `automation-role-${account}`);
      return JSON.stringify(role?.inputs.inlinePolicies ?? "");
    };
    const statements = (account: string) => (policyOf(account).match(/\\"Sid\\"/g) ?? []).length;
    // payments-prod is reached by all three packs, legacy-edge by the untargeted approved-images pack only.
    expect(statements(LEGACY_EDGE)).to.be.greaterThan(0);
    expect(statements(PAYMENTS)).to.be.greaterThan(statements(LEGACY_EDGE));
  });

  it("the policy pack passes the targeted shape", () => {
    const verdict = policyVerdict(run.deployment, run.resources);
    expect(
      verdict.violations.filter((v) => v.enforcementLevel === "mandatory"),
      verdict.summary,
    ).to.deep.equal([]);
  });

  it("mutation: a pack that reaches an account outside its targets fails the policy pack, naming it", () => {
    const mutated = run.resources.map((r) =>
      r.type === TYPES.pack && r.inputs.name === "network-and-identity" && r.inputs.region === "eu-west-1"
        ? { ...r, inputs: { ...r.inputs, excludedAccounts: [VENDOR] } }
        : r,
    );
    const violations = policyVerdict(run.deployment, mutated).violations.filter((v) => v.policy === "organization-conformance-pack-targets");
    expect(violations.map((v) => v.message)).to.have.length(1);
    expect(violations[0]!.message)
      .to.include("`network-and-identity` in eu-west-1 reaches")
      .and.include(`\`${SECURITY}\``)
      .and.include("outside its `targets`");
  });
});
