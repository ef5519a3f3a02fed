/**
 * The detection layer beside Config (organization trail, role alarms) as the plan shows it:
 * read from the resources the program registered under mocks, each with the account and
 * region it lands in, so the plan says what the program declares rather than what the config
 * asked for. Empty when the stack declares none of it (the default).
 */
import { CLOUDTRAIL_TRAIL, CLOUDWATCH_METRIC_ALARM } from "../policies/tokens";
import { logGroupNameOfArn } from "../policies/view";
import type { MockedResource } from "./mockRun";
import { providerAccounts, providerUrn } from "./planModel";

export interface PlannedTrail {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly organization: boolean;
  readonly multiRegion: boolean;
  readonly logFileValidation: boolean;
  readonly bucket: string;
  readonly bucketAccountId?: string;
  readonly kms: boolean;
  readonly logGroup?: string;
  /** `resources.type` of each data-event selector, with `(read)`/`(write)` when narrowed. */
  readonly dataEvents: readonly string[];
}

export interface PlannedAlarm {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly actions: readonly string[];
}

/** A subscription filter that sends each matching log event to a function (role-use notifications). */
export interface PlannedSubscription {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly logGroup: string;
  /** The function's name, from its ARN when known. */
  readonly destination: string;
}

export interface DetectionPlan {
  readonly trails: readonly PlannedTrail[];
  readonly alarms: readonly PlannedAlarm[];
  readonly subscriptions: readonly PlannedSubscription[];
}

interface SelectorInputs {
  readonly fieldSelectors?: readonly { readonly field?: string; readonly equals?: readonly string[] }[];
}

function dataEventsOf(selectors: unknown): string[] {
  if (!Array.isArray(selectors)) return [];
  return (selectors as SelectorInputs[]).flatMap((s) => {
    const fields = s.fieldSelectors ?? [];
    const type = fields.find((f) => f.field === "resources.type")?.equals?.[0];
    if (!type) return [];
    const readOnly = fields.find((f) => f.field === "readOnly")?.equals?.[0];
    return [readOnly === undefined ? type : `${type} (${readOnly === "true" ? "read" : "write"})`];
  });
}

export function buildDetectionPlan(resources: readonly MockedResource[]): DetectionPlan {
  const accounts = providerAccounts(resources);
  const accountOf = (r: MockedResource) => accounts.get(providerUrn(r.provider) ?? "") ?? "unknown";
  const bucketAccount = (bucket: string) => {
    const declared = resources.find((r) => r.type === "aws:s3/bucket:Bucket" && r.inputs.bucket === bucket);
    return declared ? accountOf(declared) : undefined;
  };
  const trails = resources
    .filter((r) => r.type === CLOUDTRAIL_TRAIL)
    .map((r): PlannedTrail => {
      const bucket = String(r.inputs.s3BucketName);
      const logGroup = logGroupNameOfArn(r.inputs.cloudWatchLogsGroupArn);
      const owner = bucketAccount(bucket);
      return {
        name: String(r.inputs.name),
        accountId: accountOf(r),
        region: String(r.inputs.region),
        organization: r.inputs.isOrganizationTrail === true,
        multiRegion: r.inputs.isMultiRegionTrail === true,
        logFileValidation: r.inputs.enableLogFileValidation === true,
        bucket,
        ...(owner ? { bucketAccountId: owner } : {}),
        kms: typeof r.inputs.kmsKeyId === "string" && r.inputs.kmsKeyId !== "",
        ...(logGroup ? { logGroup } : {}),
        dataEvents: dataEventsOf(r.inputs.advancedEventSelectors),
      };
    });
  const alarms = resources
    .filter((r) => r.type === CLOUDWATCH_METRIC_ALARM)
    .map((r): PlannedAlarm => ({
      name: String(r.inputs.name),
      accountId: accountOf(r),
      region: String(r.inputs.region),
      actions: Array.isArray(r.inputs.alarmActions) ? r.inputs.alarmActions.map(String) : [],
    }));
  const subscriptions = resources
    .filter((r) => r.type === "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter")
    .map((r): PlannedSubscription => ({
      name: String(r.inputs.name),
      accountId: accountOf(r),
      region: String(r.inputs.region),
      logGroup: String(r.inputs.logGroup),
      destination:
        String(r.inputs.destinationArn ?? "")
          .split(":")
          .pop() || "(unknown)",
    }));
  return { trails, alarms, subscriptions };
}

/** The plan's lines for the detection layer; none when the stack declares none of it. */
export function renderDetectionPlan(plan: DetectionPlan): string[] {
  if (plan.trails.length === 0 && plan.alarms.length === 0) return [];
  const out = ["", "Detection layer (beside Config):"];
  for (const t of plan.trails) {
    const kind = [
      t.organization ? "organization trail" : "trail",
      t.multiRegion ? "every region" : "ONE region",
      t.logFileValidation ? "log file validation" : "NO log file validation",
    ];
    out.push(`  ${kind[0]} \`${t.name}\` in ${t.accountId} ${t.region}: ${kind.slice(1).join(", ")}`);
    out.push(
      `    bucket ${t.bucket}${t.bucketAccountId ? ` in ${t.bucketAccountId}` : ""}, ${t.kms ? "SSE-KMS" : "SSE-S3"}${t.logGroup ? `; CloudWatch Logs ${t.logGroup}` : ""}`,
    );
    out.push(`    data events: ${t.dataEvents.length ? t.dataEvents.join(", ") : "none (management events only)"}`);
  }
  for (const a of plan.alarms)
    out.push(`  alarm \`${a.name}\` in ${a.accountId} ${a.region} → ${a.actions.map((x) => x.split(":").pop()).join(", ") || "(no action)"}`);
  for (const s of plan.subscriptions)
    out.push(`  each use: subscription \`${s.name}\` on ${s.logGroup} in ${s.accountId} ${s.region} → function ${s.destination} → a message per event`);
  return out;
}
