/**
 * Saved compliance reports: the `--json` output read back (`--from`), and the history folder
 * (`--history <dir>`) that keeps one dated snapshot per run for the trend.
 *
 * A saved report is checked against the shape of every schema version this code knows
 * (JSON Schema, every problem at once, by JSON path); version 1 files (no `schemaVersion`)
 * load as they are, with the fields version 2 added left absent. A newer version than this
 * code knows is refused with the fix (update aws-config-org) rather than misread.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv, { type ErrorObject } from "ajv";
import { COMPLIANCE_REPORT_SCHEMA_VERSION, compliantShare, type ComplianceReport } from "./complianceReport";
import { InputError } from "./exitCodes";
import { renderJson } from "./render";

const count = { type: "integer", minimum: 0 } as const;
const text = { type: "string" } as const;
const flag = { type: "boolean" } as const;
const evaluations = {
  type: "object",
  required: ["compliant", "nonCompliant", "insufficientData"],
  properties: { compliant: count, nonCompliant: count, insufficientData: count },
} as const;
const resources = { type: "object", required: ["compliant", "nonCompliant"], properties: { compliant: count, nonCompliant: count } } as const;

/** What every version has, plus the fields version 2 requires when it says it is version 2. */
const SAVED_REPORT_SCHEMA = {
  type: "object",
  required: ["stack", "aggregator", "generatedAt", "rules", "sources", "recorders", "summary"],
  properties: {
    schemaVersion: { type: "integer", minimum: 1 },
    stack: { type: "string", minLength: 1 },
    aggregator: text,
    generatedAt: text,
    rules: {
      type: "array",
      items: {
        type: "object",
        required: ["rule", "total", "capExceeded", "accounts", "regions", "places"],
        properties: {
          rule: { type: "string", minLength: 1 },
          pack: text,
          total: count,
          capExceeded: flag,
          accounts: count,
          regions: count,
          evaluations,
          places: {
            type: "array",
            items: {
              type: "object",
              required: ["accountId", "region", "count", "capExceeded", "deployedNames"],
              properties: { accountId: text, accountName: text, region: text, count, capExceeded: flag, deployedNames: { type: "array", items: text } },
            },
          },
        },
      },
    },
    accounts: {
      type: "array",
      items: {
        type: "object",
        required: ["accountId", "inScope", "regions", "resources", "evaluations", "findings", "capExceeded"],
        properties: {
          accountId: text,
          accountName: text,
          ou: text,
          inScope: flag,
          regions: { type: "object", required: ["governed", "recording"], properties: { governed: count, recording: count } },
          resources,
          evaluations,
          findings: count,
          capExceeded: flag,
        },
      },
    },
    packs: {
      type: "array",
      items: {
        type: "object",
        required: ["pack", "rules", "findings", "capExceeded", "evaluations"],
        properties: { pack: text, rules: count, findings: count, capExceeded: flag, evaluations },
      },
    },
    sources: {
      type: "object",
      required: ["total", "problems"],
      properties: {
        total: count,
        problems: {
          type: "array",
          items: { type: "object", required: ["sourceId", "region", "status"], properties: { sourceId: text, region: text, status: text } },
        },
      },
    },
    recorders: {
      type: "object",
      required: ["seen", "problems"],
      properties: {
        seen: count,
        problems: {
          type: "array",
          items: {
            type: "object",
            required: ["accountId", "region", "problem", "detail"],
            properties: { accountId: text, region: text, problem: { enum: ["stopped", "not-seen"] }, detail: text },
          },
        },
      },
    },
    summary: {
      type: "object",
      required: ["nonCompliantResources", "countsCapped", "rules", "accounts", "failingSources", "recordersNotRecording"],
      properties: {
        nonCompliantResources: count,
        countsCapped: flag,
        rules: count,
        accounts: count,
        failingSources: count,
        recordersNotRecording: count,
        rulesEvaluated: count,
        resources,
        places: count,
        placesRecording: count,
      },
    },
  },
  if: { required: ["schemaVersion"], properties: { schemaVersion: { minimum: 2 } } },
  then: {
    required: ["accounts", "packs"],
    properties: {
      rules: { items: { required: ["evaluations"] } },
      summary: { required: ["rulesEvaluated", "resources", "places", "placesRecording"] },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSavedReport = ajv.compile(SAVED_REPORT_SCHEMA);

function schemaProblem(e: ErrorObject): string {
  const where = e.instancePath === "" ? "the top level" : `\`${e.instancePath}\``;
  if (e.keyword === "required") return `${where} has no \`${String(e.params.missingProperty)}\``;
  return `${where} ${e.message ?? "is not valid"}`;
}

/**
 * A saved report from its JSON text. `source` names the file in messages. Throws an
 * InputError that lists every problem.
 */
export function parseSavedReport(json: string, source: string): ComplianceReport {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new InputError(`\`${source}\` is not JSON (${(e as Error).message}); it should be the output of \`npm run report -- --json\``);
  }
  const version = value && typeof value === "object" ? (value as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === "number" && Number.isInteger(version) && version > COMPLIANCE_REPORT_SCHEMA_VERSION) {
    throw new InputError(
      `\`${source}\` is a compliance report of schema version ${version}; this version of aws-config-org reads versions 1 to ${COMPLIANCE_REPORT_SCHEMA_VERSION}: update it (git pull, npm ci)`,
    );
  }
  const problems = validateSavedReport(value) ? [] : (validateSavedReport.errors ?? []).map(schemaProblem);
  const generatedAt = (value as { generatedAt?: unknown } | null)?.generatedAt;
  if (typeof generatedAt === "string" && Number.isNaN(Date.parse(generatedAt))) problems.push(`\`/generatedAt\` is not a date: \`${generatedAt}\``);
  if (problems.length > 0) {
    throw new InputError(
      `\`${source}\` is not a compliance report (\`npm run report -- --json\` output); ${problems.length} problem(s):\n  - ${problems.join("\n  - ")}`,
    );
  }
  const report = value as ComplianceReport & { schemaVersion?: number };
  return { ...report, schemaVersion: report.schemaVersion ?? 1 };
}

/** A saved report file (`--from`). */
export function readSavedReport(file: string): ComplianceReport {
  let json: string;
  try {
    json = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read \`${file}\`: ${(e as Error).message}`);
  }
  return parseSavedReport(json, file);
}

// ---------------------------------------------------------------- history folder

const SNAPSHOT_NAME = /^compliance-(.+)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)\.json$/;

