/**
 * `TrustedServiceAccess`: organization trusted access for the Config service principals,
 * enabled from the management account (type
 * `pulumi-nodejs:dynamic/multiaccount:TrustedServiceAccess`). Idempotent; delete leaves
 * access enabled unless this stack enabled it AND `disableOnDelete` is true (other tools
 * and the aggregator depend on it).
 */
import type { CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult } from "@pulumi/pulumi/dynamic";
import { withLimits } from "../limits";
import { disableServiceAccess, enableServiceAccess, listServiceAccess } from "../organizationsService";
import type { Target } from "../session";
import { changedOrUnknown, containsUnknown } from "../unknowns";
import { checkAccountId, checkRoleArn } from "../validate";
import type { TrustedServiceAccessInputs, TrustedServiceAccessOutputs } from "../resources/trustedServiceAccess";

export const DEFAULT_SERVICE_PRINCIPALS: readonly string[] = ["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"];

function targetOf(inputs: TrustedServiceAccessInputs, purpose: string): Target {
  return { accountId: inputs.accountId, roleArn: inputs.roleArn, externalId: inputs.externalId, purpose };
}

const principalsOf = (inputs: TrustedServiceAccessInputs): readonly string[] => inputs.servicePrincipals ?? DEFAULT_SERVICE_PRINCIPALS;

/** Enable every principal not yet enabled; returns those this call enabled. */
async function enableMissing(target: Target, principals: readonly string[]): Promise<string[]> {
  const enabled = new Set(await listServiceAccess(target));
  const missing = principals.filter((p) => !enabled.has(p));
  for (const principal of missing) await enableServiceAccess(target, principal);
  return missing;
}

export const trustedServiceAccessProvider: ResourceProvider<TrustedServiceAccessInputs, TrustedServiceAccessOutputs> = {
  async check(_olds: TrustedServiceAccessInputs, news: TrustedServiceAccessInputs): Promise<CheckResult<TrustedServiceAccessInputs>> {
    const failures: CheckFailure[] = [];
    checkAccountId("accountId", news.accountId, failures);
    checkRoleArn("roleArn", news.roleArn, news.accountId, failures);
    const principals = news.servicePrincipals;
    if (
      principals !== undefined &&
      !containsUnknown(principals) &&
      (!Array.isArray(principals) || principals.some((p) => !/^[a-z0-9.-]+\.amazonaws\.com$/.test(p)))
    ) {
      failures.push({ property: "servicePrincipals", reason: "`servicePrincipals` must be service principals such as `config.amazonaws.com`" });
    }
    return { inputs: news, failures };
  },

  async diff(_id: string, olds: TrustedServiceAccessOutputs, news: TrustedServiceAccessInputs): Promise<DiffResult> {
    const replaces = changedOrUnknown(olds.accountId, news.accountId) ? ["accountId"] : [];
    const changes =
      replaces.length > 0 ||
      changedOrUnknown([...principalsOf(olds)].sort(), containsUnknown(news.servicePrincipals) ? news.servicePrincipals : [...principalsOf(news)].sort()) ||
      changedOrUnknown(Boolean(olds.disableOnDelete), containsUnknown(news.disableOnDelete) ? news.disableOnDelete : Boolean(news.disableOnDelete)) ||
      changedOrUnknown(olds.roleArn, news.roleArn) ||
      changedOrUnknown(olds.externalId, news.externalId);
    return { changes, replaces };
  },

  async create(inputs: TrustedServiceAccessInputs): Promise<CreateResult<TrustedServiceAccessOutputs>> {
    return withLimits(inputs.accountId, async () => {
      const enabledByThisStack = await enableMissing(targetOf(inputs, "enable-trusted-access"), principalsOf(inputs));
      return { id: `${inputs.accountId}/trusted-access`, outs: { ...inputs, enabledByThisStack } };
    });
  },

  async read(id: string, props?: TrustedServiceAccessOutputs): Promise<ReadResult<TrustedServiceAccessOutputs>> {
    if (!props) throw new Error(`TrustedServiceAccess \`${id}\` cannot be imported by id; declare it (it is idempotent)`);
    return withLimits(props.accountId, async () => {
      const enabled = new Set(await listServiceAccess(targetOf(props, "read-trusted-access")));
      // Principals disabled out of band show up as a change on the next `up`, which enables them again.
      return { id, props: { ...props, servicePrincipals: principalsOf(props).filter((p) => enabled.has(p)) } };
    });
  },

  async update(_id: string, olds: TrustedServiceAccessOutputs, news: TrustedServiceAccessInputs): Promise<UpdateResult<TrustedServiceAccessOutputs>> {
    return withLimits(news.accountId, async () => {
      const target = targetOf(news, "update-trusted-access");
      const wanted = principalsOf(news);
      const newlyEnabled = await enableMissing(target, wanted);
      let ours = [...new Set([...olds.enabledByThisStack, ...newlyEnabled])];
      if (news.disableOnDelete) {
        for (const principal of ours.filter((p) => !wanted.includes(p))) await disableServiceAccess(target, principal);
        ours = ours.filter((p) => wanted.includes(p));
      }
      return { outs: { ...news, enabledByThisStack: ours } };
    });
  },

  async delete(_id: string, props: TrustedServiceAccessOutputs): Promise<void> {
    if (!props.disableOnDelete || props.enabledByThisStack.length === 0) return;
    await withLimits(props.accountId, async () => {
      const target = targetOf(props, "disable-trusted-access");
      for (const principal of props.enabledByThisStack) await disableServiceAccess(target, principal);
    });
  },
};
