/**
 * `AccountConformancePack` lifecycle: `PutConformancePack` is create-or-update, so create
 * and update are the same call; create first looks for a pack of that name and reports
 * when it took one over. Limits checked here come from the API reference of
 * `PutConformancePack` (https://docs.aws.amazon.com/config/latest/APIReference/API_PutConformancePack.html).
 *
 * `PutConformancePack` answers before AWS has deployed the pack: the outcome comes later in
 * `DescribeConformancePackStatus` (`CREATE_IN_PROGRESS`, then `CREATE_COMPLETE` or
 * `CREATE_FAILED` with `ConformancePackStatusReason`; an update shows as a create;
 * https://docs.aws.amazon.com/config/latest/APIReference/API_ConformancePackStatusDetail.html).
 * Create and update wait for a final state, at most `PACK_WAIT.timeoutMs`, and fail with AWS's
 * reason, naming the account and region, or with the state it was stuck in.
 */
import { createHash } from "crypto";

import type { CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult } from "@pulumi/pulumi/dynamic";
import {
  type ConformancePackStatus,
  deleteConformancePack,
  describeConformancePack,
  describeConformancePackStatus,
  putConformancePack,
  type RegionalTarget,
} from "../configService";
import { placeOperationError } from "../errors";
import { withLimits } from "../limits";
import { canonical } from "../recorderCompare";
import type { AccountConformancePackInputs, AccountConformancePackOutputs } from "../resources/accountConformancePack";
import { changedOrUnknown, containsUnknown } from "../unknowns";
import { templateRuleNames } from "../../../policies/templateRules";
import { checkAccountId, checkRegion, checkRoleArn } from "../validate";

/** `ConformancePackName`: 1-256 characters, a letter then letters, digits and hyphens. */
const PACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,255}$/;
/** `TemplateBody` inline: 1 to 51,200 bytes (larger templates need `TemplateS3Uri`). */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;
const MAX_PARAMETERS = 60;
const MAX_PARAMETER_NAME = 255;
const MAX_PARAMETER_VALUE = 4096;

/** Where a pack is: what its inputs and its outputs both hold. */
type PackPlace = Pick<AccountConformancePackInputs, "accountId" | "region" | "roleArn" | "externalId" | "conformancePackName">;

function placeOf(inputs: PackPlace, purpose: string): RegionalTarget {
  return {
    target: { accountId: inputs.accountId, roleArn: inputs.roleArn, externalId: inputs.externalId, purpose: `${purpose}-${inputs.conformancePackName}` },
    region: inputs.region,
  };
}

function idOf(inputs: AccountConformancePackInputs): string {
  return `${inputs.accountId}/${inputs.region}/${inputs.conformancePackName}`;
}

