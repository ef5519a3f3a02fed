/**
 * Benchmark of the multi-account provider against moto: API calls per account × region for
 * a create, a no-change update, a one-field update and a delete; AssumeRole calls per
 * account; wall time; serialized provider size; and measured per-call latency (exported
 * for the `pulumi up` time model).
 *
 * Run: `npx ts-node --transpile-only bench/provider.ts [accounts] [regions]` (default 5 × 3).
 */
import type { AwsCall } from "../components/multiaccount/callHooks";
import { configRecorderProvider as provider } from "../components/multiaccount/lifecycles/configRecorder";
import type { ConfigRecorderInputs, ConfigRecorderOutputs } from "../components/multiaccount/resources/configRecorder";
import { serializedProviderSizes } from "../components/multiaccount/serializedSize";
import { clearSessionCache } from "../components/multiaccount/session";
import { setMotoEnv, startMoto, type MotoServer } from "../tests/helpers/moto";
import { recordCalls, recorderInputs } from "../tests/components/multiaccount/support/inputs";
import { createTestOrg } from "../tests/components/multiaccount/support/org";

const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2", "eu-central-1", "ap-northeast-1", "sa-east-1", "ca-central-1"];

/** Latency of SDK calls against moto on loopback, in milliseconds. */
export interface CallLatency {
  readonly samples: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly meanMs: number;
  /** Per command: how many samples and their median. */
  readonly byCommand: Readonly<Record<string, { readonly count: number; readonly medianMs: number }>>;
}

/** Counts of one phase, per place (account × region). */
export interface PhaseFigures {
  readonly places: number;
  readonly writesPerPlace: number;
  readonly describesPerPlace: number;
  readonly assumeRolePerAccount: number;
  readonly wallMs: number;
}

