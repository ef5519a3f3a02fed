/**
 * `npm run bench`: figures, not assertions. For organizations of 10, 100 and 1,000
 * accounts × 17 regions it prints, each run in its own process:
 * - the program on the path `pulumi preview` runs (Pulumi's Node language host launch of
 *   the committed Pulumi.yaml, the SDK's real gRPC path, a fake engine on loopback:
 *   bench/realPath), beside the offline plan (the program under Pulumi mocks) and the SDK's
 *   own floor for as many places measured in the same run (bench/sdkFloor);
 * - what the state keeps per account-region and for the whole stack;
 * - the provider processes each design needs;
 * - the dynamic provider against moto (API calls, latency) and through the real dynamic
 *   provider host (Check and Diff per resource);
 * - a modeled `pulumi preview` and `pulumi up` per backend, and a sharding table.
 *
 * Options (after `npm run bench --`): `--sizes 10,100` (or BENCH_SIZES) to run only some sizes
 * (1,000 × 17 takes a few minutes); `--runs 3` to repeat the real path at the largest size
 * and print min/median/max; `--variants ts-node,compiled` to run other launches beside the
 * committed one (bench/realPath/variants.ts); `--no-moto` to skip the moto section.
 */
import { execFileSync } from "child_process";
import * as os from "os";
import * as path from "path";

import { serializedForwarderSize, serializedImplementationSize, serializedProviderSize } from "../components/multiaccount/serializedSize";
import { runProviderBench, type ProviderBenchResult } from "./provider";
import { runProviderHostBench, type ProviderHostFigures } from "./providerHost";
import type { RealPathFigures } from "./realPath/run";
import { VARIANTS, type VariantName } from "./realPath/variants";
import { ASSUMPTIONS, modelUp, shardOf, type MeasuredCosts, type StackShape } from "./upModel";

interface PlanFigures {
  accounts: number;
  regions: number;
  resources: number;
  recorders: number;
  awsProviders: number;
  dynamicResources: number;
  seconds: number;
  peakRssMB: number;
  stateBytesPerPlace: number;
  snapshotBytes: number;
}

type ProgramFigures = RealPathFigures & { accounts: number; variant: string };
type FloorFigures = RealPathFigures & { places: number };

/** Node flags for the offline plan process: a larger young generation (registration allocates many short-lived objects). */
export const PLAN_NODE_FLAGS = ["--max-semi-space-size=32"];

const REGIONS = 17;
/** Reported plugin process sizes (pulumi-aws#5226: ~170 MB; #5860: 300–430 MB RSS). */
const PLUGIN_MB = { low: 170, high: 430 };
/** The CLI's default `--parallel`: 4 × GOMAXPROCS (pulumi/pulumi#14989); 8 on a 2-vCPU Pulumi Deployments runner. */
const DEFAULT_PARALLEL = 4 * os.availableParallelism();

interface Options {
  sizes: number[];
  runs: number;
  variants: VariantName[];
  moto: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (value("--sizes") ?? process.env.BENCH_SIZES ?? "10,100,1000").split(",").map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 3)) throw new Error(`--sizes: whole numbers of accounts, at least 3 each (got \`${sizes.join(",")}\`)`);
  const variants = (value("--variants") ?? "").split(",").filter(Boolean) as VariantName[];
  for (const v of variants) if (!(v in VARIANTS)) throw new Error(`--variants: unknown \`${v}\`; one of ${Object.keys(VARIANTS).join(", ")}`);
  const runs = Number(value("--runs") ?? 1);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: a whole number of at least 1 (got \`${value("--runs")}\`)`);
  return { sizes, runs, variants, moto: !argv.includes("--no-moto") };
}

