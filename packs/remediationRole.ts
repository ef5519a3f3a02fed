/**
 * The SSM automation role remediation runs as, in every member account: its
 * name (the pack templates point at it), its trust policy and its
 * least-privilege permissions, computed from the runbooks actually selected.
 * Pure; components/central/remediation.ts creates the role in each account.
 */
import { runbookNamed } from "./catalog/runbooks";
import { roleArn, type Partition } from "../aws/arns";
import type { PolicyDocument } from "../aws/policyDocument";

/** Name and path of the automation role; the same in every account. */
export interface AutomationRole {
  readonly name: string;
  /** IAM path, `/…/`. */
  readonly path: string;
}

/** IAM role names: at most 64 characters of `[\w+=,.@-]`. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The inline policy's name on the role. */
export const RUNBOOK_POLICY_NAME = "remediation-runbooks";

/** IAM: a role's inline policies together hold at most 10,240 characters, white space not counted (IAM quotas). */
export const ROLE_INLINE_POLICY_MAX_CHARACTERS = 10_240;

export function automationRole(project: string): AutomationRole {
  const name = `${project}-remediation`;
  if (!ROLE_NAME.test(name)) {
    throw new Error(
      `automation role name \`${name}\` (from the project name \`${project}\`) is not a valid IAM role name: at most 64 characters of letters, digits and \`+=,.@_-\`; shorten the project name`,
    );
  }
  return { name, path: `/${project}/` };
}

/**
 * The role's literal ARN in one account: AWS Config takes `AutomationAssumeRole` only as
 * an exact ARN string, no intrinsic functions
 * (https://docs.aws.amazon.com/config/latest/developerguide/cpack-prerequisites.html),
 * so each account's remediation pack names its own account's role.
 */
export function automationRoleArn(role: AutomationRole, partition: Partition, accountId: string): string {
  return roleArn(partition, accountId, `${role.path.slice(1)}${role.name}`);
}

/** Trust: SSM Automation, for executions in this account only (confused-deputy guard). */
export function automationTrustPolicy(partition: Partition, accountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SsmAutomationInThisAccount",
        Effect: "Allow",
        Principal: { Service: "ssm.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:${partition}:ssm:*:${accountId}:automation-execution/*` },
        },
      },
    ],
  };
}

/**
 * Actions stack config gives for a runbook the catalog does not know
 * (`packs[i].runbookPermissions`, template packs only), by SSM document name.
 * Granted on every resource (`*`): the user read them from the runbook and chose them.
 */
export type GivenRunbookPermissions = Readonly<Record<string, readonly string[]>>;

/**
 * Only what the selected runbooks need: the SSM automation basics, scoped to
 * those documents and this account's executions, then one statement per
 * runbook with the actions its page lists (or, for a runbook the catalog does
 * not know, the actions stack config gives). Throws on a runbook neither
 * knows (config validation refuses it first, naming the pack and the rule).
 */
export function automationPermissionsPolicy(
  runbookDocuments: readonly string[],
  partition: Partition,
  accountId: string,
  given: GivenRunbookPermissions = {},
): PolicyDocument {
  const documents = [...new Set(runbookDocuments)].sort();
  if (documents.length === 0) {
    throw new Error("automationPermissionsPolicy: no runbook selected; create no automation role instead");
  }
  const fill = (resource: string) => resource.replace(/\{partition\}/g, partition).replace(/\{accountId\}/g, accountId);
  const perRunbook = documents.flatMap((document) => {
    const runbook = runbookNamed(document);
    const actions = given[document];
    if (!runbook && actions) return [{ Sid: `${sidOf(document)}Given`, Effect: "Allow", Action: [...actions], Resource: ["*"] }];
    if (!runbook)
      throw new Error(
        `runbook \`${document}\` is not in packs/catalog/runbooks.ts: add it with its permissions, or give them in stack config \`packs[i].runbookPermissions\``,
      );
    return runbook.permissions.map((permission, i) => ({
      Sid: `${sidOf(document)}${runbook.permissions.length > 1 ? i + 1 : ""}`,
      Effect: "Allow",
      Action: [...permission.actions],
      Resource: permission.resources.map(fill),
    }));
  });
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "StartSelectedRunbooks",
        Effect: "Allow",
        Action: ["ssm:StartAutomationExecution"],
        Resource: documents.map((d) => `arn:${partition}:ssm:*:*:automation-definition/${d}:*`),
      },
      {
        Sid: "ReadOwnExecutions",
        Effect: "Allow",
        Action: ["ssm:GetAutomationExecution"],
        Resource: [`arn:${partition}:ssm:*:${accountId}:automation-execution/*`],
      },
      ...perRunbook,
    ],
  };
}

/** Statement ids: alphanumeric only; the runbook name without its owner prefix. */
function sidOf(document: string): string {
  return document.replace(/^(AWSConfigRemediation|AWS)-/, "").replace(/[^A-Za-z0-9]/g, "");
}
