/**
 * Step 6 of the config pipeline: the rules that need the scope (which accounts, in which
 * regions), checked on the resolved Deployment before any resource is declared. What
 * components used to check while building lives here, so a bad stack stops with every
 * problem at once instead of at the first component that trips.
 */
import {
  complianceTopicPolicy,
  configSourceAccountIds,
  deliveryBucketPolicy,
  deliveryKeyPolicy,
  KMS_KEY_POLICY_MAX_BYTES,
  policyBytes,
  S3_BUCKET_POLICY_MAX_BYTES,
  SNS_TOPIC_POLICY_MAX_BYTES,
} from "./configPublisherPolicies";
import { excludedAccountsIn, MAX_EXCLUDED_ACCOUNTS, type Deployment } from "./domain";
import { complianceTopicArn } from "./names";
import { runbookNamed } from "../packs/catalog/runbooks";
import type { PackPlan } from "../packs/packPlan";
import { automationPermissionsPolicy, ROLE_INLINE_POLICY_MAX_CHARACTERS, RUNBOOK_POLICY_NAME } from "../packs/remediationRole";
import { exemptRoleNamesOf, tamperProtectionScpProblems } from "./tamperProtectionScp";
import { targetLimitProblems } from "./packTargets";

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
  problems.push(...targetLimitProblems(deployment));
  if (deployment.ownsCentral && deployment.tamperProtection.enabled) {
    const scp = { partition: deployment.partition, exemptRoleNames: exemptRoleNamesOf(deployment) };
    problems.push(...tamperProtectionScpProblems(scp).map((p) => `stack config \`${deployment.project}:tamperProtection\`: ${p}`));
  }
  if (deployment.ownsCentral) problems.push(...configPublisherPolicyProblems(deployment));
  problems.push(...aggregatorCapacityProblems(deployment));
  const packProblems = packPlanProblems(deployment);
  problems.push(...packProblems);
  // Counting needs packs that render: a pack problem above is reported instead.
  if (packProblems.length === 0) problems.push(...configQuotaProblems(deployment, deployment.packPlan));
  return problems;
}

/** AWS Config quotas none of them can raise (docs/aws-constraints.md, Conformance packs). */
export const CONFIG_QUOTAS = {
  /** Config rules per account per Region, conformance pack rules included. */
  rulesPerAccountRegion: 1000,
  /** Conformance packs per account (an organization pack is one in each member account). */
  packsPerAccount: 50,
  /** Organization conformance packs per organization. */
  organizationPacks: 50,
  /** Accounts one organization aggregator covers. */
  aggregatorAccounts: 10_000,
  /** Accounts added to or removed from aggregators per week (preflight warns beyond it). */
  aggregatorAccountChangesPerWeek: 1_000,
} as const;

/** The accounts the organization aggregator covers: every one in scope or excluded. */
export function aggregatorAccountCount(deployment: Pick<Deployment, "scope" | "excluded">): number {
  return new Set([...deployment.scope.map((a) => a.id), ...deployment.excluded.map((a) => a.id)]).size;
}

/**
 * The organization aggregator covers every account of the organization, those the inventory
 * excludes from Config included: more than AWS's 10,000 is refused.
 */
export function aggregatorCapacityProblems(deployment: Pick<Deployment, "project" | "ownsCentral" | "scope" | "excluded">): string[] {
  if (!deployment.ownsCentral) return [];
  const accounts = aggregatorAccountCount(deployment);
  if (accounts <= CONFIG_QUOTAS.aggregatorAccounts) return [];
  return [
    `stack config \`${deployment.project}:accounts\`: the organization aggregator would cover ${accounts} accounts (in scope and excluded); ` +
      `AWS Config aggregates at most ${CONFIG_QUOTAS.aggregatorAccounts.toLocaleString("en-US")} accounts per aggregator: this organization is beyond what one aggregator can show`,
  ];
}

/**
 * What this stack alone puts in each account × Region against Config's quotas: the
 * organization packs' rules there, the account's remediation pack, the approved-images
 * organization rule. Rules and packs the accounts already have count too, so this is a floor.
 */
