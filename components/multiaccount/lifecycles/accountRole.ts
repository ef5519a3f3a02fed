/**
 * `AccountRole`: an IAM role in a member account, made through the multi-account provider
 * (type `pulumi-nodejs:dynamic/multiaccount:AccountRole`), e.g. the SSM remediation
 * automation role or a custom rule's read-only role in every account. Trust and inline
 * policies update in place; a new `roleName` or `path` replaces the role.
 */
import type { CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult } from "@pulumi/pulumi/dynamic";
import {
  attachRolePolicy,
  createRole,
  decodePolicy,
  deleteRole,
  deleteRolePolicy,
  detachRolePolicy,
  getRole,
  getRolePolicy,
  listAttachedRolePolicies,
  listRolePolicies,
  putRolePolicy,
  updateAssumeRolePolicy,
  updateRoleDescription,
} from "../iamService";
import { withLimits } from "../limits";
import { canonical } from "../recorderCompare";
import type { Target } from "../session";
import { changedOrUnknown, containsUnknown } from "../unknowns";
import { checkAccountId, checkJson, checkNonEmptyString, checkRoleArn } from "../validate";
import type { AccountRoleInputs, AccountRoleOutputs } from "../resources/accountRole";

function targetOf(inputs: AccountRoleInputs, purpose: string): Target {
  return { accountId: inputs.accountId, roleArn: inputs.roleArn, externalId: inputs.externalId, purpose: `${purpose}-${inputs.roleName}` };
}

/** A policy document by meaning: whitespace and key order do not count. */
function samePolicy(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return canonical(JSON.parse(a)) === canonical(JSON.parse(b));
  } catch {
    return a === b;
  }
}

function inlineChanges(olds: AccountRoleInputs, news: AccountRoleInputs): { put: string[]; remove: string[] } {
  const before = olds.inlinePolicies ?? {};
  const after = news.inlinePolicies ?? {};
  return {
    put: Object.keys(after).filter((name) => !samePolicy(before[name], after[name])),
    remove: Object.keys(before).filter((name) => !(name in after)),
  };
}

function managedChanges(olds: AccountRoleInputs, news: AccountRoleInputs): { attach: string[]; detach: string[] } {
  const before = new Set(olds.managedPolicyArns ?? []);
  const after = new Set(news.managedPolicyArns ?? []);
  return { attach: [...after].filter((a) => !before.has(a)), detach: [...before].filter((a) => !after.has(a)) };
}

/** Remove the role with everything attached to it (IAM refuses to delete it otherwise). */
async function removeRole(target: Target, roleName: string): Promise<void> {
  if (!(await getRole(target, roleName))) return;
  for (const arn of await listAttachedRolePolicies(target, roleName)) await detachRolePolicy(target, roleName, arn);
  for (const name of await listRolePolicies(target, roleName)) await deleteRolePolicy(target, roleName, name);
  await deleteRole(target, roleName);
}

