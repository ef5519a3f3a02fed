/**
 * Preflight's verdict per place, from what was observed (pure). The decision is the
 * provider's own `planRecorder` run on the place's existing state and the stack's
 * `desiredRecorder`, with the same `adopt`: what this prints is what `pulumi up` does.
 *
 * Outcomes: `create`, `update` (in place, with field-level differences), `adopt` (the
 * inventory takes an existing recorder over), `unchanged`, and `fail` (the role cannot be
 * assumed, the region is not enabled, the state cannot be read, or a recorder with another
 * name exists and the inventory does not adopt it: then the exact `adopt` line is printed).
 */
import { managementActsAsAdministrator, managementAsAdministratorNote } from "../../config/centralRoles";
import type { Difference } from "../../components/multiaccount/recorderCompare";
import { isServiceLinkedRecorder, planRecorder, type RecorderAction } from "../../components/multiaccount/recorderPlan";
import type { ExistingChannel, ExistingConfigState, ExistingRecorder } from "../../components/multiaccount/recorderTypes";
import { desiredRecorder } from "../../components/recorderSettings";
import { placesOf, type Account, type Deployment, type Place } from "../../config/domain";
import { checkAggregator, checkGuardDuty, checkOrganizationTrails, type AggregatorCheck, type GuardDutyCheck, type TrailCheck } from "./preflightCentralChecks";
import { proveDelivery, type DeliveryCheck } from "./deliveryProof";
import { errorText, type AccountObservation, type Observations, type PlaceObservation, type ProbeError } from "./preflightProbes";

export { checkAggregator, checkGuardDuty, checkOrganizationTrails, type AggregatorCheck, type GuardDutyCheck, type TrailCheck } from "./preflightCentralChecks";
import { packMoves, type PackMoves } from "./preflightPackTargets";

export type Outcome = "create" | "update" | "adopt" | "unchanged" | "fail";

export const OUTCOMES: readonly Outcome[] = ["create", "update", "adopt", "unchanged", "fail"];

export interface RecorderSeen {
  readonly name: string;
  readonly recording: boolean;
  readonly roleARN?: string;
  /** `ALL_SUPPORTED_RESOURCE_TYPES (+ global types)`, `EXCLUSION_BY_RESOURCE_TYPES (7 types)`, ... */
  readonly recordingGroup: string;
  readonly frequency: string;
  readonly servicePrincipal?: string;
}

export interface ChannelSeen {
  readonly name: string;
  readonly s3BucketName?: string;
  readonly s3KeyPrefix?: string;
  readonly snsTopicARN?: string;
}

export interface PlaceCheck {
  readonly accountId: string;
  readonly accountName: string;
  readonly region: string;
  /** `OptInStatus` from DescribeRegions, or `unknown`. */
  readonly regionStatus: string;
  readonly recorders: readonly RecorderSeen[];
  readonly serviceLinkedRecorders: readonly RecorderSeen[];
  /** Where a service-linked recorder overrides what the place's profile asks (frequency, exclusions): what it does to recording and the bill. */
  readonly serviceLinkedWarnings: readonly string[];
  readonly channels: readonly ChannelSeen[];
  readonly outcome: Outcome;
  /** What `planRecorder` decided: the outcome, exactly (a failure to inspect the place has none). */
  readonly planAction?: RecorderAction;
  readonly differences: readonly Difference[];
  readonly writes: readonly string[];
  /** Why it fails, or what taking over means. */
  readonly message?: string;
  /** How to fix a failure. */
  readonly fix?: string;
  /** A customer recorder with another name, in the way of `pulumi up` (adopt it, or delete it). */
  readonly blockingRecorder?: string;
}

export interface AccountCheck {
  readonly accountId: string;
  readonly accountName: string;
  /** Role assumed; absent: the caller's own credentials. */
  readonly roleArn?: string;
  readonly assumable: boolean;
  readonly assumeError?: ProbeError;
  /** `exists`, `missing` (pulumi up creates it), or `unknown: <error>`. */
  readonly serviceLinkedRole: string;
  readonly recorderRole?: { readonly roleArn: string; readonly status: string };
  readonly regionsNotEnabled: readonly string[];
}