/** The stack name as it can stand in a file name on every system. */
function fileSafe(stack: string): string {
  return stack.replace(/[^A-Za-z0-9_.-]/g, "_");
}

/** `compliance-<stack>-<YYYY-MM-DDTHH-MM-SSZ>.json`: sorts by date, no characters Windows refuses. */
export function snapshotFileName(report: Pick<ComplianceReport, "stack" | "generatedAt">): string {
  const stamp = new Date(report.generatedAt)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");
  return `compliance-${fileSafe(report.stack)}-${stamp}.json`;
}

/** Writes the report (its `--json` text) into the history folder, creating the folder; returns the file. */
export function writeSnapshot(dir: string, report: ComplianceReport): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, snapshotFileName(report));
  // Written aside, then renamed: a run stopped half-way never leaves a truncated snapshot.
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, renderJson(report));
  fs.renameSync(partial, file);
  return file;
}

/** One run in the trend. Shares are 0..1; absent where the snapshot's schema has no such data. */
export interface TrendPoint {
  readonly generatedAt: string;
  /** Non-compliant resources summed over rules (a resource counts once per rule it fails): every schema. */
  readonly findings: number;
  /** Resources non-compliant with at least one rule (schema 2). */
  readonly nonCompliantResources?: number;
  /** Compliant share of evaluated resources (schema 2). */
  readonly compliantShare?: number;
  /** Per pack: findings, and the compliant share of its rule × account × Region results (schema 2). */
  readonly packs: Readonly<Record<string, { readonly findings: number; readonly compliantShare?: number }>>;
}

export function trendPointOf(report: ComplianceReport): TrendPoint {
  const resources = report.summary.resources;
  const share = resources ? compliantShare(resources) : undefined;
  const packs: Record<string, { findings: number; compliantShare?: number }> = {};
  for (const p of report.packs ?? []) {
    const packShare = compliantShare(p.evaluations);
    packs[p.pack] = { findings: p.findings, ...(packShare !== undefined ? { compliantShare: packShare } : {}) };
  }
  return {
    generatedAt: report.generatedAt,
    findings: report.summary.nonCompliantResources,
    ...(resources ? { nonCompliantResources: resources.nonCompliant } : {}),
    ...(share !== undefined ? { compliantShare: share } : {}),
    packs,
  };
}

/** Points by date; one per date (a later point for the same date replaces an earlier one). */
export function trendOf(points: readonly TrendPoint[]): TrendPoint[] {
  const byDate = new Map<number, TrendPoint>();
  for (const p of points) byDate.set(Date.parse(p.generatedAt), p);
  return [...byDate.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
}

/**
 * The trend points of the stack's snapshots in `dir` (none when the folder does not exist
 * yet). Other files are ignored; a snapshot that does not load is an error naming the file,
 * every such file at once.
 */
export function readHistory(dir: string, stack: string): TrendPoint[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new InputError(`\`--history ${dir}\` cannot be read as a folder: ${(e as Error).message}`);
  }
  const points: TrendPoint[] = [];
  const problems: string[] = [];
  for (const name of names.sort()) {
    const match = SNAPSHOT_NAME.exec(name);
    if (!match || match[1] !== fileSafe(stack)) continue;
    const file = path.join(dir, name);
    try {
      const report = readSavedReport(file);
      if (report.stack !== stack) throw new InputError(`\`${file}\` is a report of stack \`${report.stack}\`, not \`${stack}\``);
      points.push(trendPointOf(report));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length > 0) {
    throw new InputError(
      `the history in \`${dir}\` has ${problems.length} snapshot(s) that do not load; move them out of the folder or restore them:\n${problems.join("\n")}`,
    );
  }
  return points;
}