export const accountRoleProvider: ResourceProvider<AccountRoleInputs, AccountRoleOutputs> = {
  async check(_olds: AccountRoleInputs, news: AccountRoleInputs): Promise<CheckResult<AccountRoleInputs>> {
    const failures: CheckFailure[] = [];
    checkAccountId("accountId", news.accountId, failures);
    checkRoleArn("roleArn", news.roleArn, news.accountId, failures);
    checkNonEmptyString("roleName", news.roleName, failures);
    checkJson("assumeRolePolicy", news.assumeRolePolicy, failures);
    if (news.inlinePolicies && !containsUnknown(news.inlinePolicies)) {
      for (const [name, document] of Object.entries(news.inlinePolicies)) checkJson(`inlinePolicies.${name}`, document, failures);
    }
    if (news.path !== undefined && !containsUnknown(news.path) && !/^\/([\w+=,.@-]+\/)*$/.test(news.path)) {
      failures.push({ property: "path", reason: "`path` must start and end with `/`, e.g. `/aws-config-org/`" });
    }
    return { inputs: news, failures };
  },

  async diff(_id: string, olds: AccountRoleOutputs, news: AccountRoleInputs): Promise<DiffResult> {
    const replaces = (["accountId", "roleName", "path"] as const).filter((key) => changedOrUnknown(olds[key] ?? "/", news[key] ?? "/"));
    const policyUnknown = containsUnknown(news.assumeRolePolicy) || containsUnknown(news.inlinePolicies);
    const inline = policyUnknown ? { put: ["?"], remove: [] } : inlineChanges(olds, news);
    const managed = containsUnknown(news.managedPolicyArns) ? { attach: ["?"], detach: [] } : managedChanges(olds, news);
    const changes =
      replaces.length > 0 ||
      policyUnknown ||
      !samePolicy(olds.assumeRolePolicy, news.assumeRolePolicy) ||
      inline.put.length + inline.remove.length > 0 ||
      managed.attach.length + managed.detach.length > 0 ||
      changedOrUnknown(olds.description ?? "", news.description ?? "") ||
      changedOrUnknown(olds.roleArn, news.roleArn) ||
      changedOrUnknown(olds.externalId, news.externalId);
    return { changes, replaces: [...replaces], deleteBeforeReplace: replaces.length > 0 };
  },

  async create(inputs: AccountRoleInputs): Promise<CreateResult<AccountRoleOutputs>> {
    return withLimits(inputs.accountId, async () => {
      const target = targetOf(inputs, "create-role");
      const role = await createRole(target, inputs);
      try {
        for (const [name, document] of Object.entries(inputs.inlinePolicies ?? {})) await putRolePolicy(target, inputs.roleName, name, document);
        for (const arn of inputs.managedPolicyArns ?? []) await attachRolePolicy(target, inputs.roleName, arn);
      } catch (error) {
        // Leave nothing half made: the next `up` would otherwise find a role it did not create.
        await removeRole(target, inputs.roleName).catch((rollback: Error) => {
          (error as Error).message += ` (removing the half-made role also failed: ${rollback.message})`;
        });
        throw error;
      }
      const arn = role?.Arn ?? "";
      return { id: arn, outs: { ...inputs, arn, roleId: role?.RoleId ?? "" } };
    });
  },

  async read(id: string, props?: AccountRoleOutputs): Promise<ReadResult<AccountRoleOutputs>> {
    if (!props) throw new Error(`AccountRole \`${id}\` cannot be imported by id alone (the role to assume is unknown)`);
    return withLimits(props.accountId, async () => {
      const target = targetOf(props, "read-role");
      const role = await getRole(target, props.roleName);
      if (!role) return {};
      const inlinePolicies: Record<string, string> = {};
      for (const name of await listRolePolicies(target, props.roleName)) {
        const document = await getRolePolicy(target, props.roleName, name);
        if (document !== undefined) inlinePolicies[name] = document;
      }
      const managedPolicyArns = await listAttachedRolePolicies(target, props.roleName);
      return {
        id,
        props: {
          ...props,
          arn: role.Arn ?? props.arn,
          roleId: role.RoleId ?? props.roleId,
          description: role.Description ?? props.description,
          assumeRolePolicy: role.AssumeRolePolicyDocument ? decodePolicy(role.AssumeRolePolicyDocument) : props.assumeRolePolicy,
          inlinePolicies,
          managedPolicyArns,
        },
      };
    });
  },

  async update(_id: string, olds: AccountRoleOutputs, news: AccountRoleInputs): Promise<UpdateResult<AccountRoleOutputs>> {
    return withLimits(news.accountId, async () => {
      const target = targetOf(news, "update-role");
      if (!samePolicy(olds.assumeRolePolicy, news.assumeRolePolicy)) await updateAssumeRolePolicy(target, news.roleName, news.assumeRolePolicy);
      if ((olds.description ?? "") !== (news.description ?? "")) await updateRoleDescription(target, news.roleName, news.description ?? "");
      const inline = inlineChanges(olds, news);
      for (const name of inline.put) await putRolePolicy(target, news.roleName, name, (news.inlinePolicies ?? {})[name]);
      for (const name of inline.remove) await deleteRolePolicy(target, news.roleName, name);
      const managed = managedChanges(olds, news);
      for (const arn of managed.attach) await attachRolePolicy(target, news.roleName, arn);
      for (const arn of managed.detach) await detachRolePolicy(target, news.roleName, arn);
      return { outs: { ...news, arn: olds.arn, roleId: olds.roleId } };
    });
  },

  async delete(_id: string, props: AccountRoleOutputs): Promise<void> {
    await withLimits(props.accountId, () => removeRole(targetOf(props, "delete-role"), props.roleName));
  },
};
