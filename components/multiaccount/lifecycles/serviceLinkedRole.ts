/**
 * `ServiceLinkedRole`: ensures `AWSServiceRoleForConfig` exists in an account (type
 * `pulumi-nodejs:dynamic/multiaccount:ServiceLinkedRole`). Creates it when missing, adopts
 * it when present, and on delete removes only a role this stack created.
 */
import type { CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult } from "@pulumi/pulumi/dynamic";
import { createServiceLinkedRole, deleteServiceLinkedRole, getRole } from "../iamService";
import { withLimits } from "../limits";
import { isPlaceOperationError } from "../errors";
import type { Target } from "../session";
import { changedOrUnknown } from "../unknowns";
import { checkAccountId, checkRoleArn } from "../validate";
import type { ServiceLinkedRoleInputs, ServiceLinkedRoleOutputs } from "../resources/serviceLinkedRole";

export const CONFIG_SERVICE_LINKED_ROLE = "AWSServiceRoleForConfig";
const CONFIG_SERVICE = "config.amazonaws.com";

function targetOf(inputs: ServiceLinkedRoleInputs, purpose: string): Target {
  return { accountId: inputs.accountId, roleArn: inputs.roleArn, externalId: inputs.externalId, purpose };
}

/** AWS answers `InvalidInput` ("has been taken"), emulators `EntityAlreadyExists`, when the role appeared meanwhile. */
const ALREADY_THERE: readonly string[] = ["InvalidInput", "InvalidInputException", "EntityAlreadyExists", "EntityAlreadyExistsException"];

/** The role, creating it if it is missing (a concurrent creator is tolerated). */
async function ensureRole(target: Target): Promise<{ arn: string; roleName: string; created: boolean }> {
  const existing = await getRole(target, CONFIG_SERVICE_LINKED_ROLE);
  if (existing?.Arn) return { arn: existing.Arn, roleName: CONFIG_SERVICE_LINKED_ROLE, created: false };
  try {
    const role = await createServiceLinkedRole(target, CONFIG_SERVICE);
    if (!role?.Arn) throw new Error(`CreateServiceLinkedRole \`${CONFIG_SERVICE}\` returned no role in account \`${target.accountId}\``);
    return { arn: role.Arn, roleName: role.RoleName ?? CONFIG_SERVICE_LINKED_ROLE, created: true };
  } catch (error) {
    if (isPlaceOperationError(error) && ALREADY_THERE.includes(error.awsError.name)) {
      const raced = await getRole(target, CONFIG_SERVICE_LINKED_ROLE);
      if (raced?.Arn) return { arn: raced.Arn, roleName: CONFIG_SERVICE_LINKED_ROLE, created: false };
    }
    throw error;
  }
}

export const serviceLinkedRoleProvider: ResourceProvider<ServiceLinkedRoleInputs, ServiceLinkedRoleOutputs> = {
  async check(_olds: ServiceLinkedRoleInputs, news: ServiceLinkedRoleInputs): Promise<CheckResult<ServiceLinkedRoleInputs>> {
    const failures: CheckFailure[] = [];
    checkAccountId("accountId", news.accountId, failures);
    checkRoleArn("roleArn", news.roleArn, news.accountId, failures);
    return { inputs: news, failures };
  },

  async diff(_id: string, olds: ServiceLinkedRoleOutputs, news: ServiceLinkedRoleInputs): Promise<DiffResult> {
    const replaces = changedOrUnknown(olds.accountId, news.accountId) ? ["accountId"] : [];
    const changes = replaces.length > 0 || changedOrUnknown(olds.roleArn, news.roleArn) || changedOrUnknown(olds.externalId, news.externalId);
    return { changes, replaces };
  },

  async create(inputs: ServiceLinkedRoleInputs): Promise<CreateResult<ServiceLinkedRoleOutputs>> {
    return withLimits(inputs.accountId, async () => {
      const { arn, roleName, created } = await ensureRole(targetOf(inputs, "ensure-config-slr"));
      return { id: arn, outs: { ...inputs, arn, roleName, createdByThisStack: created } };
    });
  },

  async read(id: string, props?: ServiceLinkedRoleOutputs): Promise<ReadResult<ServiceLinkedRoleOutputs>> {
    if (!props) throw new Error(`ServiceLinkedRole \`${id}\` cannot be imported by id; declare it (an existing role is adopted)`);
    return withLimits(props.accountId, async () => {
      const role = await getRole(targetOf(props, "read-config-slr"), props.roleName);
      return role?.Arn ? { id, props: { ...props, arn: role.Arn } } : {};
    });
  },

  async update(_id: string, olds: ServiceLinkedRoleOutputs, news: ServiceLinkedRoleInputs): Promise<UpdateResult<ServiceLinkedRoleOutputs>> {
    // Only the way in changed (role to assume): nothing to write.
    return { outs: { ...news, arn: olds.arn, roleName: olds.roleName, createdByThisStack: olds.createdByThisStack } };
  },

  async delete(_id: string, props: ServiceLinkedRoleOutputs): Promise<void> {
    if (!props.createdByThisStack) return;
    await withLimits(props.accountId, () => deleteServiceLinkedRole(targetOf(props, "delete-config-slr"), props.roleName));
  },
};