/** The line to add under an account in the inventory so `pulumi up` takes recorders over. */
export interface AdoptLine {
  readonly accountId: string;
  readonly accountName: string;
  /** The account is in the inventory already (else: add an entry with this id). */
  readonly listed: boolean;
  readonly line: string;
}

export interface PreflightReport {
  readonly stack: string;
  readonly inventory: string;
  readonly accounts: readonly AccountCheck[];
  readonly places: readonly PlaceCheck[];
  readonly adoptLines: readonly AdoptLine[];
  readonly summary: Readonly<Record<Outcome, number>>;
  readonly organizationTrails: TrailCheck;
  /** With `guardDuty` on, per governed region: what stands in the way of `pulumi up`. */
  readonly guardDuty: readonly GuardDutyCheck[];
  /** The organization aggregator and AWS's weekly limit on accounts added to aggregators; absent in a shard that does not own it. */
  readonly aggregator?: AggregatorCheck;
  /** Packs with `targets` (a stack that owns them): the accounts moving in or out since the last run. */
  readonly packMoves?: readonly PackMoves[];
  /** Set in a one-account stack: the management account acts as the Config administrator, and why (config/centralRoles.ts). */
  readonly administratorNote?: string;
  /** Whether the delivery bucket's policies admit AWS Config for every account (commands/lib/deliveryProof.ts); absent when not read. */
  readonly delivery?: DeliveryCheck;
}

function groupSummary(r: ExistingRecorder): string {
  const g = r.recordingGroup;
  const useOnly =
    g?.recordingStrategy?.useOnly ??
    ((g?.resourceTypes?.length ?? 0) > 0 && !g?.allSupported
      ? "INCLUSION_BY_RESOURCE_TYPES"
      : (g?.exclusionByResourceTypes?.resourceTypes?.length ?? 0) > 0
        ? "EXCLUSION_BY_RESOURCE_TYPES"
        : "ALL_SUPPORTED_RESOURCE_TYPES");
  if (useOnly === "INCLUSION_BY_RESOURCE_TYPES") return `${useOnly} (${g?.resourceTypes?.length ?? 0} types)`;
  if (useOnly === "EXCLUSION_BY_RESOURCE_TYPES") return `${useOnly} (${g?.exclusionByResourceTypes?.resourceTypes?.length ?? 0} types)`;
  return `${useOnly}${g?.includeGlobalResourceTypes ? " (+ global types)" : ""}`;
}

function recorderSeen(r: ExistingRecorder, state: ExistingConfigState): RecorderSeen {
  return {
    name: r.name ?? "",
    recording: Boolean(state.status.find((s) => s.name === r.name)?.recording) || isServiceLinkedRecorder(r),
    ...(r.roleARN ? { roleARN: r.roleARN } : {}),
    recordingGroup: groupSummary(r),
    frequency: r.recordingMode?.recordingFrequency ?? "CONTINUOUS",
    ...(r.servicePrincipal ? { servicePrincipal: r.servicePrincipal } : {}),
  };
}

function channelSeen(c: ExistingChannel): ChannelSeen {
  return {
    name: c.name ?? "",
    ...(c.s3BucketName ? { s3BucketName: c.s3BucketName } : {}),
    ...(c.s3KeyPrefix ? { s3KeyPrefix: c.s3KeyPrefix } : {}),
    ...(c.snsTopicARN ? { snsTopicARN: c.snsTopicARN } : {}),
  };
}

/**
 * What service-linked recorders (owned by another AWS service, e.g. Security Hub CSPM's
 * `AWSConfigurationRecorderForSecurityHubCSPM`) do to the place's profile: a service-linked
 * recorder that records CONTINUOUS wins over the customer recorder's DAILY for the types both
 * record ("Recording frequency precedence", DG `stop-start-recorder`), and one that records all
 * types records the profile's exclusions anyway; both are billed.
 */
