/**
 * `npm run bench`: figures, not assertions. Prints, for organizations of 10,
 * 100 and 1,000 accounts × 17 regions, the offline plan's resources, time and
 * peak memory (each in its own process), the provider processes each design
 * needs, serialized state bytes per account-region, the dynamic provider's
 * API calls and latency against moto, and a modeled `pulumi up` time.
 *
 * Run compiled (`tsc` then node): how the program is loaded is itself a large
 * part of registration cost (DESIGN.md, performance notes).
 */
import { execFileSync } from "child_process";
import * as os from "os";
import * as path from "path";

import { serializedImplementationSize } from "../components/multiaccount/serializedSize";
import { runProviderBench, type ProviderBenchResult } from "./provider";

interface PlanFigures {
  accounts: number;
  regions: number;
  resources: number;
  recorders: number;
  awsProviders: number;
  seconds: number;
  peakRssMB: number;
  stateBytesPerPlace: number;
}

/** Node flags for the plan process: a larger young generation (registration allocates many short-lived objects). */
export const PLAN_NODE_FLAGS = ["--max-semi-space-size=32"];

const REGIONS = 17;
const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000").split(",").map(Number);
/** Reported plugin process sizes (pulumi-aws#5226: ~170 MB; #5860: 300–430 MB RSS). */
const PLUGIN_MB = { low: 170, high: 430 };

function planInChildProcess(accounts: number): PlanFigures {
  const script = path.join(__dirname, "planRun.js");
  const out = execFileSync(process.execPath, [...PLAN_NODE_FLAGS, script, String(accounts), String(REGIONS)], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").pop()!) as PlanFigures;
}

function gb(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

/**
 * A `pulumi up` from scratch, modeled: each place costs its API calls at the
 * measured latency; places run `parallel` at a time (the provider's overall
 * bound, at most the engine's `--parallel`); each account adds one AssumeRole.
 */
export function modeledUpSeconds(places: number, accounts: number, p: ProviderBenchResult, latencyMs: number, parallel: number): number {
  const callsPerPlace = p.create.writesPerPlace + p.create.describesPerPlace;
  const assumeRoles = accounts * p.create.assumeRolePerAccount;
  return ((places * callsPerPlace + assumeRoles) * latencyMs) / 1000 / parallel;
}

async function main(): Promise<void> {
  process.stdout.write(`aws-config-org benchmark on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${gb(os.totalmem() / 1024 / 1024)} RAM, node ${process.version}\n\n`);

  process.stdout.write(`== Offline plan (real program under Pulumi mocks, compiled JavaScript, ${PLAN_NODE_FLAGS.join(" ")}), ${REGIONS} regions\n`);
  process.stdout.write("accounts  resources  recorders  seconds  peak RSS  state bytes/place  aws providers\n");
  const plans: PlanFigures[] = [];
  for (const n of SIZES) {
    const f = planInChildProcess(n);
    plans.push(f);
    process.stdout.write(
      `${String(n).padStart(8)}  ${String(f.resources).padStart(9)}  ${String(f.recorders).padStart(9)}  ${f.seconds.toFixed(1).padStart(7)}  ${gb(f.peakRssMB).padStart(8)}  ${String(f.stateBytesPerPlace).padStart(17)}  ${String(f.awsProviders).padStart(13)}\n`,
    );
  }

  process.stdout.write(`\n== Provider plugin processes needed (each ${PLUGIN_MB.low}–${PLUGIN_MB.high} MB, as reported upstream)\n`);
  process.stdout.write("accounts  this design  one aws.Provider per account  per account × region\n");
  for (const f of plans) {
    // This design: the central aws providers, one aws-native, one dynamic provider host for every account.
    const ours = f.awsProviders + 2;
    const perAccount = f.accounts;
    const perPlace = f.accounts * REGIONS;
    const range = (n: number) => `${n} (${gb(n * PLUGIN_MB.low)}–${gb(n * PLUGIN_MB.high)})`;
    process.stdout.write(`${String(f.accounts).padStart(8)}  ${range(ours).padStart(11)}  ${range(perAccount).padStart(28)}  ${range(perPlace).padStart(22)}\n`);
  }

  process.stdout.write("\n== Dynamic provider against moto (loopback)\n");
  const p = await runProviderBench();
  const sizes = Object.entries(p.serializedBytes).map(([k, v]) => `${k} ${v} B`).join(", ");
  process.stdout.write(
    `${p.accounts} accounts × ${p.regions} regions: create ${p.create.writesPerPlace.toFixed(2)} writes + ${p.create.describesPerPlace.toFixed(2)} describes per place, ` +
      `${p.create.assumeRolePerAccount.toFixed(2)} AssumeRole per account, ${p.create.wallMs} ms wall\n` +
      `no-change update: ${p.noChangeUpdate.writesPerPlace.toFixed(2)} writes, ${p.noChangeUpdate.describesPerPlace.toFixed(2)} describes per place\n` +
      `one-field update: ${p.oneFieldUpdate.writesPerPlace.toFixed(2)} writes per place; delete: ${p.delete.writesPerPlace.toFixed(2)} writes per place\n` +
      `serialized providers (the shim every resource's state keeps): ${sizes}; the ConfigRecorder implementation serialized by value would be ${await serializedImplementationSize("ConfigRecorder")} B\n` +
      `latency per call against moto: median ${p.latency.medianMs.toFixed(1)} ms, p90 ${p.latency.p90Ms.toFixed(1)} ms (${p.latency.samples} calls)\n`,
  );

  const parallel = Number(process.env.AWS_CONFIG_ORG_MAX_TOTAL ?? 32);
  const awsLatencyMs = 120; // assumption for a real regional Config endpoint, not measured here
  process.stdout.write(`\n== Modeled \`pulumi up\` from scratch (provider overall bound ${parallel} concurrent operations)\n`);
  process.stdout.write("accounts  places  at moto latency  at an assumed 120 ms per AWS call\n");
  for (const f of plans) {
    const places = f.recorders;
    process.stdout.write(
      `${String(f.accounts).padStart(8)}  ${String(places).padStart(6)}  ${`${modeledUpSeconds(places, f.accounts, p, p.latency.medianMs, parallel).toFixed(1)} s`.padStart(15)}  ${`${(modeledUpSeconds(places, f.accounts, p, awsLatencyMs, parallel) / 60).toFixed(1)} min`.padStart(33)}\n`,
    );
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
