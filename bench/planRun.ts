/**
 * One offline plan of a synthetic organization, in its own process so that
 * its time and peak memory are its own. Prints one JSON line.
 * Usage: node bench/planRun.js <accounts> <regions>
 */
import { runProgram } from "../offline/mockRun";
import { syntheticOrganization } from "../offline/syntheticOrganization";
import { TYPES } from "../offline/planModel";
import { recorderStateBytes, snapshotEntryBytes } from "./stateSize";

async function main(): Promise<void> {
  const accounts = Number(process.argv[2] ?? 10);
  const regions = Number(process.argv[3] ?? 17);
  const org = syntheticOrganization(accounts, regions);
  try {
    const started = process.hrtime.bigint();
    const run = await runProgram({ stack: "bench", config: org.config, configOnly: true });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const recorders = run.resources.filter((r) => r.type === TYPES.recorder);
    // State bytes per account-region: what the engine stores for a recorder (inputs + outputs, provider included).
    // Summed per resource: one JSON text of them all would itself add a peak of hundreds of MB.
    const stateBytes = recorders.length ? recorders.reduce((sum, r) => sum + recorderStateBytes(r.inputs), 0) / recorders.length : 0;
    const snapshotBytes = run.resources.reduce((sum, r) => sum + snapshotEntryBytes(r), 0);
    process.stdout.write(
      JSON.stringify({
        accounts,
        regions,
        resources: run.resources.length,
        recorders: recorders.length,
        awsProviders: run.resources.filter((r) => r.type === TYPES.awsProvider).length,
        dynamicResources: run.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).length,
        seconds,
        peakRssMB: process.resourceUsage().maxRSS / 1024,
        stateBytesPerPlace: Math.round(stateBytes),
        snapshotBytes,
      }) + "\n",
    );
  } finally {
    org.cleanup();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
