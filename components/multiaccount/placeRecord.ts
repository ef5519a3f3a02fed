/**
 * The takeover record of one place (account × region): what the place looked like before
 * this stack's first write there, and whether the recorder is this stack's own. Written
 * BEFORE the first Config write of a create, kept while the stack manages the place, removed
 * by delete once the place is put back. A run killed between two writes leaves it behind,
 * so the next `up` knows the legacy recorder's original settings and that a half-made
 * recorder is ours (it never snapshots a place it already touched).
 *
 * Where: an SSM parameter in the place itself (`PLACE_RECORD_PARAMETER`, standard tier,
 * regional like the recorder). Not a tag on the recorder: a tag value holds 256 characters,
 * not a recording group; tagging a legacy recorder is itself a write to it; and moto 5.2.1
 * cannot tag recorders (its TagResource knows rules and aggregators only), so nothing built
 * on recorder tags could be tested here. Not an object in the delivery bucket: that bucket is
 * in the log archive account, and member deployment roles have no write access to it.
 * (docs/aws-constraints.md, "takeover record").
 */
import type { SSMClient } from "@aws-sdk/client-ssm";
import { callWith } from "./awsClients";
import { awsErrorName, placeError } from "./awsErrors";
import { undefinedWhen } from "./errors";
import type { RegionalTarget } from "./configService";
import type { PreexistingConfig } from "./recorderTypes";

/** The parameter, one per account and region (SSM parameters are regional). */
/** Names may not start with `aws` or `ssm` (reserved by SSM), hence the `/pulumi` root. */
export const PLACE_RECORD_PARAMETER = "/pulumi/aws-config-org/config-recorder-takeover";

/** A standard parameter holds 4 KB; larger records are stored gzipped. */
const STANDARD_LIMIT = 4096;

export interface PlaceRecord {
  readonly version: 1;
  /** The recorder this stack acts on in the place (an adopted one keeps its name). */
  readonly recorderName: string;
  readonly deliveryChannelName: string;
  /** No customer recorder existed: the recorder `recorderName` is this stack's own. */
  readonly recorderCreated: boolean;
  /** No delivery channel existed: the channel `deliveryChannelName` is this stack's own. */
  readonly channelCreated: boolean;
  /** The place before this stack's first write (absent when it held nothing). */
  readonly preexisting?: PreexistingConfig;
  /** When the record was written (ISO 8601), for people reading it. */
  readonly recordedAt: string;
}

const sdk = () => require("@aws-sdk/client-ssm") as typeof import("@aws-sdk/client-ssm");

const HINTS = {
  AccessDeniedException: `Give the deployment role \`ssm:GetParameter\`, \`ssm:PutParameter\` and \`ssm:DeleteParameter\` on \`parameter${PLACE_RECORD_PARAMETER}\` (docs/deployment-role-policy.json)`,
};

/** One SSM call in `place` through the provider's shared path (a new session once if the old one expired). */
async function call<T>(place: RegionalTarget, operation: string, send: (client: SSMClient) => Promise<T>): Promise<T> {
  try {
    return await callWith("ssm", sdk().SSMClient, place.target, place.region, send);
  } catch (error) {
    throw placeError(`${operation} \`${PLACE_RECORD_PARAMETER}\``, place.target.accountId, place.region, error, HINTS, place.target.roleArn);
  }
}

/** AWS says there is no record (the typed error keeps AWS's own name in `awsError`). */
function parameterMissing(error: unknown): boolean {
  const aws = (error as { awsError?: { name?: string } }).awsError;
  return (aws?.name ?? awsErrorName(error)) === "ParameterNotFound";
}

function encode(record: PlaceRecord): string {
  const json = JSON.stringify(record);
  if (json.length <= STANDARD_LIMIT) return json;
  const zlib = require("node:zlib") as typeof import("node:zlib");
  return `gzip:${zlib.gzipSync(Buffer.from(json)).toString("base64")}`;
}

function decode(text: string): PlaceRecord {
  const zlib = require("node:zlib") as typeof import("node:zlib");
  const json = text.startsWith("gzip:") ? zlib.gunzipSync(Buffer.from(text.slice(5), "base64")).toString() : text;
  return JSON.parse(json) as PlaceRecord;
}

/** The place's record, or undefined when there is none. */
export async function readPlaceRecord(place: RegionalTarget): Promise<PlaceRecord | undefined> {
  const c = sdk();
  const out = await undefinedWhen(parameterMissing, () =>
    call(place, "GetParameter", (client) => client.send(new c.GetParameterCommand({ Name: PLACE_RECORD_PARAMETER }))),
  );
  return out?.Parameter?.Value ? decode(out.Parameter.Value) : undefined;
}

/** Write (or overwrite) the place's record. */
export async function writePlaceRecord(place: RegionalTarget, record: PlaceRecord): Promise<void> {
  const c = sdk();
  const value = encode(record);
  if (value.length > STANDARD_LIMIT) {
    throw new Error(
      `the takeover record of account \`${place.target.accountId}\` region \`${place.region}\` is ${value.length} characters even gzipped; ` +
        `SSM standard parameters hold ${STANDARD_LIMIT}: shorten the existing recorder's resource type lists before taking it over`,
    );
  }
  await call(place, "PutParameter", (client) =>
    client.send(
      new c.PutParameterCommand({
        Name: PLACE_RECORD_PARAMETER,
        Value: value,
        Type: "String",
        Overwrite: true,
        Description: "aws-config-org: the Config recorder and delivery channel of this region before the stack took them over; removed when the stack lets go",
      }),
    ),
  );
}

/** Remove the place's record; one already gone is fine. */
export async function deletePlaceRecord(place: RegionalTarget): Promise<void> {
  const c = sdk();
  await undefinedWhen(parameterMissing, () =>
    call(place, "DeleteParameter", (client) => client.send(new c.DeleteParameterCommand({ Name: PLACE_RECORD_PARAMETER }))),
  );
}
