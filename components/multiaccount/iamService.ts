/**
 * IAM calls in one account (IAM is global: the partition's first region), each mapped to a
 * typed error naming the account and the fix.
 */
import type { IAMClient, Role } from "@aws-sdk/client-iam";
import { callWith } from "./awsClients";
import { awsErrorName, placeError, type Hints } from "./awsErrors";
import { undefinedWhen } from "./errors";
import { globalServiceRegion, type Target } from "./session";

const sdk = () => require("@aws-sdk/client-iam") as typeof import("@aws-sdk/client-iam");

const COMMON_HINTS: Hints = {
  LimitExceeded: "An IAM quota is reached in that account; clean up unused roles or policies",
  MalformedPolicyDocument: "Fix the policy JSON (the AWS error above names the problem)",
};

async function call<T>(target: Target, operation: string, send: (client: IAMClient) => Promise<T>, hints: Hints = {}): Promise<T> {
  try {
    return await callWith("iam", sdk().IAMClient, target, globalServiceRegion(target), send);
  } catch (error) {
    throw placeError(operation, target.accountId, undefined, error, { ...COMMON_HINTS, ...hints }, target.roleArn);
  }
}

/** Whether `error` (typed or raw) is IAM's "no such entity". */
export function isNoSuchEntity(error: unknown): boolean {
  const aws = (error as { awsError?: { name?: string } }).awsError;
  return (aws?.name ?? awsErrorName(error)) === "NoSuchEntity" || (aws?.name ?? awsErrorName(error)) === "NoSuchEntityException";
}

function orUndefinedIfMissing<T>(operation: () => Promise<T>): Promise<T | undefined> {
  return undefinedWhen(isNoSuchEntity, operation);
}

/** The role, or undefined when it does not exist. */
export async function getRole(target: Target, roleName: string): Promise<Role | undefined> {
  const c = sdk();
  return orUndefinedIfMissing(
    async () => (await call(target, `GetRole \`${roleName}\``, (client) => client.send(new c.GetRoleCommand({ RoleName: roleName })))).Role,
  );
}

export async function createServiceLinkedRole(target: Target, serviceName: string): Promise<Role | undefined> {
  const c = sdk();
  const out = await call(target, `CreateServiceLinkedRole \`${serviceName}\``, (client) =>
    client.send(new c.CreateServiceLinkedRoleCommand({ AWSServiceName: serviceName })),
  );
  return out.Role;
}

/** Starts the deletion (IAM finishes it asynchronously); a role already gone is fine. */
export async function deleteServiceLinkedRole(target: Target, roleName: string): Promise<void> {
  const c = sdk();
  await orUndefinedIfMissing(() =>
    call(target, `DeleteServiceLinkedRole \`${roleName}\``, (client) => client.send(new c.DeleteServiceLinkedRoleCommand({ RoleName: roleName }))),
  );
}

export interface RoleDefinition {
  readonly roleName: string;
  readonly path?: string;
  readonly description?: string;
  readonly assumeRolePolicy: string;
}

export async function createRole(target: Target, role: RoleDefinition): Promise<Role | undefined> {
  const c = sdk();
  const out = await call(
    target,
    `CreateRole \`${role.roleName}\``,
    (client) =>
      client.send(
        new c.CreateRoleCommand({
          RoleName: role.roleName,
          Path: role.path,
          Description: role.description,
          AssumeRolePolicyDocument: role.assumeRolePolicy,
        }),
      ),
    {
      EntityAlreadyExists: `Role \`${role.roleName}\` already exists in account \`${target.accountId}\` and this stack did not create it: delete or rename it, or choose another \`roleName\``,
    },
  );
  return out.Role;
}

export async function updateAssumeRolePolicy(target: Target, roleName: string, policy: string): Promise<void> {
  const c = sdk();
  await call(target, `UpdateAssumeRolePolicy \`${roleName}\``, (client) =>
    client.send(new c.UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: policy })),
  );
}

export async function updateRoleDescription(target: Target, roleName: string, description: string): Promise<void> {
  const c = sdk();
  await call(target, `UpdateRole \`${roleName}\``, (client) => client.send(new c.UpdateRoleCommand({ RoleName: roleName, Description: description })));
}

export async function putRolePolicy(target: Target, roleName: string, policyName: string, document: string): Promise<void> {
  const c = sdk();
  await call(target, `PutRolePolicy \`${roleName}/${policyName}\``, (client) =>
    client.send(new c.PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document })),
  );
}

export async function deleteRolePolicy(target: Target, roleName: string, policyName: string): Promise<void> {
  const c = sdk();
  await orUndefinedIfMissing(() =>
    call(target, `DeleteRolePolicy \`${roleName}/${policyName}\``, (client) =>
      client.send(new c.DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
    ),
  );
}

export async function attachRolePolicy(target: Target, roleName: string, policyArn: string): Promise<void> {
  const c = sdk();
  await call(target, `AttachRolePolicy \`${roleName}\` \`${policyArn}\``, (client) =>
    client.send(new c.AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })),
  );
}

export async function detachRolePolicy(target: Target, roleName: string, policyArn: string): Promise<void> {
  const c = sdk();
  await orUndefinedIfMissing(() =>
    call(target, `DetachRolePolicy \`${roleName}\` \`${policyArn}\``, (client) =>
      client.send(new c.DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })),
    ),
  );
}

/** Inline policy names of a role (all pages). */
export async function listRolePolicies(target: Target, roleName: string): Promise<string[]> {
  const c = sdk();
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const out = await call(target, `ListRolePolicies \`${roleName}\``, (client) =>
      client.send(new c.ListRolePoliciesCommand({ RoleName: roleName, Marker: marker })),
    );
    names.push(...(out.PolicyNames ?? []));
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return names;
}

/** An inline policy's document, URL-decoded as IAM returns it encoded. */
export async function getRolePolicy(target: Target, roleName: string, policyName: string): Promise<string | undefined> {
  const c = sdk();
  const out = await call(target, `GetRolePolicy \`${roleName}/${policyName}\``, (client) =>
    client.send(new c.GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
  );
  return out.PolicyDocument === undefined ? undefined : decodePolicy(out.PolicyDocument);
}

/** Managed policy ARNs attached to a role (all pages). */
export async function listAttachedRolePolicies(target: Target, roleName: string): Promise<string[]> {
  const c = sdk();
  const arns: string[] = [];
  let marker: string | undefined;
  do {
    const out = await call(target, `ListAttachedRolePolicies \`${roleName}\``, (client) =>
      client.send(new c.ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker })),
    );
    arns.push(...(out.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])));
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return arns;
}

/** Delete a role; one already gone is fine. Policies must be removed first. */
export async function deleteRole(target: Target, roleName: string): Promise<void> {
  const c = sdk();
  await orUndefinedIfMissing(() =>
    call(target, `DeleteRole \`${roleName}\``, (client) => client.send(new c.DeleteRoleCommand({ RoleName: roleName })), {
      DeleteConflict: `Role \`${roleName}\` still has policies or instance profiles attached that this stack does not manage; remove them`,
    }),
  );
}

/** IAM returns policy documents URL-encoded. */
export function decodePolicy(document: string): string {
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}
