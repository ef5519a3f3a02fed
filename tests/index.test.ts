/**
 * The organization-wide shape (DESIGN.md, shape contract), checked on the real
 * program under Pulumi mocks for the dev and prod stacks and for a generated
 * organization.
 */
import { expect } from "chai";

import { placesOf } from "../config/domain";
import { syntheticOrganization, type SyntheticOrganization } from "../offline/syntheticOrganization";
import { providerAccounts, providerUrn, TYPES } from "../offline/planModel";
import { renderOrganizationPacks } from "../packs";
import { ofType, runProgram, type MockedResource, type TestRun } from "./helpers/program";

interface RecorderInputs {
  accountId: string;
  region: string;
  roleArn?: string;
  recorder: {
    name: string;
    roleARN: string;
    recordingGroup: { allSupported: boolean; includeGlobalResourceTypes: boolean; exclusionByResourceTypes?: { resourceTypes: string[] } };
  };
  deliveryChannel: { s3BucketName: string; snsTopicARN?: string };
  adopt?: string;
}

const recorderInputs = (r: MockedResource) => r.inputs as unknown as RecorderInputs;

function recordsGlobal(r: RecorderInputs): boolean {
  const g = r.recorder.recordingGroup;
  if (g.allSupported) return g.includeGlobalResourceTypes;
  if (g.exclusionByResourceTypes)
    return !["AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group", "AWS::IAM::Policy"].some((t) => g.exclusionByResourceTypes!.resourceTypes.includes(t));
  return false;
}

/** The account a custom resource acts in, through its provider. */
function accountOf(run: TestRun, r: MockedResource): string | undefined {
  return providerAccounts(run.resources).get(providerUrn(r.provider) ?? "");
}

