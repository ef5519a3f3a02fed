/**
 * `pulumi preview` and `pulumi up` of one stack, modeled from measured parts plus the
 * engine's own work as Pulumi documents it. Pure arithmetic; every input is a measured
 * figure (bench/realPath, bench/providerHost, bench/provider, the offline plan) or one of
 * the stated assumptions below.
 *
 * What the engine adds to the program's own time (pulumi/pulumi, as fetched 2026-08):
 * - Steps run `--parallel` at a time; the CLI's default is 4 × GOMAXPROCS
 *   (pkg/cmd/pulumi/operations/up.go `defaultParallel`, pulumi/pulumi#14989).
 * - Every dynamic resource costs one gRPC round trip to the dynamic provider host for
 *   `Check`, one for `Diff` when it exists, and `Create`/`Update` on `up`; the host is one
 *   Node process (measured CPU per resource: bench/providerHost.ts).
 * - Checkpoints: a mutating step writes the snapshot when it starts and when it ends
 *   (docs/architecture/deployment-execution/state.md; pulumi/pulumi#3930: "we upload the
 *   entire checkpoint file before and after performing any mutating resource operation"),
 *   one write at a time; "same" steps write only when something meaningful changed
 *   (pkg/backend/snapshot.go `sameSnapshotMutation.mustWrite`). File and S3 backends
 *   write the whole snapshot each time (pulumi/pulumi#10068, open; #15218: one run
 *   uploading 2 GiB to S3); `PULUMI_SKIP_CHECKPOINTS` writes once at the end, at the
 *   price of no record if the run dies (#14967).
 * - Pulumi Cloud: since CLI 3.225 (CHANGELOG: "Enable journaling by default") the CLI sends
 *   one journal entry per step change instead of snapshots, in batches of up to 100 sent
 *   one after another (pkg/backend/httpstate/journal/snapshot.go); before that, a text diff
 *   once the snapshot passes the service's cutoff (pulumi/pulumi#10788).
 */

export interface StackShape {
  readonly accounts: number;
  /** Account × region places (one ConfigRecorder each). */
  readonly places: number;
  /** Every resource the program registers (components included): the steps of an `up` from scratch. */
  readonly resources: number;
  /** Resources served by the dynamic provider host (multi-account resources). */
  readonly dynamicResources: number;
  /** Bytes of the whole snapshot after the `up` (offline plan's estimate). */
  readonly snapshotBytes: number;
}

export interface MeasuredCosts {
  /** The program on the real path (its process, spawn to exit), seconds. */
  readonly programSeconds: number;
  /** Dynamic provider host CPU per resource for Check + Diff, milliseconds. */
  readonly hostCpuMsPerResource: number;
  /** AWS API calls per place for a create, and AssumeRole per account (against moto). */
  readonly createCallsPerPlace: number;
  readonly assumeRolePerAccount: number;
}

/** Figures this machine cannot measure, stated once. */
export const ASSUMPTIONS = {
  /** A regional AWS Config/IAM call from a runner in a commercial region. */
  awsCallMs: 120,
  /** The multi-account provider's own bound on concurrent AWS operations (components/multiaccount/limits.ts default). */
  providerBound: 32,
  /** File backend: the CLI encodes and writes the snapshot JSON (local disk). */
  fileBackendMBps: 150,
  /** S3 backend: one PUT of the snapshot (same region), plus a fixed cost per request. */
  s3MBps: 60,
  s3RequestMs: 25,
  /** Pulumi Cloud: one request per journal batch, sent one after another. */
  cloudRequestMs: 60,
  journalBatch: 100,
} as const;

export interface CheckpointCost {
  readonly writes: number;
  readonly bytes: number;
  readonly seconds: number;
}

export interface UpModel {
  readonly parallel: number;
  /** Wall seconds of the AWS calls of an `up` from scratch at the effective concurrency. */
  readonly awsSeconds: number;
  /** Dynamic provider host CPU seconds for Check (+ Diff on an existing stack). */
  readonly hostSeconds: number;
  readonly checkpoints: { readonly file: CheckpointCost; readonly s3: CheckpointCost; readonly cloud: CheckpointCost; readonly skipped: CheckpointCost };
  /** `up` from scratch: the longest of the overlapping parts (program, host, AWS, checkpoints), per backend. */
  readonly upSeconds: { readonly file: number; readonly s3: number; readonly cloud: number; readonly skipped: number };
  /** `preview` of an unchanged stack: program and host overlap; no state is written. */
  readonly previewSeconds: number;
}

/**
 * Whole-snapshot writes of an `up` from scratch: 2 per step, the snapshot growing from empty
 * to `snapshotBytes` as steps finish, so step i writes about i/steps of the final size twice.
 */
export function fullSnapshotWrites(steps: number, snapshotBytes: number): { writes: number; bytes: number } {
  return { writes: 2 * steps, bytes: snapshotBytes * (steps + 1) };
}

export function modelUp(shape: StackShape, costs: MeasuredCosts, parallel: number): UpModel {
  const a = ASSUMPTIONS;
  const concurrency = Math.min(parallel, a.providerBound);
  const awsCalls = shape.places * costs.createCallsPerPlace + shape.accounts * costs.assumeRolePerAccount;
  const awsSeconds = (awsCalls * a.awsCallMs) / 1000 / concurrency;
  const hostSeconds = (shape.dynamicResources * costs.hostCpuMsPerResource) / 1000;

  const full = fullSnapshotWrites(shape.resources, shape.snapshotBytes);
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const file: CheckpointCost = { ...full, seconds: mb(full.bytes) / a.fileBackendMBps };
  const s3: CheckpointCost = { ...full, seconds: mb(full.bytes) / a.s3MBps + (full.writes * a.s3RequestMs) / 1000 };
  // Journal entries carry one resource each: about the final snapshot twice over, in batches.
  const entries = 2 * shape.resources;
  const cloudRequests = Math.ceil(entries / a.journalBatch);
  const cloud: CheckpointCost = { writes: cloudRequests, bytes: 2 * shape.snapshotBytes, seconds: (cloudRequests * a.cloudRequestMs) / 1000 };
  const skipped: CheckpointCost = { writes: 1, bytes: shape.snapshotBytes, seconds: mb(shape.snapshotBytes) / a.s3MBps };

  const longest = (checkpointSeconds: number) => Math.max(costs.programSeconds, hostSeconds, awsSeconds, checkpointSeconds);
  return {
    parallel,
    awsSeconds,
    hostSeconds,
    checkpoints: { file, s3, cloud, skipped },
    upSeconds: { file: longest(file.seconds), s3: longest(s3.seconds), cloud: longest(cloud.seconds), skipped: longest(skipped.seconds) },
    previewSeconds: Math.max(costs.programSeconds, hostSeconds),
  };
}

/** A sharding of `shape` into `shards` stacks of equal size (the central resources are small and ignored). */
export function shardOf(shape: StackShape, shards: number): StackShape {
  const f = 1 / shards;
  return {
    accounts: Math.ceil(shape.accounts * f),
    places: Math.ceil(shape.places * f),
    resources: Math.ceil(shape.resources * f),
    dynamicResources: Math.ceil(shape.dynamicResources * f),
    snapshotBytes: Math.ceil(shape.snapshotBytes * f),
  };
}
