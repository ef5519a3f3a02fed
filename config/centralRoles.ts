/**
 * Which account runs the organization layer (aggregator, organization conformance packs,
 * notifications). Normally a member account registered as delegated administrator for Config;
 * in a one-account pilot (`securityAccountId` equal to `managementAccountId`) the management
 * account runs it itself: AWS registers only a member account as a delegated administrator
 * (Organizations RegisterDelegatedAdministrator), and the management account may create the
 * organization aggregator and organization conformance packs without one
 * (docs/aws-constraints.md, "IAM, STS and Organizations").
 */
import type { Deployment } from "./domain";

/** True when the management account is also the security account, so nothing is registered as delegated administrator. */
export function managementActsAsAdministrator(d: Pick<Deployment, "managementAccountId" | "securityAccountId">): boolean {
  return d.securityAccountId === d.managementAccountId;
}

/** The plan's and preflight's sentence for a one-account stack. */
export function managementAsAdministratorNote(managementAccountId: string): string {
  return (
    `The management account ${managementAccountId} acts as the Config administrator (\`securityAccountId\` equals \`managementAccountId\`): ` +
    "it creates the aggregator and organization conformance packs itself, and no delegated administrator is registered, because AWS registers only a member account as one (Organizations RegisterDelegatedAdministrator)"
  );
}

/** What a stack too small for a separate security account is told: the one-account pilot. */
export const SMALLEST_PILOT =
  "The smallest pilot is one account: set `securityAccountId` to `managementAccountId` (the log archive defaults to it) and the management account runs the organization layer itself; examples/pilot/Pulumi.pilot.yaml and examples/pilot/pilot.yaml are a stack file and inventory to copy";