function checkShape(name: string, load: () => Promise<TestRun>): void {
  describe(`program shape: ${name}`, () => {
    let run: TestRun;
    before(async () => {
      run = await load();
    });

    it("has exactly one ConfigRecorder per in-scope account × governed region, and none elsewhere", () => {
      const expected = placesOf(run.deployment)
        .map((p) => `${p.account.id}/${p.region.name}`)
        .sort();
      const actual = ofType(run.resources, TYPES.recorder)
        .map((r) => `${recorderInputs(r).accountId}/${recorderInputs(r).region}`)
        .sort();
      expect(actual).to.deep.equal(expected);
      expect(new Set(actual).size).to.equal(actual.length);
      for (const x of run.deployment.excluded)
        expect(
          actual.some((p) => p.startsWith(`${x.id}/`)),
          `excluded ${x.id} got a recorder`,
        ).to.equal(false);
    });

    it("records global IAM types exactly once per account, in its global-types region", () => {
      const byAccount = new Map<string, string[]>();
      for (const r of ofType(run.resources, TYPES.recorder).map(recorderInputs)) {
        if (recordsGlobal(r)) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), r.region]);
      }
      for (const a of run.deployment.accounts) expect(byAccount.get(a.id), a.id).to.deep.equal([a.globalTypesRegion]);
    });

    it("records AWS::RDS::GlobalCluster, which AWS records in every region unless excluded by name, only in each account's global-types region", () => {
      const recordsGlobalCluster = (r: RecorderInputs) => {
        const g = r.recorder.recordingGroup as RecorderInputs["recorder"]["recordingGroup"] & { resourceTypes?: string[] };
        if (g.allSupported) return true;
        if (g.exclusionByResourceTypes) return !g.exclusionByResourceTypes.resourceTypes.includes("AWS::RDS::GlobalCluster");
        return (g.resourceTypes ?? []).includes("AWS::RDS::GlobalCluster");
      };
      const byAccount = new Map<string, string[]>();
      for (const r of ofType(run.resources, TYPES.recorder).map(recorderInputs)) {
        if (recordsGlobalCluster(r)) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), r.region]);
      }
      for (const a of run.deployment.accounts) {
        const profile = a.profile;
        const records =
          profile.strategy !== "INCLUSION_BY_RESOURCE_TYPES"
            ? !profile.excludedResourceTypes.includes("AWS::RDS::GlobalCluster")
            : profile.includedResourceTypes.includes("AWS::RDS::GlobalCluster");
        expect(byAccount.get(a.id) ?? [], a.id).to.deep.equal(records ? [a.globalTypesRegion] : []);
      }
    });

    it("points every channel at the one central bucket, which the log archive account owns", () => {
      const bucket = run.deployment.delivery.bucketName;
      for (const r of ofType(run.resources, TYPES.recorder)) expect(recorderInputs(r).deliveryChannel.s3BucketName).to.equal(bucket);
      const central = ofType(run.resources, "aws:s3/bucket:Bucket").filter((b) => b.inputs.bucket === bucket);
      expect(central).to.have.length(1);
      expect(accountOf(run, central[0]!)).to.equal(run.deployment.logArchiveAccountId);
      expect(central[0]!.inputs.forceDestroy).to.equal(false);
    });

    it("uses the service-linked role unless the inventory opts out, and assumes the deployment role where it is not the caller", () => {
      for (const r of ofType(run.resources, TYPES.recorder).map(recorderInputs)) {
        expect(r.recorder.roleARN).to.equal(`arn:aws:iam::${r.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`);
        const account = run.deployment.accounts.find((a) => a.id === r.accountId)!;
        expect(r.roleArn).to.equal(account.access.roleName ? `arn:aws:iam::${r.accountId}:role/${account.access.roleName}` : undefined);
      }
    });

    it("makes each recorder wait for its account's service-linked role and the bucket policy", () => {
      const slrByAccount = new Map(ofType(run.resources, TYPES.serviceLinkedRole).map((s) => [String(s.inputs.accountId), s.urn]));
      const policy = ofType(run.resources, "aws:s3/bucketPolicy:BucketPolicy").find((p) => p.urn.includes("delivery-policy"))!;
      for (const r of ofType(run.resources, TYPES.recorder)) {
        expect(r.dependsOn).to.include(slrByAccount.get(recorderInputs(r).accountId));
        expect(r.dependsOn).to.include(policy.urn);
      }
    });

    it("nests each recorder under its account-region component, under its account component", () => {
      const components = new Map(run.resources.filter((r) => !r.custom).map((c) => [c.urn, c]));
      for (const r of ofType(run.resources, TYPES.recorder)) {
        const place = components.get(r.parent!)!;
        expect(place.type).to.equal("aws-config-org:account:AccountRegion");
        expect(components.get(place.parent!)!.type).to.equal("aws-config-org:account:Account");
      }
    });

    it("creates central resources through the provider of the right account", () => {
      const d = run.deployment;
      for (const r of ofType(run.resources, "aws:organizations/delegatedAdministrator:DelegatedAdministrator")) {
        expect(accountOf(run, r)).to.equal(d.managementAccountId);
        expect(r.inputs.accountId).to.equal(d.securityAccountId);
      }
      expect(
        ofType(run.resources, "aws:organizations/delegatedAdministrator:DelegatedAdministrator")
          .map((r) => r.inputs.servicePrincipal)
          .sort(),
      ).to.deep.equal(["config-multiaccountsetup.amazonaws.com", "config.amazonaws.com"]);
      const aggregators = ofType(run.resources, "aws:cfg/configurationAggregator:ConfigurationAggregator");
      expect(aggregators).to.have.length(1);
      expect(accountOf(run, aggregators[0]!)).to.equal(d.securityAccountId);
      const source = aggregators[0]!.inputs.organizationAggregationSource as { regions: string[] };
      expect(source.regions).to.deep.equal(d.regions.map((r) => r.name));
      for (const p of ofType(run.resources, TYPES.pack)) expect(accountOf(run, p)).to.equal(d.securityAccountId);
      // Providers assume the deployment role exactly where the account is not the caller's own.
      for (const p of ofType(run.resources, TYPES.awsProvider)) {
        const id = JSON.parse(String(p.inputs.allowedAccountIds))[0] as string;
        const assumes = p.inputs.assumeRoles ? (JSON.parse(String(p.inputs.assumeRoles)) as { roleArn: string }[]) : [];
        if (id === d.deploymentAccountId) expect(assumes).to.deep.equal([]);
        else expect(assumes[0]!.roleArn).to.match(new RegExp(`^arn:aws:iam::${id}:role/`));
      }
    });

    it("deploys the account's remediation pack in every place, after its recorder and its automation role, with literal role ARNs and no rule also in an organization pack", () => {
      const d = run.deployment;
      const accountPacks = ofType(run.resources, TYPES.accountPack);
      const places = ofType(run.resources, TYPES.recorder)
        .map((r) => `${recorderInputs(r).accountId}/${recorderInputs(r).region}`)
        .sort();
      expect(accountPacks.map((p) => `${String(p.inputs.accountId)}/${String(p.inputs.region)}`).sort()).to.deep.equal(places);
      const recorderAt = new Map(ofType(run.resources, TYPES.recorder).map((r) => [`${recorderInputs(r).accountId}/${recorderInputs(r).region}`, r.urn]));
      const roleOf = new Map(
        ofType(run.resources, TYPES.accountRole)
          .filter((r) => r.name.startsWith("automation-role-"))
          .map((r) => [String(r.inputs.accountId), r.urn]),
      );
      const organizationRules = new Set(
        ofType(run.resources, TYPES.pack).flatMap((p) => [...String(p.inputs.templateBody ?? "").matchAll(/ConfigRuleName: (\S+)/g)].map((m) => m[1])),
      );
      for (const p of accountPacks) {
        const account = String(p.inputs.accountId);
        expect(p.inputs.conformancePackName).to.equal(`${d.project}-remediation`);
        expect(p.dependsOn, p.name)
          .to.include(recorderAt.get(`${account}/${String(p.inputs.region)}`))
          .and.include(roleOf.get(account));
        const body = String(p.inputs.templateBody);
        const roles = [...body.matchAll(/AutomationAssumeRole:\n\s+StaticValue:\n\s+Values:\n\s+- (\S+)/g)].map((m) => m[1]);
        expect(roles.length, p.name).to.be.greaterThan(0);
        for (const role of roles) expect(role).to.equal(`arn:aws:iam::${account}:role/${d.project}/${d.project}-remediation`);
        for (const m of body.matchAll(/ConfigRuleName: (\S+)/g)) expect(organizationRules.has(m[1]!), `${m[1]} evaluated twice`).to.equal(false);
      }
    });

    it("deploys every declared pack in every governed region, after that region's recorders, without excluded accounts", () => {
      const d = run.deployment;
      const packs = ofType(run.resources, TYPES.pack);
      // A pack whose rules are all remediated has no organization pack (its rules are in the account packs).
      const organizationPacks = renderOrganizationPacks(d.packs, { deployment: d }).map((p) => p.name);
      const expected = d.regions.flatMap((r) => organizationPacks.map((p) => `${p}@${r.name}`)).sort();
      expect(packs.map((p) => `${String(p.inputs.name)}@${String(p.inputs.region)}`).sort()).to.deep.equal(expected);
      const recorders = ofType(run.resources, TYPES.recorder);
      for (const p of packs) {
        const inRegion = recorders.filter((r) => recorderInputs(r).region === p.inputs.region).map((r) => r.urn);
        expect(
          inRegion.every((u) => p.dependsOn.includes(u)),
          `${p.name} waits for its region's recorders`,
        ).to.equal(true);
        // Inventory exclusions, and accounts that do not record in the pack's region.
        const regionless = d.accounts.filter((a) => !a.regions.some((r) => r.name === p.inputs.region)).map((a) => a.id);
        expect(p.inputs.excludedAccounts ?? []).to.deep.equal([...d.excluded.map((x) => x.id), ...regionless]);
        expect(String(p.inputs.deliveryS3Bucket)).to.match(/^awsconfigconforms-/);
      }
    });

    it("exports coverage and exclusions", () => {
      const coverage = run.outputs.coverage as Record<string, { regions: Record<string, { globalTypes: boolean }> }>;
      expect(Object.keys(coverage).sort()).to.deep.equal(run.deployment.accounts.map((a) => a.id).sort());
      expect(run.outputs.excludedAccounts).to.deep.equal(run.deployment.excluded.map((x) => ({ id: x.id, name: x.name, reason: x.reason })));
      expect((run.outputs.deliveryBucket as { name: string }).name).to.equal(run.deployment.delivery.bucketName);
    });
  });
}

