/**
 * `npm run bench -- --engine [--sizes 10,100] [--naive 10]`: the program through the real
 * Pulumi engine (tests/engine: the CLI from tools/engine/provision, a file:// backend,
 * the real dynamic provider host against moto, stand-in aws and aws-native plugins that
 * answer at once), beside two references through the same engine in the same run:
 *
 * - the engine's floor: a program with as many trivial component and custom resources;
 * - the naive design: one explicit `aws.Provider` per account × region with
 *   `aws.cfg.Recorder`, `DeliveryChannel` and `RecorderStatus`, each provider its own
 *   plugin process (pulumi-aws#5226). The stand-in plugin is a small Node process, far
 *   lighter than the real one (170–430 MB): its memory figure is a floor for that design.
 *
 * For each: wall time and peak RSS of the CLI and everything it started (summed at the
 * peak), and the checkpoint's size, for `preview`, a first `up`, a no-op `up` and
 * `destroy`. Figures only: nothing here asserts a time.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

import { setMotoEnv, startMoto, MOTO_DEFAULT_ACCOUNT } from "../../tests/helpers/moto";
import { createOrganization, writeStackFiles, type EngineOrganization } from "../../tests/engine/engineOrganization";
import { startMotoFront } from "../../tests/engine/motoFront";
import { descendants, engineVersion, expectSuccess, initializedWorkspace, PROJECT_ROOT, STACK, workspace, type Workspace } from "../../tests/engine/pulumiCli";
import { cpuSecondsOfProcess } from "../realPath/fakeEngine";

const ALL_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "sa-east-1",
];

interface Figures {
  readonly what: string;
  readonly step: string;
  readonly seconds: number;
  readonly peakMB: number;
  readonly stateKB: number;
  readonly resources: number;
  /** CPU seconds by process kind: where the time went. */
  readonly cpu: Readonly<Record<ProcessKind, number>>;
}

const KINDS = ["engine", "program", "dynamic provider", "stand-ins", "other", "moto"] as const;
type ProcessKind = (typeof KINDS)[number];

/** What a process of the CLI's tree is, from its command line. */
function kindOf(cmdline: string): ProcessKind {
  if (/cmd\/dynamic-provider|pulumi-resource-pulumi-nodejs/.test(cmdline)) return "dynamic provider";
  if (/standinProvider/.test(cmdline)) return "stand-ins";
  if (/@pulumi\/pulumi\/cmd\/run\b/.test(cmdline)) return "program";
  if (/\/pulumi\0|^[^\0]*\/pulumi$|^pulumi\0/.test(cmdline)) return "engine";
  return "other";
}

function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

/** The moto server serving `endpoint`, found by its port in /proc. */
function motoPid(endpoint: string): number | undefined {
  const port = new URL(endpoint).port;
  for (const entry of readdirSync("/proc")) {
    if (/^\d+$/.test(entry) && /moto\.server/.test(cmdlineOf(Number(entry))) && cmdlineOf(Number(entry)).split("\0").includes(port)) return Number(entry);
  }
  return undefined;
}

