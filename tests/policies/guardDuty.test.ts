import { expect } from "chai";

import { guarddutyOrganizationAdministered, guardDutyPolicies } from "../../policies/policies";
import type { PlannedResource } from "../../policies/evaluate";
import type { DeploymentDescription } from "../../policies/config";
import { describeDeployment } from "../../offline/policyVerdict";
import { runProgram } from "../helpers/program";
import { expectExactly, expectNoViolations, mutate, remove, verdict } from "./harness";

const DETECTOR = "aws:guardduty/detector:Detector";
const ADMIN = "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount";
const ORGANIZATION = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const POLICY = "guardduty-organization-administered";
const inRegion = (type: string, region: string) => (r: PlannedResource) => r.type === type && r.inputs.region === region;
const ofAnyGuardDutyType = (r: PlannedResource) => [DETECTOR, ADMIN, ORGANIZATION].includes(r.type);

describe("policies: GuardDuty", () => {
  let on: PlannedResource[];
  let off: PlannedResource[];
  let description: DeploymentDescription;
  let offDescription: DeploymentDescription;
  before(async () => {
    // The real program's dev stack (us-east-1, eu-west-1) with GuardDuty on, and as it is by default.
    const run = await runProgram("dev", { config: { "aws-config-org:guardDuty": { enabled: true, features: ["S3_DATA_EVENTS"] } } });
    on = [...run.resources];
    description = describeDeployment(run.deployment);
    const offRun = await runProgram("dev");
    off = [...offRun.resources];
    offDescription = describeDeployment(offRun.deployment);
  });
  const run = (resources: readonly PlannedResource[], d = description) => verdict(resources, d, guardDutyPolicies);

  it("passes the program's GuardDuty in every region, and a stack with GuardDuty off", () => {
    expectNoViolations(run(on));
    expectNoViolations(run(off, offDescription));
  });

  it("catches GuardDuty missing in one region (the detector, designation and organization configuration of eu-west-1 removed)", () => {
    const resources = remove(on, (r) => ofAnyGuardDutyType(r) && r.inputs.region === "eu-west-1");
    const violations = run(resources);
    expect(
      violations.map((v) => v.message).every((m) => m.startsWith("GuardDuty in `eu-west-1`")),
      JSON.stringify(violations),
    ).to.equal(true);
    expectExactly(
      violations.filter((v) => v.message.includes("has no delegated administrator")),
      { policy: POLICY, mentions: ["222222222222", "111111111111"] },
    );
    expectExactly(
      violations.filter((v) => v.message.includes("has no enabled detector")),
      { policy: POLICY, mentions: ["222222222222"] },
    );
    expectExactly(
      violations.filter((v) => v.message.includes("does not auto-enable")),
      { policy: POLICY, mentions: ["`ALL`", "none is declared"] },
    );
    expectExactly(run(remove(on, inRegion(DETECTOR, "us-east-1"))), { policy: POLICY, mentions: ["`us-east-1`", "no enabled detector"] });
  });

  it("catches auto-enable off: NEW (existing accounts uncovered) or NONE", () => {
    for (const setting of ["NEW", "NONE"]) {
      const resources = mutate(on, inRegion(ORGANIZATION, "eu-west-1"), (i) => (i.autoEnableOrganizationMembers = setting));
      expectExactly(run(resources), { policy: POLICY, mentions: ["`eu-west-1`", `\`${setting}\``, "`ALL`"], urn: "guardduty-organization-eu-west-1" });
    }
  });

  it("catches a designation of another account, and a disabled detector", () => {
    const elsewhere = mutate(on, inRegion(ADMIN, "us-east-1"), (i) => (i.adminAccountId = "333333333333"));
    expectExactly(run(elsewhere), { policy: POLICY, mentions: ["`us-east-1`", "names 333333333333"] });
    const disabled = mutate(on, inRegion(DETECTOR, "eu-west-1"), (i) => (i.enable = false));
    expectExactly(run(disabled), { policy: POLICY, mentions: ["`eu-west-1`", "no enabled detector"] });
  });

  it("catches GuardDuty turned on in config but declared nowhere: every governed region is named", () => {
    const violations = run(off, { ...offDescription, guardDuty: true });
    expect(violations, JSON.stringify(violations)).to.have.length(6);
    for (const region of ["us-east-1", "eu-west-1"]) {
      for (const problem of ["has no delegated administrator", "has no enabled detector", "does not auto-enable"]) {
        expectExactly(
          violations.filter((v) => v.message.startsWith(`GuardDuty in \`${region}\` ${problem}`)),
          { policy: POLICY, mentions: [problem] },
        );
      }
    }
  });

  it("refuses GuardDuty in a shard that does not own the central resources", () => {
    const violations = verdict(on, { ...description, shard: { name: "hash 2/2", ownsCentral: false } }, [guarddutyOrganizationAdministered]);
    expectExactly(
      violations.filter((v) => v.message.includes("guardduty-detector-us-east-1")),
      { policy: POLICY, mentions: ["`hash 2/2`"] },
    );
  });
});
