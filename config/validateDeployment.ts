/**
 * Step 6 of the config pipeline: the rules that need the scope (which accounts, in which
 * regions), checked on the resolved Deployment before any resource is declared. What
 * components used to check while building lives here, so a bad stack stops with every
 * problem at once instead of at the first component that trips.
 */
import { excludedAccountsIn, MAX_EXCLUDED_ACCOUNTS, type Deployment } from "./domain";
import { exemptRoleNamesOf, tamperProtectionScpProblems } from "./tamperProtectionScp";

export function validateDeployment(deployment: Deployment): string[] {
  const problems: string[] = [];
  if (deployment.ownsCentral && (deployment.packs.length > 0 || deployment.approvedImages)) {
    for (const region of deployment.regions) {
      const excluded = excludedAccountsIn(deployment, region.name).length;
      if (excluded > MAX_EXCLUDED_ACCOUNTS) {
        problems.push(
          `organization packs and rules in \`${region.name}\` would exclude ${excluded} accounts (excluded, or not governed there); AWS allows ${MAX_EXCLUDED_ACCOUNTS}: ` +
            `govern \`${region.name}\` in more accounts or drop it from stack config \`${deployment.project}:regions\``,
        );
      }
    }
  }
  if (deployment.ownsCentral && deployment.tamperProtection.enabled) {
    const scp = { partition: deployment.partition, exemptRoleNames: exemptRoleNamesOf(deployment) };
    problems.push(...tamperProtectionScpProblems(scp).map((p) => `stack config \`${deployment.project}:tamperProtection\`: ${p}`));
  }
  return problems;
}