checkShape("dev stack", () => runProgram("dev"));
checkShape("prod stack (discovered, with exclusion and adoption)", () => runProgram("prod"));
let synthetic: SyntheticOrganization | undefined;
checkShape("generated organization of 120 accounts × 5 regions", () => {
  synthetic = syntheticOrganization(120, 5);
  return runProgram("synthetic", { config: synthetic.config, configOnly: true });
});
after(() => synthetic?.cleanup());

describe("program shape: specifics", () => {
  it("adopts the prod legacy recorder by name, and excludes the vendor account with its reason", async () => {
    const run = await runProgram("prod");
    const payments = ofType(run.resources, TYPES.recorder)
      .map(recorderInputs)
      .filter((r) => r.accountId === "500000000004");
    expect(payments).to.have.length(4);
    for (const r of payments) {
      expect(r.adopt).to.equal("payments-config-recorder");
      expect(r.recorder.name).to.equal("payments-config-recorder");
    }
    expect(run.outputs.excludedAccounts).to.deep.equal([
      { id: "500000000010", name: "vendor-managed-sap", reason: "Managed by the SAP vendor under contract; Config is run by the vendor and reported monthly" },
    ]);
    // legacy-edge records in two of the four regions: packs elsewhere skip it.
    const packs = ofType(run.resources, TYPES.pack);
    expect(
      packs
        .filter((p) => (p.inputs.excludedAccounts as string[]).includes("500000000009"))
        .map((p) => p.inputs.region)
        .sort(),
    ).to.deep.equal(["eu-central-1", "eu-central-1", "eu-north-1", "eu-north-1"]);
    // The suspended account of the organization is not in scope.
    expect(ofType(run.resources, TYPES.recorder).some((r) => recorderInputs(r).accountId === "500000000011")).to.equal(false);
  });

  it("gives every prod account the approved-images reader role and the automation role, under its account component", async () => {
    const run = await runProgram("prod");
    const components = new Map(run.resources.filter((r) => !r.custom).map((c) => [c.urn, c]));
    for (const purpose of ["approved-images-reader", "automation-role"]) {
      const roles = ofType(run.resources, TYPES.accountRole).filter((r) => r.name.startsWith(`${purpose}-`));
      expect(roles.map((r) => String(r.inputs.accountId)).sort(), purpose).to.deep.equal(run.deployment.accounts.map((a) => a.id).sort());
      for (const r of roles) expect(components.get(r.parent!)!.name).to.equal(`account-${String(r.inputs.accountId)}`);
    }
    expect(
      ofType(run.resources, "aws:cfg/organizationCustomRule:OrganizationCustomRule")
        .map((r) => r.inputs.region)
        .sort(),
    ).to.deep.equal(run.deployment.regions.map((r) => r.name).sort());
  });

  // The slow test of this file, on purpose: the 1,000-account run registers 5,928 resources (about six per
  // account) under mocks, measured (2026-12-07, 2 cores) at 10 s of CPU, 1.7 ms each, against 1.7 s for 10 accounts; and
  // the time is the SDK's registration of each resource, not the program's logic (DESIGN.md's
  // profile: the project's own modules under 0.1 s). The scale is the claim: providers per account.
  it("needs the same number of aws providers for 10 accounts as for 1,000", async () => {
    const counts: number[] = [];
    for (const n of [10, 1000]) {
      const org = syntheticOrganization(n, 1);
      try {
        const run = await runProgram("synthetic", { config: org.config, configOnly: true });
        expect(ofType(run.resources, TYPES.recorder).length).to.equal(n - org.excludedIds.length);
        counts.push(ofType(run.resources, TYPES.awsProvider).length);
      } finally {
        org.cleanup();
      }
    }
    expect(counts[0]).to.be.at.most(3);
    expect(counts[1]).to.equal(counts[0]);
  });

  it("stops before any resource on a bad provider setting, naming the variable", async () => {
    const saved = process.env.AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS;
    process.env.AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS = "30s";
    try {
      const outcome = await runProgram("dev", { preview: true }).then(
        (run) => run.resources.length,
        (e: Error) => e.message,
      );
      expect(outcome).to.be.a("string").and.contain("`AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS` must be an integer from 1 to 600000 (milliseconds), got `30s`");
    } finally {
      if (saved === undefined) delete process.env.AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS;
      else process.env.AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS = saved;
    }
  });

  it("completes in preview, with outputs left unknown", async () => {
    const run = await runProgram("dev", { preview: true });
    expect(ofType(run.resources, TYPES.recorder)).to.have.length(6);
    expect(run.outputs).to.deep.equal({});
  });
});