export function serviceLinkedRecorderWarnings(profile: Place["account"]["profile"], serviceLinked: readonly RecorderSeen[]): string[] {
  const warnings: string[] = [];
  const daily = profile.frequency === "DAILY" || profile.override?.frequency === "DAILY";
  for (const r of serviceLinked) {
    const who = `service-linked recorder \`${r.name}\`${r.servicePrincipal ? ` (${r.servicePrincipal})` : ""}`;
    if (daily && r.frequency === "CONTINUOUS") {
      warnings.push(
        `${who} records CONTINUOUS: for every type it records too, AWS records continuously whatever profile \`${profile.name}\`'s DAILY says ` +
          "(the console still shows Daily), and bills a configuration item per change",
      );
    }
    if (
      profile.strategy === "EXCLUSION_BY_RESOURCE_TYPES" &&
      profile.excludedResourceTypes.length > 0 &&
      r.recordingGroup.startsWith("ALL_SUPPORTED_RESOURCE_TYPES")
    ) {
      warnings.push(
        `${who} records all supported types: the ${profile.excludedResourceTypes.length} type(s) profile \`${profile.name}\` excludes are recorded, and billed, by it anyway`,
      );
    }
  }
  return warnings;
}

/** The verdict for one place. */
export function checkPlace(deployment: Deployment, place: Place, account: AccountObservation, observed: PlaceObservation | undefined): PlaceCheck {
  const regionStatus = account.regions?.ok ? (account.regions.value[place.region.name] ?? "unknown") : "unknown";
  const base = { accountId: place.account.id, accountName: place.account.name, region: place.region.name, regionStatus };
  const empty = { recorders: [], serviceLinkedRecorders: [], serviceLinkedWarnings: [], channels: [], differences: [], writes: [] };
  if (!account.assume.ok) {
    return {
      ...base,
      ...empty,
      outcome: "fail",
      message: `cannot act in the account: ${errorText(account.assume.error)}`,
      ...(account.assume.error.hint ? { fix: account.assume.error.hint } : {}),
    };
  }
  if (regionStatus === "not-opted-in") {
    return {
      ...base,
      ...empty,
      outcome: "fail",
      message: `region \`${place.region.name}\` is not enabled in account \`${place.account.id}\``,
      fix: `enable it (\`aws account enable-region --account-id ${place.account.id} --region-name ${place.region.name}\`) or drop it from that account's \`regions\` in the inventory`,
    };
  }
  const state = observed?.state;
  if (!state || !state.ok) {
    const error = state && !state.ok ? state.error : { name: "Error", message: "the place was not inspected" };
    return { ...base, ...empty, outcome: "fail", message: `cannot read AWS Config here: ${errorText(error)}`, ...(error.hint ? { fix: error.hint } : {}) };
  }

  // `pulumi up` reads the takeover record before it plans (and fails when it cannot): so does preflight.
  const record = observed?.record;
  if (record && !record.ok) {
    return {
      ...base,
      ...empty,
      outcome: "fail",
      message: `cannot read the takeover record here: ${errorText(record.error)}`,
      ...(record.error.hint ? { fix: record.error.hint } : {}),
    };
  }
  const existing = state.value;
  const recorders = existing.recorders.filter((r) => !isServiceLinkedRecorder(r)).map((r) => recorderSeen(r, existing));
  const serviceLinkedRecorders = existing.recorders.filter(isServiceLinkedRecorder).map((r) => recorderSeen(r, existing));
  const channels = existing.channels.map(channelSeen);
  const desired = desiredRecorder(deployment, place);
  const plan = planRecorder(
    existing,
    desired,
    desired.adopt,
    { accountId: place.account.id, region: place.region.name },
    record?.ok ? record.value : undefined,
  );
  const serviceLinkedWarnings = serviceLinkedRecorderWarnings(place.account.profile, serviceLinkedRecorders);
  const seen = {
    ...base,
    recorders,
    serviceLinkedRecorders,
    serviceLinkedWarnings,
    channels,
    planAction: plan.action,
    differences: plan.differences,
    writes: plan.writes,
  };

  if (plan.action === "fail") {
    const other = recorders.find((r) => r.name !== desired.recorder.name);
    return {
      ...seen,
      outcome: "fail",
      ...(plan.message ? { message: plan.message } : {}),
      ...(other ? { blockingRecorder: other.name } : {}),
      fix: other
        ? `add the adopt line below for account \`${place.account.id}\`, or delete recorder \`${other.name}\` there first`
        : "see the message: take the channel over with `adopt`, or delete it",
    };
  }
  // The plan decides, adoption included (components/multiaccount/recorderPlan.ts); preflight shows it.
  return { ...seen, outcome: plan.action, ...(plan.message ? { message: plan.message } : {}) };
}

function yamlScalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) ? value : JSON.stringify(value);
}

/**
 * The `adopt` line an account needs: its existing adopt entries plus the recorders that
 * block `pulumi up`. One name for every region of the account reads `adopt: <name>`;
 * otherwise a per-region map.
 */
export function adoptLineFor(account: Account, blocking: Readonly<Record<string, string>>): string {
  const merged: Record<string, string> = { ...account.adopt, ...blocking };
  const names = new Set(Object.values(merged));
  const coversAll = account.regions.every((r) => merged[r.name] !== undefined);
  if (names.size === 1 && coversAll) return `adopt: ${yamlScalar([...names][0]!)}`;
  const entries = account.regions.filter((r) => merged[r.name] !== undefined).map((r) => `${r.name}: ${yamlScalar(merged[r.name]!)}`);
  return `adopt: {${entries.join(", ")}}`;
}

function accountCheck(account: Account, observed: AccountObservation): AccountCheck {
  const slr = observed.serviceLinkedRole;
  const status = observed.regions?.ok ? observed.regions.value : {};
  const regionsNotEnabled = account.regions.map((r) => r.name).filter((r) => status[r] === "not-opted-in");
  return {
    accountId: account.id,
    accountName: account.name,
    ...(observed.target.roleArn ? { roleArn: observed.target.roleArn } : {}),
    assumable: observed.assume.ok,
    ...(!observed.assume.ok ? { assumeError: observed.assume.error } : {}),
    serviceLinkedRole: !slr ? "not checked" : slr.ok ? (slr.value ? "exists" : "missing (pulumi up creates it)") : `unknown: ${errorText(slr.error)}`,
    ...(observed.recorderRole
      ? {
          recorderRole: {
            roleArn: observed.recorderRole.roleArn,
            status: observed.recorderRole.exists.ok
              ? observed.recorderRole.exists.value
                ? "exists"
                : "missing"
              : `unknown: ${errorText(observed.recorderRole.exists.error)}`,
          },
        }
      : {}),
    regionsNotEnabled,
  };
}