function childJson<T>(script: string, args: readonly string[], nodeFlags: readonly string[] = []): T {
  const out = execFileSync(process.execPath, [...nodeFlags, path.join(__dirname, script), ...args], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").pop()!) as T;
}

const planOf = (accounts: number) => childJson<PlanFigures>("planRun.js", [String(accounts), String(REGIONS)], PLAN_NODE_FLAGS);
const programOf = (accounts: number, variant: VariantName = "project") => childJson<ProgramFigures>("realPath/cli.js", ["program", String(accounts), variant]);
const floorOf = (places: number) => childJson<FloorFigures>("realPath/cli.js", ["floor", String(places)]);

function size(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${Math.round(mb)} MB`;
}
function bytes(b: number): string {
  return b >= 1024 * 1024 * 1024 ? `${(b / 1024 ** 3).toFixed(1)} GB` : b >= 1024 * 1024 ? `${(b / 1024 ** 2).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`;
}
function duration(s: number): string {
  return s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`;
}
function row(cells: readonly (string | number)[], widths: readonly number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join("  ") + "\n";
}
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Program seconds and peak MB at any size, by straight lines through the measured sizes (extrapolated past the largest). */
function interpolate(points: readonly { accounts: number; value: number }[], accounts: number): number {
  const p = [...points].sort((a, b) => a.accounts - b.accounts);
  if (p.length === 1) return (p[0].value * accounts) / p[0].accounts;
  let i = p.findIndex((q) => q.accounts >= accounts);
  if (i <= 0) i = i === 0 ? 1 : p.length - 1;
  const [a, b] = [p[i - 1], p[i]];
  return Math.max(0, a.value + ((b.value - a.value) * (accounts - a.accounts)) / (b.accounts - a.accounts));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--engine")) {
    const list = (flag: string, fallback: string) =>
      (argv[argv.indexOf(flag) + 1] && argv.includes(flag) ? argv[argv.indexOf(flag) + 1]! : fallback).split(",").map(Number);
    await (await import("./engine")).runEngineBench(list("--sizes", "10,100"), list("--naive", "10"));
    return;
  }
  const options = parseOptions(process.argv.slice(2));
  const w = (s: string) => process.stdout.write(s);
  w(
    `aws-config-org benchmark on ${os.availableParallelism()} × ${os.cpus()[0]?.model ?? "cpu"}, ${size(os.totalmem() / 1024 / 1024)} RAM, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}\n`,
  );
  w("Times are wall clock on a machine shared with other work: compare figures of one run, and read CPU seconds where noise matters.\n\n");

  // 1. Offline plan, real path and SDK floor, size by size.
  w(
    `== ${REGIONS} regions: the real path (\`pulumi preview\` as the Node language host runs the committed Pulumi.yaml, fake engine), the offline plan, the SDK floor\n`,
  );
  w(
    `engine --parallel ${DEFAULT_PARALLEL}; peak RSS and CPU of the program's process; floor: as many places, each a component with one custom child of a recorder's input, compiled, the program's start-up settings (startup/runtimeSettings.ts)\n`,
  );
  const widths = [8, 9, 9, 8, 9, 9, 9, 9, 9, 9, 9, 7, 7];
  w(
    row(
      ["accounts", "resources", "real s", "real cpu", "real RSS", "plan s", "plan RSS", "floor res", "floor s", "floor cpu", "floor RSS", "×floor", "×RSS"],
      widths,
    ),
  );
  const plans: PlanFigures[] = [];
  const programs: ProgramFigures[] = [];
  for (const n of options.sizes) {
    const plan = planOf(n);
    const program = programOf(n);
    const floor = floorOf(n * REGIONS);
    plans.push(plan);
    programs.push(program);
    w(
      row(
        [
          n,
          program.resources,
          program.seconds.toFixed(1),
          program.cpuSeconds.toFixed(1),
          size(program.peakRssMB),
          plan.seconds.toFixed(1),
          size(plan.peakRssMB),
          floor.resources,
          floor.seconds.toFixed(1),
          floor.cpuSeconds.toFixed(1),
          size(floor.peakRssMB),
          (program.seconds / floor.seconds).toFixed(2),
          (program.peakRssMB / floor.peakRssMB).toFixed(2),
        ],
        widths,
      ),
    );
  }
  const largest = options.sizes[options.sizes.length - 1];

  if (options.runs > 1) {
    const runs = [programs[programs.length - 1], ...Array.from({ length: options.runs - 1 }, () => programOf(largest))];
    const stat = (f: (r: ProgramFigures) => number, fmt: (x: number) => string) => {
      const xs = runs.map(f);
      return `min ${fmt(Math.min(...xs))}, median ${fmt(median(xs))}, max ${fmt(Math.max(...xs))}`;
    };
    w(
      `\n${largest} accounts, ${runs.length} real-path runs: wall ${stat(
        (r) => r.seconds,
        (x) => `${x.toFixed(1)} s`,
      )}; CPU ${stat(
        (r) => r.cpuSeconds,
        (x) => `${x.toFixed(1)} s`,
      )}; peak RSS ${stat((r) => r.peakRssMB, size)}\n`,
    );
  }

  if (options.variants.length > 0) {
    w(`\n== Launch variants at ${largest} accounts (one change each from the committed Pulumi.yaml)\n`);
    for (const v of options.variants) {
      const f = programOf(largest, v);
      w(
        `${v.padEnd(24)} ${f.seconds.toFixed(1).padStart(7)} s  cpu ${f.cpuSeconds.toFixed(1).padStart(7)} s  peak ${size(f.peakRssMB).padStart(8)}  (${VARIANTS[v].description})\n`,
      );
    }
  }

  // 2. State.
  w("\n== What the state keeps (offline plan's resources; outputs as the dynamic provider host stores them)\n");
  w(row(["accounts", "per place", "snapshot", "per resource"], [8, 10, 10, 12]));
  for (const p of plans) w(row([p.accounts, bytes(p.stateBytesPerPlace), bytes(p.snapshotBytes), bytes(p.snapshotBytes / p.resources)], [8, 10, 10, 12]));
  w(
    `provider text per multi-account resource (stored twice): ${await serializedProviderSize("ConfigRecorder")} B; a forwarding object serialized like pulumi.dynamic.Resource ` +
      `would be ${await serializedForwarderSize()} B, the implementation by value ${await serializedImplementationSize("ConfigRecorder")} B\n`,
  );

  // 3. Plugin processes.
  w(`\n== Provider plugin processes needed (each ${PLUGIN_MB.low}–${PLUGIN_MB.high} MB, as reported upstream)\n`);
  w("accounts  this design  one aws.Provider per account  per account × region\n");
  for (const f of plans) {
    const range = (n: number) => `${n} (${size(n * PLUGIN_MB.low)}–${size(n * PLUGIN_MB.high)})`;
    w(
      `${String(f.accounts).padStart(8)}  ${range(f.awsProviders + 2).padStart(11)}  ${range(f.accounts).padStart(28)}  ${range(f.accounts * REGIONS).padStart(22)}\n`,
    );
  }

  // 4. The provider: against moto, and through the dynamic provider host.
  let provider: ProviderBenchResult | undefined;
  if (options.moto) {
    w("\n== Dynamic provider against moto (loopback)\n");
    provider = await runProviderBench();
    const p = provider;
    w(
      `${p.accounts} accounts × ${p.regions} regions: create ${p.create.writesPerPlace.toFixed(2)} writes + ${p.create.describesPerPlace.toFixed(2)} describes per place, ` +
        `${p.create.assumeRolePerAccount.toFixed(2)} AssumeRole per account, ${p.create.wallMs} ms wall\n` +
        `no-change update: ${p.noChangeUpdate.writesPerPlace.toFixed(2)} writes, ${p.noChangeUpdate.describesPerPlace.toFixed(2)} describes per place; ` +
        `one-field update: ${p.oneFieldUpdate.writesPerPlace.toFixed(2)} writes per place; delete: ${p.delete.writesPerPlace.toFixed(2)} writes per place\n` +
        `provider text (the state's __provider): ${Object.entries(p.serializedBytes)
          .map(([k, v]) => `${k} ${v} B`)
          .join(", ")}\n` +
        `latency per call against moto: median ${p.latency.medianMs.toFixed(1)} ms, p90 ${p.latency.p90Ms.toFixed(1)} ms (${p.latency.samples} calls)\n`,
    );
  }
  const hostResources = Math.min(5000, Math.max(...plans.map((p) => p.recorders)));
  const host: ProviderHostFigures = await runProviderHostBench(hostResources, DEFAULT_PARALLEL);
  w(
    `\n== The real dynamic provider host (cmd/dynamic-provider), driven as the engine drives it, --parallel ${host.parallel}\n` +
      `${host.resources} recorders: Check ${host.checkSeconds.toFixed(1)} s, Diff ${host.diffSeconds.toFixed(1)} s wall; ` +
      `host CPU ${host.hostCpuSeconds.toFixed(1)} s = ${host.cpuMsPerResource.toFixed(2)} ms per resource (Check + Diff)\n`,
  );

  // 5. Modeled preview and up, per backend; then sharding.
  const createCalls = provider ? provider.create.writesPerPlace + provider.create.describesPerPlace : 5;
  const assumeRoles = provider ? provider.create.assumeRolePerAccount : 1;
  const secondsAt = (accounts: number) =>
    interpolate(
      programs.map((p) => ({ accounts: p.accounts, value: p.seconds })),
      accounts,
    );
  const peakAt = (accounts: number) =>
    interpolate(
      programs.map((p) => ({ accounts: p.accounts, value: p.peakRssMB })),
      accounts,
    );
  const shapeOf = (p: PlanFigures): StackShape => ({
    accounts: p.accounts,
    places: p.recorders,
    resources: p.resources,
    dynamicResources: p.dynamicResources,
    snapshotBytes: p.snapshotBytes,
  });
  const costsAt = (accounts: number): MeasuredCosts => ({
    programSeconds: secondsAt(accounts),
    hostCpuMsPerResource: host.cpuMsPerResource,
    createCallsPerPlace: createCalls,
    assumeRolePerAccount: assumeRoles,
  });

  w(
    `\n== Modeled \`pulumi preview\` (unchanged stack) and \`pulumi up\` (from scratch), --parallel ${DEFAULT_PARALLEL}, ${ASSUMPTIONS.awsCallMs} ms per AWS call (assumed)\n`,
  );
  w(
    `checkpoint writes: file ${ASSUMPTIONS.fileBackendMBps} MB/s, S3 ${ASSUMPTIONS.s3MBps} MB/s + ${ASSUMPTIONS.s3RequestMs} ms a PUT, Pulumi Cloud journal ${ASSUMPTIONS.journalBatch} entries a request at ${ASSUMPTIONS.cloudRequestMs} ms (assumed)\n`,
  );
  const upWidths = [8, 9, 9, 9, 12, 12, 11, 11, 11, 11];
  w(row(["accounts", "preview", "AWS", "host", "file writes", "S3 bytes", "up file", "up S3", "up Cloud", "up no ckpt"], upWidths));
  for (const p of plans) {
    const m = modelUp(shapeOf(p), costsAt(p.accounts), DEFAULT_PARALLEL);
    w(
      row(
        [
          p.accounts,
          duration(m.previewSeconds),
          duration(m.awsSeconds),
          duration(m.hostSeconds),
          m.checkpoints.file.writes,
          bytes(m.checkpoints.s3.bytes),
          duration(m.upSeconds.file),
          duration(m.upSeconds.s3),
          duration(m.upSeconds.cloud),
          duration(m.upSeconds.skipped),
        ],
        upWidths,
      ),
    );
  }

  const biggest = plans[plans.length - 1];
  w(`\n== Sharding ${biggest.accounts} accounts into hash shards, Pulumi Deployments running every shard side by side (a 2-vCPU, 8 GB runner each)\n`);
  const shardWidths = [6, 9, 10, 10, 10, 10, 11, 11];
  w(row(["shards", "accounts", "program", "peak RSS", "snapshot", "preview", "up S3", "up Cloud"], shardWidths));
  for (const k of [1, 2, 4, 8, 16]) {
    const shape = shardOf(shapeOf(biggest), k);
    const m = modelUp(shape, costsAt(shape.accounts), DEFAULT_PARALLEL);
    w(
      row(
        [
          k,
          shape.accounts,
          duration(secondsAt(shape.accounts)),
          size(peakAt(shape.accounts)),
          bytes(shape.snapshotBytes),
          duration(m.previewSeconds),
          duration(m.upSeconds.s3),
          duration(m.upSeconds.cloud),
        ],
        shardWidths,
      ),
    );
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