function checkParameters(value: unknown, failures: CheckFailure[]): void {
  if (value === undefined || containsUnknown(value)) return;
  const property = "conformancePackInputParameters";
  if (!Array.isArray(value)) {
    failures.push({ property, reason: `\`${property}\` must be a list of { ParameterName, ParameterValue }` });
    return;
  }
  if (value.length > MAX_PARAMETERS) failures.push({ property, reason: `\`${property}\` has ${value.length} entries; AWS accepts at most ${MAX_PARAMETERS}` });
  value.forEach((entry: { ParameterName?: unknown; ParameterValue?: unknown }, index) => {
    const at = `${property}[${index}]`;
    if (typeof entry?.ParameterName !== "string" || entry.ParameterName.length > MAX_PARAMETER_NAME) {
      failures.push({ property: at, reason: `\`${at}.ParameterName\` must be a string of at most ${MAX_PARAMETER_NAME} characters` });
    }
    if (typeof entry?.ParameterValue !== "string" || entry.ParameterValue.length > MAX_PARAMETER_VALUE) {
      failures.push({ property: at, reason: `\`${at}.ParameterValue\` must be a string of at most ${MAX_PARAMETER_VALUE} characters` });
    }
  });
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The hash of the body the pack was last put with; state written before the hash kept the body. */
function storedBodyHash(olds: AccountConformancePackOutputs): string | undefined {
  if (typeof olds.templateBodySha256 === "string") return olds.templateBodySha256;
  return typeof olds.templateBody === "string" ? sha256(olds.templateBody) : undefined;
}

/** Inputs that the pack itself holds: changing them is one `PutConformancePack`. */
function bodyChanged(olds: AccountConformancePackOutputs, news: AccountConformancePackInputs): boolean {
  return (
    containsUnknown(news.templateBody) ||
    storedBodyHash(olds) !== sha256(news.templateBody) ||
    containsUnknown(news.conformancePackInputParameters) ||
    canonical(olds.conformancePackInputParameters ?? []) !== canonical(news.conformancePackInputParameters ?? [])
  );
}

/** What the state keeps after a put: the inputs with the body replaced by its hash and rule names. */
export function packOutputs(inputs: AccountConformancePackInputs, conformancePackArn: string, adopted: boolean): AccountConformancePackOutputs {
  const { templateBody, ...rest } = inputs;
  return { ...rest, templateBodySha256: sha256(templateBody), configRuleNames: templateRuleNames(templateBody) ?? [], conformancePackArn, adopted };
}

/** How long create and update wait for AWS to deploy the pack, and how often they look (tests shorten both). */
export const PACK_WAIT = { timeoutMs: 20 * 60_000, intervalMs: 10_000 };

/**
 * Where a deployment stands: `done`, `failed`, or `pending`. `CREATE_COMPLETE` counts only when
 * the last requested update completed (an update just put may not show yet); a pack being
 * deleted, or whose deletion failed, is not the pack just put.
 */
export function packOutcome(status: ConformancePackStatus | undefined): "done" | "failed" | "pending" {
  switch (status?.state) {
    case "CREATE_COMPLETE": {
      const { lastUpdateRequested: requested, lastUpdateCompleted: completed } = status;
      return !requested || (completed !== undefined && completed.getTime() >= requested.getTime()) ? "done" : "pending";
    }
    case "CREATE_FAILED":
    case "DELETE_IN_PROGRESS":
    case "DELETE_FAILED":
      return "failed";
    default:
      return "pending";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until AWS reports the pack deployed; throws AWS's reason, or the state it stayed in,
 * naming the place. Each look takes the account's and the global slot on its own, so a pack
 * being deployed holds no slot while it waits.
 */
async function waitForPack(inputs: AccountConformancePackInputs, purpose: string): Promise<void> {
  const place = placeOf(inputs, purpose);
  const operation = `Conformance pack \`${inputs.conformancePackName}\` deployment (DescribeConformancePackStatus after PutConformancePack)`;
  const deadline = Date.now() + PACK_WAIT.timeoutMs;
  for (;;) {
    const status = await withLimits(inputs.accountId, () => describeConformancePackStatus(place, inputs.conformancePackName));
    const outcome = packOutcome(status);
    if (outcome === "done") return;
    if (outcome === "failed") {
      throw placeOperationError(
        operation,
        inputs.accountId,
        inputs.region,
        { name: status!.state, message: status!.reason ?? "AWS Config gave no reason" },
        "AWS Config could not deploy the pack's rules (each is a CloudFormation resource in the account): fix what the reason names, then run `pulumi up` again; " +
          "the pack's stack events are in CloudFormation in that account and region",
      );
    }
    if (Date.now() + PACK_WAIT.intervalMs > deadline) {
      throw placeOperationError(
        operation,
        inputs.accountId,
        inputs.region,
        { name: "Timeout", message: `still ${status?.state ?? "not reported"} after ${Math.round(PACK_WAIT.timeoutMs / 1000)} s` },
        "AWS Config is still deploying the pack: run `pulumi refresh` and `pulumi up` again later; if it stays in progress, look at the pack's stack in CloudFormation in that account and region",
      );
    }
    await sleep(PACK_WAIT.intervalMs);
  }
}

async function put(inputs: AccountConformancePackInputs, purpose: string): Promise<string> {
  return putConformancePack(placeOf(inputs, purpose), {
    name: inputs.conformancePackName,
    templateBody: inputs.templateBody,
    parameters: inputs.conformancePackInputParameters,
  });
}

export const accountConformancePackProvider: ResourceProvider<AccountConformancePackInputs, AccountConformancePackOutputs> = {
  async check(_olds: AccountConformancePackInputs, news: AccountConformancePackInputs): Promise<CheckResult<AccountConformancePackInputs>> {
    const failures: CheckFailure[] = [];
    checkAccountId("accountId", news.accountId, failures);
    checkRegion("region", news.region, failures);
    checkRoleArn("roleArn", news.roleArn, news.accountId, failures);
    if (!containsUnknown(news.conformancePackName) && (typeof news.conformancePackName !== "string" || !PACK_NAME.test(news.conformancePackName))) {
      failures.push({
        property: "conformancePackName",
        reason: `\`conformancePackName\` must be 1-256 characters, a letter followed by letters, digits or hyphens; got \`${String(news.conformancePackName)}\``,
      });
    }
    if (!containsUnknown(news.templateBody)) {
      const bytes = typeof news.templateBody === "string" ? Buffer.byteLength(news.templateBody, "utf8") : 0;
      if (bytes === 0) failures.push({ property: "templateBody", reason: "`templateBody` is required (the pack's template, YAML or JSON)" });
      else if (bytes > MAX_TEMPLATE_BODY_BYTES) {
        failures.push({
          property: "templateBody",
          reason: `\`templateBody\` is ${bytes} bytes; AWS Config takes at most ${MAX_TEMPLATE_BODY_BYTES} inline: split the pack's rules over two packs`,
        });
      }
    }
    checkParameters(news.conformancePackInputParameters, failures);
    return { inputs: news, failures };
  },

  async diff(_id: string, olds: AccountConformancePackOutputs, news: AccountConformancePackInputs): Promise<DiffResult> {
    const replaces = (["accountId", "region", "conformancePackName"] as const).filter((key) => changedOrUnknown(olds[key], news[key]));
    const changes =
      replaces.length > 0 || bodyChanged(olds, news) || changedOrUnknown(olds.roleArn, news.roleArn) || changedOrUnknown(olds.externalId, news.externalId);
    // A new place or name is a different pack: make it before deleting the old one.
    return { changes, replaces: [...replaces], deleteBeforeReplace: false };
  },

  async create(inputs: AccountConformancePackInputs): Promise<CreateResult<AccountConformancePackOutputs>> {
    const result = await withLimits(inputs.accountId, async () => {
      const existing = await describeConformancePack(placeOf(inputs, "read-pack"), inputs.conformancePackName);
      const arn = await put(inputs, "create-pack");
      return { id: idOf(inputs), outs: packOutputs(inputs, arn || existing?.arn || "", existing !== undefined) };
    });
    await waitForPack(inputs, "wait-create-pack");
    return result;
  },

  async read(id: string, props?: AccountConformancePackOutputs): Promise<ReadResult<AccountConformancePackOutputs>> {
    if (!props) throw new Error(`AccountConformancePack \`${id}\` cannot be imported by id alone (the role to assume is unknown)`);
    return withLimits(props.accountId, async () => {
      const existing = await describeConformancePack(placeOf(props, "read-pack"), props.conformancePackName);
      // DescribeConformancePacks does not return the template: what was sent (its hash and rule names) stays the record.
      return existing ? { id, props: { ...props, conformancePackArn: existing.arn || props.conformancePackArn } } : {};
    });
  },

  async update(_id: string, olds: AccountConformancePackOutputs, news: AccountConformancePackInputs): Promise<UpdateResult<AccountConformancePackOutputs>> {
    // Only a new role to assume: nothing in AWS changes.
    if (!bodyChanged(olds, news)) return { outs: packOutputs(news, olds.conformancePackArn, olds.adopted) };
    const arn = await withLimits(news.accountId, () => put(news, "update-pack"));
    await waitForPack(news, "wait-update-pack");
    return { outs: packOutputs(news, arn || olds.conformancePackArn, olds.adopted) };
  },

  async delete(_id: string, props: AccountConformancePackOutputs): Promise<void> {
    await withLimits(props.accountId, () => deleteConformancePack(placeOf(props, "delete-pack"), props.conformancePackName));
  },
};
