/**
 * A moto server on loopback for one test file: started on a free port, ready when it
 * answers (polled, no fixed sleeps), with `AWS_ENDPOINT_URL` and fake credentials set for
 * the SDK; stopped, and the environment restored, afterwards.
 *
 * Never sets `MOTO_ACCOUNT_ID` (with it moto maps every assumed role back to one account).
 * The caller's own account in moto is 123456789012.
 */
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { spawn, type ChildProcess } from "node:child_process";
import * as http from "node:http";
import * as net from "node:net";

import { motoTool, PROVISION_TIMEOUT_MS } from "../environment/pythonTools";

export const MOTO_DEFAULT_ACCOUNT = "123456789012";

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  /** Forget every resource moto holds (all accounts). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** The environment the SDK sees while moto stands in for AWS. */
export const MOTO_ENV_KEYS = [
  "AWS_ENDPOINT_URL",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_PROFILE",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_MAX_ATTEMPTS",
  "AWS_RETRY_MODE",
] as const;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function request(method: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Poll until moto answers, the process dies, or `timeoutMs` passes. */
async function waitReady(endpoint: string, child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode} before it was ready:\n${stderr()}`);
    try {
      if ((await request("GET", `${endpoint}/moto-api/data.json`)) === 200) return;
    } catch {
      // not listening yet
    }
    await delay(50);
  }
  throw new Error(`moto at ${endpoint} was not ready within ${timeoutMs} ms:\n${stderr()}`);
}

/**
 * Start `python -m moto.server` on a free loopback port and wait until it answers; the
 * Python is the machine's or the project's .venv-tools/ (tests/environment/pythonTools.ts).
 */
export async function startMoto(timeoutMs = 30_000): Promise<MotoServer> {
  const python = motoTool().command;
  const port = await freePort();
  const env = { ...process.env };
  delete env.MOTO_ACCOUNT_ID;
  const child = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitReady(endpoint, child, () => stderr, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint,
    port,
    reset: async () => {
      const status = await request("POST", `${endpoint}/moto-api/reset`);
      if (status !== 200) throw new Error(`moto reset answered ${status}`);
    },
    stop,
  };
}

/** Point the SDK at `endpoint` with fake credentials; returns a function that restores the environment. */
export function setMotoEnv(endpoint: string, region = "us-east-1"): () => void {
  const saved = Object.fromEntries(MOTO_ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of MOTO_ENV_KEYS) delete process.env[key];
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_ACCESS_KEY_ID = "testing";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
  process.env.AWS_REGION = region;
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  return () => {
    for (const key of MOTO_ENV_KEYS) {
      const value = saved[key];
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/**
 * Fail fast, and say why, when another test file left an aws-sdk-client-mock stub on an SDK
 * client (typically `mockClient(X)` at module load instead of in `before`): every call
 * would silently go to the stub instead of moto.
 */
export function assertSdkNotStubbed(): void {
  const clients = { STSClient, ConfigServiceClient, IAMClient, OrganizationsClient, S3Client, SSMClient };
  const stubbed = Object.entries(clients)
    .filter(([, client]) => {
      const send = Object.getOwnPropertyDescriptor(client.prototype, "send")?.value as { restore?: unknown } | undefined;
      return typeof send?.restore === "function";
    })
    .map(([name]) => name);
  if (stubbed.length > 0) {
    throw new Error(
      `${stubbed.map((n) => `\`${n}\``).join(", ")} still stubbed by aws-sdk-client-mock from another test file, so calls would not reach moto; ` +
        "create mocks in `before()` and `restore()` them in `after()`, not at module load",
    );
  }
}

/**
 * Mocha hooks for a test file: moto started in `before` with the environment set, stopped
 * and the environment restored in `after`. Read `.server` inside tests.
 */
export function useMoto(): { readonly server: MotoServer } {
  const holder: { server?: MotoServer; restore?: () => void } = {};
  before("find or provision moto", function () {
    // Apart from starting it: a first run may create .venv-tools/, which takes minutes.
    this.timeout(PROVISION_TIMEOUT_MS);
    motoTool();
  });
  before(async function () {
    this.timeout(60_000);
    assertSdkNotStubbed();
    holder.server = await startMoto();
    holder.restore = setMotoEnv(holder.server.endpoint);
  });
  after(async () => {
    holder.restore?.();
    await holder.server?.stop();
  });
  return {
    get server(): MotoServer {
      if (!holder.server) throw new Error("moto is not running: use `useMoto()` at the top of a describe block");
      return holder.server;
    },
  };
}