export function buildPreflightReport(
  deployment: Deployment,
  observations: Observations,
  inventory = "the inventory (stack config `aws-config-org:accounts`)",
): PreflightReport {
  const accountObs = new Map(observations.accounts.map((a) => [a.accountId, a]));
  const placeObs = new Map(observations.places.map((p) => [`${p.accountId}|${p.region}`, p]));
  const places = placesOf(deployment).map((place) => {
    const account = accountObs.get(place.account.id);
    if (!account) throw new Error(`preflight: account \`${place.account.id}\` was not observed`);
    return checkPlace(deployment, place, account, placeObs.get(`${place.account.id}|${place.region.name}`));
  });
  const accounts = deployment.accounts.map((a) => accountCheck(a, accountObs.get(a.id)!));

  // A custom recorder role that does not exist fails every place of the account: Config refuses it.
  const missingRole = new Set(accounts.filter((a) => a.recorderRole?.status === "missing").map((a) => a.accountId));
  const withRoles = places.map((p): PlaceCheck => {
    if (p.outcome === "fail" || !missingRole.has(p.accountId)) return p;
    const roleArn = accounts.find((a) => a.accountId === p.accountId)!.recorderRole!.roleArn;
    return {
      ...p,
      outcome: "fail",
      message: `the recorder role \`${roleArn}\` does not exist in account \`${p.accountId}\``,
      fix: "create it (trusting `config.amazonaws.com`, with `AWS_ConfigRole`) or remove `recorderRoleArn` to use the service-linked role",
    };
  });

  const adoptLines: AdoptLine[] = deployment.accounts.flatMap((account) => {
    const blocking: Record<string, string> = {};
    for (const p of withRoles) if (p.accountId === account.id && p.blockingRecorder) blocking[p.region] = p.blockingRecorder;
    if (Object.keys(blocking).length === 0) return [];
    return [{ accountId: account.id, accountName: account.name, listed: account.source === "inventory", line: adoptLineFor(account, blocking) }];
  });

  const summary = Object.fromEntries(OUTCOMES.map((o) => [o, withRoles.filter((p) => p.outcome === o).length])) as Record<Outcome, number>;
  const aggregator = checkAggregator(deployment, observations.aggregator);
  return {
    stack: deployment.stack,
    inventory,
    accounts,
    places: withRoles,
    adoptLines,
    summary,
    organizationTrails: checkOrganizationTrails(deployment, observations.managementTrails),
    guardDuty: checkGuardDuty(deployment, observations.guardDuty),
    ...(aggregator ? { aggregator } : {}),
    ...(observations.packExclusions ? { packMoves: packMoves(deployment, observations.packExclusions) } : {}),
    ...(managementActsAsAdministrator(deployment) ? { administratorNote: managementAsAdministratorNote(deployment.managementAccountId) } : {}),
    ...(observations.delivery ? { delivery: proveDelivery(deployment, observations.delivery) } : {}),
  };
}

/**
 * Preflight's census of service-linked recorders, as the cost estimate takes it: per account
 * and governed region, the service-linked recorders there exactly as
 * `DescribeConfigurationRecorders` returned them (scope and frequency), from the same
 * observations preflight prints.
 */
export interface ServiceLinkedCensus {
  /** accountId -> region -> the place's service-linked recorders (none: an empty list). */
  readonly recorders: Readonly<Record<string, Readonly<Record<string, readonly ExistingRecorder[]>>>>;
  /** Places whose recorders could not be read, `name (id) region: why`; the estimate counts none there. */
  readonly notInspected: readonly string[];
}

/** The census from `observeOrganization`'s observations. */
export function serviceLinkedCensus(deployment: Deployment, observations: Observations): ServiceLinkedCensus {
  const accounts = new Map(observations.accounts.map((a) => [a.accountId, a]));
  const observed = new Map(observations.places.map((p) => [`${p.accountId}|${p.region}`, p]));
  const recorders: Record<string, Record<string, readonly ExistingRecorder[]>> = {};
  const notInspected: string[] = [];
  for (const place of placesOf(deployment)) {
    const where = `${place.account.name} (${place.account.id}) ${place.region.name}`;
    const account = accounts.get(place.account.id);
    const state = observed.get(`${place.account.id}|${place.region.name}`)?.state;
    if (!account?.assume.ok) {
      notInspected.push(`${where}: ${account && !account.assume.ok ? errorText(account.assume.error) : "the account was not inspected"}`);
    } else if (!state) {
      notInspected.push(`${where}: the region is not enabled or was not inspected`);
    } else if (!state.ok) {
      notInspected.push(`${where}: ${errorText(state.error)}`);
    } else {
      (recorders[place.account.id] ??= {})[place.region.name] = state.value.recorders.filter(isServiceLinkedRecorder);
    }
  }
  return { recorders, notInspected };
}