/** Resident memory of a process and all its descendants, in KB, from /proc. */
function treeRssKB(pids: readonly number[]): number {
  let total = 0;
  for (const p of pids) {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return total;
}

let motoServerPid: number | undefined;

async function measure(ws: Workspace, what: string, step: string, args: string[], project = "aws-config-org"): Promise<Figures> {
  const started = Date.now();
  const motoBefore = motoServerPid ? (cpuSecondsOfProcess(motoServerPid) ?? 0) : 0;
  const { child, done } = ws.start(args);
  let peak = 0;
  // The last CPU reading of every process seen in the tree, and its kind.
  const seen = new Map<number, { kind: ProcessKind; cpu: number }>();
  const sample = () => {
    if (!child.pid) return;
    const pids = [child.pid, ...descendants(child.pid)];
    peak = Math.max(peak, treeRssKB(pids));
    for (const pid of pids) {
      const cpu = cpuSecondsOfProcess(pid);
      if (cpu === undefined) continue;
      seen.set(pid, { kind: seen.get(pid)?.kind ?? kindOf(cmdlineOf(pid)), cpu });
    }
  };
  const timer = setInterval(sample, 250);
  const result = await done;
  clearInterval(timer);
  expectSuccess(result, `${what}: pulumi ${step}`);
  const cpu = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<ProcessKind, number>;
  for (const { kind, cpu: seconds } of seen.values()) cpu[kind] += seconds;
  cpu.moto = motoServerPid ? (cpuSecondsOfProcess(motoServerPid) ?? motoBefore) - motoBefore : 0;
  const checkpoint = path.join(ws.dir, "state", ".pulumi", "stacks", project, `${STACK}.json`);
  let stateKB = 0,
    resources = 0;
  try {
    stateKB = statSync(checkpoint).size / 1024;
    resources =
      (JSON.parse(readFileSync(checkpoint, "utf8")) as { checkpoint?: { latest?: { resources?: unknown[] } } }).checkpoint?.latest?.resources?.length ?? 0;
  } catch {
    // no state yet (preview)
  }
  return { what, step, seconds: (Date.now() - started) / 1000, peakMB: peak / 1024, stateKB, resources, cpu };
}

async function organization(accounts: number): Promise<EngineOrganization> {
  const members = await createOrganization(Array.from({ length: accounts - 1 }, (_, i) => `member-${i + 1}`));
  const management = { id: MOTO_DEFAULT_ACCOUNT, name: "management" };
  // No legacy recorder to adopt: every place is created.
  return { management, security: members[0]!, sandbox: { id: "000000000000", name: "none" }, all: [management, ...members] };
}

/** A project whose program is `source`, sharing this checkout's node_modules. */
function project(dir: string, name: string, source: string): string {
  const root = path.join(dir, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`);
  writeFileSync(path.join(root, "package.json"), JSON.stringify({ name, private: true, main: "index.js" }));
  writeFileSync(path.join(root, "index.js"), source);
  symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"));
  return root;
}

const FLOOR = (components: number, customs: number) => `"use strict";
const pulumi = require("@pulumi/pulumi");
const parents = [];
for (let i = 0; i < ${components}; i++) parents.push(new pulumi.ComponentResource("bench:floor:Component", "c" + i, {}, {}));
for (let i = 0; i < ${customs}; i++) {
  new pulumi.CustomResource("aws:s3/bucketVersioning:BucketVersioning", "r" + i, { bucket: "b" + i }, { parent: parents[i % parents.length] });
}
`;

const NAIVE = (accounts: readonly string[], regions: readonly string[]) => `"use strict";
const aws = require("@pulumi/aws");
for (const account of ${JSON.stringify(accounts)}) {
  for (const region of ${JSON.stringify(regions)}) {
    const provider = new aws.Provider(\`aws-\${account}-\${region}\`, { region, allowedAccountIds: [account] });
    const recorder = new aws.cfg.Recorder(\`recorder-\${account}-\${region}\`, {
      name: "default", roleArn: \`arn:aws:iam::\${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig\`,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === "us-east-1" },
    }, { provider });
    const channel = new aws.cfg.DeliveryChannel(\`channel-\${account}-\${region}\`, { name: "default", s3BucketName: "central-config-bucket" }, { provider, dependsOn: [recorder] });
    new aws.cfg.RecorderStatus(\`status-\${account}-\${region}\`, { name: recorder.name, isEnabled: true }, { provider, dependsOn: [channel] });
  }
}
`;

/** A reference program's four steps, on a stack of its own. */
async function steps(ws: Workspace, what: string): Promise<Figures[]> {
  const project = path.basename(ws.projectDir);
  expectSuccess(await ws.run(["stack", "init", STACK]), `${what}: stack init`);
  return [
    await measure(ws, what, "preview", ["preview", "--stack", STACK], project),
    await measure(ws, what, "up", ["up", "--yes", "--skip-preview", "--stack", STACK], project),
    await measure(ws, what, "no-op up", ["up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", STACK], project),
    await measure(ws, what, "destroy", ["destroy", "--yes", "--skip-preview", "--stack", STACK], project),
  ];
}

export async function runEngineBench(sizes: readonly number[], naiveSizes: readonly number[]): Promise<void> {
  console.log(
    `engine bench: pulumi ${engineVersion()} (CLI as tools/engine/provision found it), stand-in aws plugins, moto 5.2.1, ${ALL_REGIONS.length} regions, ${new Date().toISOString().slice(0, 10)}`,
  );
  const rows: Figures[] = [];
  for (const accounts of sizes) {
    const moto = await startMoto();
    const front = await startMotoFront(moto.endpoint);
    const restore = setMotoEnv(front.endpoint);
    motoServerPid = motoPid(moto.endpoint);
    const dir = mkdtempSync(path.join(tmpdir(), "aws-config-org-engine-bench-"));
    try {
      const org = await organization(accounts);
      const files = writeStackFiles(path.join(dir, "stack"), org, { config: { regions: ALL_REGIONS, packs: [] } });
      const ws = await initializedWorkspace(path.join(dir, "program"), front.endpoint, files.organizationFixture);
      const env = { ...ws.env };
      const cfg = ["--config-file", files.configFile];
      const what = `aws-config-org ${accounts} × ${ALL_REGIONS.length}`;
      const ours = [
        await measure(ws, what, "preview", ["preview", "--stack", STACK, ...cfg]),
        await measure(ws, what, "up", ["up", "--yes", "--skip-preview", "--stack", STACK, ...cfg]),
        await measure(ws, what, "no-op up", ["up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", STACK, ...cfg]),
      ];
      const state = JSON.parse((await ws.run(["stack", "export", "--stack", STACK])).stdout) as {
        deployment: { resources: { type: string; custom?: boolean }[] };
      };
      ours.push(await measure(ws, what, "destroy", ["destroy", "--yes", "--skip-preview", "--exclude-protected", "--stack", STACK, ...cfg]));
      rows.push(...ours);
      const customs = state.deployment.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).length;
      const components = state.deployment.resources.filter((r) => !r.custom).length;

      const floorWs = workspace(path.join(dir, "floor-state"), env);
      floorWs.projectDir = project(dir, "floor", FLOOR(components, customs));
      rows.push(...(await steps(floorWs, `engine floor (${components} components + ${customs} custom)`)));

      if (naiveSizes.includes(accounts)) {
        const naiveWs = workspace(path.join(dir, "naive-state"), env);
        naiveWs.projectDir = project(
          dir,
          "naive",
          NAIVE(
            org.all.map((a) => a.id),
            ALL_REGIONS,
          ),
        );
        rows.push(...(await steps(naiveWs, `naive: aws.Provider per account × region, ${accounts} × ${ALL_REGIONS.length}`)));
      }
    } finally {
      restore();
      await front.stop();
      await moto.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    print(rows);
  }
}

function print(rows: readonly Figures[]): void {
  console.log(
    `\n| run | step | wall s | peak RSS MB (CLI + children) | state KB | resources in state | CPU s: ${KINDS.join(" / ")} |\n|---|---|---:|---:|---:|---:|---|`,
  );
  for (const r of rows) {
    const cpu = KINDS.map((k) => r.cpu[k].toFixed(1)).join(" / ");
    console.log(`| ${r.what} | ${r.step} | ${r.seconds.toFixed(1)} | ${r.peakMB.toFixed(0)} | ${r.stateKB.toFixed(0)} | ${r.resources} | ${cpu} |`);
  }
}
