/**
 * Step 6 of the config pipeline: the rules that need the scope (which accounts, in which
 * regions), checked on the resolved Deployment before any resource is declared. What
 * components used to check while building lives here, so a bad stack stops with every
 * problem at once instead of at the first component that trips.
 */
import {
  complianceTopicPolicy,
  configSourceAccountIds,
  deliveryKeyPolicy,
  KMS_KEY_POLICY_MAX_BYTES,
  policyBytes,
  SNS_TOPIC_POLICY_MAX_BYTES,
} from "./configPublisherPolicies";
import { excludedAccountsIn, MAX_EXCLUDED_ACCOUNTS, type Deployment } from "./domain";
import { complianceTopicArn } from "./names";
import { accountPackRuleCollisions, renderAccountRemediationPack } from "../packs/accountPack";
import { automationRunbooksOf } from "../packs/automationRunbooks";
import { runbookNamed } from "../packs/catalog/runbooks";
import { automationPermissionsPolicy, ROLE_INLINE_POLICY_MAX_CHARACTERS, RUNBOOK_POLICY_NAME } from "../packs/remediationRole";
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
  if (deployment.ownsCentral) problems.push(...configPublisherPolicyProblems(deployment));
  problems.push(...accountRemediationPackProblems(deployment));
  return problems;
}

/**
 * The account remediation pack holds the remediated rules of every pack, built-in and template:
 * no rule name twice, and it must fit `TemplateBody` (sent inline). Its size is the same in every
 * account of the partition (only the 12-digit account id differs), so one account stands for all.
 */
function accountRemediationPackProblems(deployment: Deployment): string[] {
  const ctx = { deployment };
  const collisions = accountPackRuleCollisions(deployment.packs, ctx);
  if (collisions.length > 0) return collisions.map((p) => `stack config \`${deployment.project}:packs\`: ${p}`);
  const account = deployment.accounts[0];
  if (!account) return [];
  const problems: string[] = [];
  try {
    renderAccountRemediationPack(deployment.packs, ctx, { accountId: account.id, partition: deployment.partition, project: deployment.project });
  } catch (e) {
    problems.push(`stack config \`${deployment.project}:packs\`: ${(e as Error).message}`);
  }
  // The automation role's one inline policy; `packs[i].runbookPermissions` can make it grow.
  const { runbooks, givenPermissions } = automationRunbooksOf(ctx);
  const known = runbooks.every((r) => runbookNamed(r) || givenPermissions[r]);
  if (runbooks.length > 0 && known) {
    const characters = JSON.stringify(automationPermissionsPolicy(runbooks, deployment.partition, account.id, givenPermissions)).length;
    if (characters > ROLE_INLINE_POLICY_MAX_CHARACTERS) {
      problems.push(
        `stack config \`${deployment.project}:packs\`: the automation role's policy \`${RUNBOOK_POLICY_NAME}\` would be ${characters} characters for ${runbooks.length} runbooks; ` +
          `IAM allows ${ROLE_INLINE_POLICY_MAX_CHARACTERS} per role: turn some remediations off, or give fewer actions under \`packs[i].runbookPermissions\``,
      );
    }
  }
  return problems;
}

/**
 * The Config topic's and the delivery key's policies list every in-scope account
 * (config/configPublisherPolicies.ts): refuse a scope that would not fit SNS's or KMS's limit.
 */
function configPublisherPolicyProblems(deployment: Deployment): string[] {
  const problems: string[] = [];
  const sourceAccountIds = configSourceAccountIds(deployment);
  const accounts = `${sourceAccountIds.length} in-scope accounts`;
  const split = "split the organization into stacks with their own security account, or narrow stack config `" + deployment.project + ":accounts`";
  // The longest region name makes the largest topic ARN.
  const region = [...deployment.regions].map((r) => r.name).sort((a, b) => b.length - a.length)[0];
  if (region !== undefined) {
    const topic = policyBytes(complianceTopicPolicy({ topicArn: complianceTopicArn(deployment, region), sourceAccountIds }));
    if (topic > SNS_TOPIC_POLICY_MAX_BYTES) {
      problems.push(`the AWS Config notifications topic policy would be ${topic} bytes for ${accounts}, over SNS's ${SNS_TOPIC_POLICY_MAX_BYTES}-byte limit: ${split}`);
    }
  }
  if (deployment.delivery.encryption === "SSE-KMS") {
    const key = policyBytes(deliveryKeyPolicy({ partition: deployment.partition, accountId: deployment.logArchiveAccountId, sourceAccountIds }));
    if (key > KMS_KEY_POLICY_MAX_BYTES) {
      problems.push(`the AWS Config delivery key policy would be ${key} bytes for ${accounts}, over KMS's ${KMS_KEY_POLICY_MAX_BYTES}-byte limit: ${split}`);
    }
  }
  return problems;
}