export interface ProviderBenchResult {
  readonly accounts: number;
  readonly regions: number;
  readonly create: PhaseFigures;
  readonly noChangeUpdate: PhaseFigures;
  readonly oneFieldUpdate: PhaseFigures;
  readonly delete: PhaseFigures;
  readonly serializedBytes: Readonly<Record<string, number>>;
  readonly latency: CallLatency;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Latency figures from recorded calls (AssumeRole included: it is part of every run). */
export function latencyOf(calls: readonly AwsCall[]): CallLatency {
  const all = calls.map((c) => c.millis).sort((a, b) => a - b);
  const groups = new Map<string, number[]>();
  for (const c of calls) groups.set(c.command, [...(groups.get(c.command) ?? []), c.millis]);
  return {
    samples: all.length,
    medianMs: quantile(all, 0.5),
    p90Ms: quantile(all, 0.9),
    meanMs: all.length ? Math.round((all.reduce((a, b) => a + b, 0) / all.length) * 10) / 10 : 0,
    byCommand: Object.fromEntries(
      [...groups].map(([command, ms]) => [
        command,
        {
          count: ms.length,
          medianMs: quantile(
            [...ms].sort((a, b) => a - b),
            0.5,
          ),
        },
      ]),
    ),
  };
}

/** Start moto with the SDK pointed at it; the returned `done` restores everything. */
async function withMoto<T>(run: (server: MotoServer) => Promise<T>): Promise<T> {
  const server = await startMoto();
  const restore = setMotoEnv(server.endpoint);
  clearSessionCache();
  try {
    return await run(server);
  } finally {
    clearSessionCache();
    restore();
    await server.stop();
  }
}

async function phase(placeCount: number, accountCount: number, work: () => Promise<unknown>): Promise<{ figures: PhaseFigures; calls: AwsCall[] }> {
  const rec = recordCalls();
  const started = Date.now();
  try {
    await work();
  } finally {
    rec.stop();
  }
  const wallMs = Date.now() - started;
  const config = rec.calls.filter((c) => c.service === "config");
  return {
    calls: rec.calls,
    figures: {
      places: placeCount,
      writesPerPlace: config.filter((c) => c.write).length / placeCount,
      describesPerPlace: config.filter((c) => !c.write).length / placeCount,
      assumeRolePerAccount: rec.calls.filter((c) => c.command === "AssumeRole").length / accountCount,
      wallMs,
    },
  };
}

/**
 * Per-call latency against moto: sequential create/delete cycles on one place, so calls do
 * not queue behind each other. Starts its own moto unless one is running for the caller.
 */
export async function measureMotoCallLatency(cycles = 10): Promise<CallLatency> {
  return withMoto(async () => {
    const org = await createTestOrg(1);
    const m = org.members[0];
    const calls: AwsCall[] = [];
    for (let i = 0; i < cycles; i++) {
      clearSessionCache(); // one AssumeRole per cycle, as one per account per run
      const { calls: created } = await phase(1, 1, async () => {
        const { outs } = await provider.create(recorderInputs(m, "eu-west-1", org.bucket));
        await provider.delete!("id", outs as ConfigRecorderOutputs);
      });
      calls.push(...created);
    }
    return latencyOf(calls);
  });
}

/** The measurements, without printing. */
export async function runProviderBench(accountCount = 5, regionCount = 3): Promise<ProviderBenchResult> {
  const regions = REGIONS.slice(0, regionCount);
  const measured = await withMoto(async () => {
    const org = await createTestOrg(accountCount);
    const places = org.members.flatMap((m) => regions.map((region) => ({ m, region, inputs: recorderInputs(m, region, org.bucket) })));
    const outs = new Map<ConfigRecorderInputs, ConfigRecorderOutputs>();

    const create = await phase(places.length, accountCount, async () => {
      await Promise.all(places.map(async (p) => outs.set(p.inputs, (await provider.create(p.inputs)).outs as ConfigRecorderOutputs)));
    });

    // The engine calls diff, and update only when diff reports changes.
    const engineUpdate = async (olds: ConfigRecorderOutputs, news: ConfigRecorderInputs) => {
      const diff = await provider.diff!("id", olds, news);
      return diff.changes ? ((await provider.update!("id", olds, news)).outs as ConfigRecorderOutputs) : olds;
    };
    const noChangeUpdate = await phase(places.length, accountCount, async () => {
      await Promise.all(places.map((p) => engineUpdate(outs.get(p.inputs) as ConfigRecorderOutputs, p.inputs)));
    });
    const oneFieldUpdate = await phase(places.length, accountCount, async () => {
      await Promise.all(
        places.map(async (p) => {
          const news = { ...p.inputs, deliveryChannel: { ...p.inputs.deliveryChannel, configSnapshotDeliveryProperties: { deliveryFrequency: "One_Hour" } } };
          outs.set(p.inputs, await engineUpdate(outs.get(p.inputs) as ConfigRecorderOutputs, news));
        }),
      );
    });
    clearSessionCache(); // destroy is another run: one AssumeRole per account again
    const deleted = await phase(places.length, accountCount, async () => {
      await Promise.all(places.map((p) => provider.delete!("id", outs.get(p.inputs) as ConfigRecorderOutputs)));
    });
    return {
      create: create.figures,
      noChangeUpdate: noChangeUpdate.figures,
      oneFieldUpdate: oneFieldUpdate.figures,
      delete: deleted.figures,
    };
  });
  const latency = await measureMotoCallLatency();
  return { accounts: accountCount, regions: regions.length, ...measured, serializedBytes: await serializedProviderSizes(), latency };
}

/** Print the benchmark (the `bench` entry point calls this). */
export async function benchProvider(accountCount = 5, regionCount = 3): Promise<void> {
  const r = await runProviderBench(accountCount, regionCount);
  const row = (name: string, p: PhaseFigures) =>
    `  ${name.padEnd(18)} writes/place ${p.writesPerPlace.toFixed(2)}  describes/place ${p.describesPerPlace.toFixed(2)}  ` +
    `AssumeRole/account ${p.assumeRolePerAccount.toFixed(2)}  wall ${p.wallMs} ms`;
  console.log(`multi-account provider against moto: ${r.accounts} accounts × ${r.regions} regions = ${r.create.places} places`);
  console.log(row("create", r.create));
  console.log(row("no-change update", r.noChangeUpdate));
  console.log(row("one-field update", r.oneFieldUpdate));
  console.log(row("delete", r.delete));
  console.log(
    `  serialized provider bytes: ${Object.entries(r.serializedBytes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  console.log(
    `  per-call latency (moto, loopback): median ${r.latency.medianMs} ms, p90 ${r.latency.p90Ms} ms, mean ${r.latency.meanMs} ms over ${r.latency.samples} calls`,
  );
  for (const [command, v] of Object.entries(r.latency.byCommand)) console.log(`    ${command.padEnd(36)} ${v.medianMs} ms (n=${v.count})`);
}

if (require.main === module) {
  const [accounts, regions] = process.argv.slice(2).map(Number);
  benchProvider(accounts || 5, regions || 3).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