function configQuotaProblems(deployment: Deployment, plan: PackPlan): string[] {
  const problems: string[] = [];
  const packsKey = `stack config \`${deployment.project}:packs\``;
  const organizationPacks = deployment.packs.length + deployment.templatePacks.length;
  if (organizationPacks > CONFIG_QUOTAS.organizationPacks) {
    problems.push(
      `${packsKey} declares ${organizationPacks} organization conformance packs; AWS allows ${CONFIG_QUOTAS.organizationPacks} per organization: merge or drop packs`,
    );
  }
  for (const [region, packsThere] of Object.entries(plan.organizationPacks)) {
    const organization = packsThere.filter((p) => !p.empty);
    const remediation = plan.accountRemediation?.byRegion[region];
    const remediationRules = remediation && !remediation.empty ? remediation.ruleCount : 0;
    const rules = organization.reduce((n, p) => n + p.ruleCount, 0) + remediationRules + (deployment.approvedImages ? 1 : 0);
    if (rules > CONFIG_QUOTAS.rulesPerAccountRegion) {
      problems.push(
        `${packsKey} would put ${rules} Config rules in every account in \`${region}\` (${organization.map((p) => `${p.name} ${p.ruleCount}`).join(", ")}${remediationRules > 0 ? `, remediation pack ${remediationRules}` : ""}); ` +
          `AWS allows ${CONFIG_QUOTAS.rulesPerAccountRegion} per account and Region, pack rules included: drop packs, or rules AWS's samples repeat across packs`,
      );
    }
    const packs = organization.length + (remediationRules > 0 ? 1 : 0);
    if (packs > CONFIG_QUOTAS.packsPerAccount) {
      problems.push(
        `${packsKey} would put ${packs} conformance packs in every account in \`${region}\`; AWS allows ${CONFIG_QUOTAS.packsPerAccount} per account: merge or drop packs`,
      );
    }
  }
  return problems;
}

/**
 * What the pack plan could not plan (a pack over a size limit, two packs claiming one rule name
 * in the account remediation pack), and the automation role's one inline policy, which `packs[i].runbookPermissions` can make grow. The
 * remediation pack and the policy are the same size in every account of the partition (only
 * the 12-digit account id differs), so one account stands for all.
 */
function packPlanProblems(deployment: Deployment): string[] {
  const plan = deployment.packPlan;
  const key = `stack config \`${deployment.project}:packs`;
  const problems = plan.problems.map((p) => `${key}\`: ${p}`);
  const account = deployment.accounts[0];
  if (!account) return problems;
  const { runbooks, givenPermissions } = plan.automation;
  const known = runbooks.every((r) => runbookNamed(r) || givenPermissions[r]);
  if (runbooks.length > 0 && known) {
    const characters = JSON.stringify(automationPermissionsPolicy(runbooks, deployment.partition, account.id, givenPermissions)).length;
    if (characters > ROLE_INLINE_POLICY_MAX_CHARACTERS) {
      problems.push(
        `${key}\`: the automation role's policy \`${RUNBOOK_POLICY_NAME}\` would be ${characters} characters for ${runbooks.length} runbooks; ` +
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
      problems.push(
        `the AWS Config notifications topic policy would be ${topic} bytes for ${accounts}, over SNS's ${SNS_TOPIC_POLICY_MAX_BYTES}-byte limit: ${split}`,
      );
    }
  }
  if (deployment.delivery.sourceCondition === "accounts") {
    const bucket = policyBytes(
      deliveryBucketPolicy({
        partition: deployment.partition,
        bucketName: deployment.delivery.bucketName,
        organizationId: deployment.organizationId,
        sourceCondition: "accounts",
        sourceAccountIds,
        ...(deployment.delivery.keyPrefix ? { keyPrefix: deployment.delivery.keyPrefix } : {}),
      }),
    );
    if (bucket > S3_BUCKET_POLICY_MAX_BYTES) {
      problems.push(
        `stack config \`${deployment.project}:delivery.sourceCondition\` is \`accounts\`: the delivery bucket policy would be ${bucket} bytes for ${accounts}, ` +
          `over S3's ${S3_BUCKET_POLICY_MAX_BYTES}-byte limit: use \`organization\` (aws:SourceOrgID), or ${split}`,
      );
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
