/**
 * The hand-built Deployment of the pack, remediation, notification and
 * custom-rule tests, from the shared builders of tests/commands/fixtures.ts:
 * two governed regions; management (moto's caller account, no role),
 * security, log archive and one workload account with its own external id;
 * one excluded account.
 */
import type { Deployment } from "../../config/domain";
import { account, deployment } from "../commands/fixtures";
import { roleArn } from "../../aws/arns";

export { EU_WEST_1, US_EAST_1 } from "../commands/fixtures";

const ROLE = "AwsConfigOrgDeployment";

export function testDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return deployment(
    [
      account("123456789012", "management"),
      account("222222222222", "security", { functions: ["security"], access: { roleName: ROLE, roleArn: roleArn("aws", "222222222222", ROLE) } }),
      account("333333333333", "log-archive", { functions: ["log-archive"], access: { roleName: ROLE, roleArn: roleArn("aws", "333333333333", ROLE) } }),
      account("444444444444", "workload", { access: { roleName: ROLE, roleArn: roleArn("aws", "444444444444", ROLE), externalId: "ext-444" } }),
    ],
    {
      organizationId: "o-abcd123456",
      logArchiveAccountId: "333333333333",
      deploymentRoleName: ROLE,
      excluded: [{ id: "555555555555", name: "sandbox", reason: "no Config by design" }],
      ...overrides,
    },
  );
}
