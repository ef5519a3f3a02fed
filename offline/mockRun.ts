/**
 * Runs the real Pulumi program under `pulumi.runtime.setMocks`, with a stack's
 * config and no credentials or network, and returns every resource it
 * registered (type, name, inputs, provider, parent, dependencies) and the stack
 * outputs. The offline plan, the tests, the policy tests and the benchmark all
 * see the program through this one function.
 */
import * as pulumi from "@pulumi/pulumi";

import type { OrganizationSnapshot } from "../config/discovery";
import { PROJECT_NAME, PROJECT_ROOT, readStackConfigFile } from "../config/sources";

export interface MockedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Inputs as registered (what a preview shows). */
  readonly inputs: Record<string, unknown>;
  /** Inputs plus what the mock computed (ids, ARNs). */
  readonly state: Record<string, unknown>;
  readonly provider?: string;
  readonly parent?: string;
  readonly dependsOn: readonly string[];
  readonly custom: boolean;
  /** The aliases it registered with, when any (the engine carries a component's down to its children). */
  readonly aliases?: readonly RegisteredAlias[];
}

/** An alias as registered: a URN, or a spec whose empty fields mean the resource's own. */
export type RegisteredAlias =
  { readonly urn: string } | { readonly name: string; readonly type: string; readonly parentUrn: string; readonly noParent: boolean };

export interface ProgramRun {
  readonly resources: readonly MockedResource[];
  readonly outputs: Record<string, unknown>;
  /** Invokes answered, by token (e.g. organization discovery). */
  readonly invokes: readonly string[];
}

export interface RunOptions {
  readonly stack: string;
  /** Stack config entries (`aws-config-org:key` -> value) replacing or adding to Pulumi.<stack>.yaml's. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Skip Pulumi.<stack>.yaml and use only `config`. */
  readonly configOnly?: boolean;
  /** The organization that discovery sees. */
  readonly organization?: OrganizationSnapshot;
  /** `pulumi preview`: outputs the mock does not compute stay unknown. */
  readonly preview?: boolean;
  readonly projectRoot?: string;
  /** Keep Pulumi's per-promise stack traces (debugging the program itself; slower). */
  readonly keepStackTraces?: boolean;
}

/** The mock's idea of computed outputs: realistic ARNs and names where the program reads them. */
function computedState(type: string, name: string, inputs: Record<string, unknown>, accountOf: (provider?: string) => string): Record<string, unknown> {
  const partition = "aws";
  const region = typeof inputs.region === "string" ? inputs.region : "us-east-1";
  switch (type) {
    case "aws:s3/bucket:Bucket":
      return { arn: `arn:${partition}:s3:::${String(inputs.bucket ?? name)}`, bucket: inputs.bucket ?? name };
    case "aws:iam/role:Role":
      return { arn: `arn:${partition}:iam::${accountOf()}:role/${String(inputs.name ?? name)}`, name: inputs.name ?? name };
    case "aws:kms/key:Key":
      return { arn: `arn:${partition}:kms:${region}:${accountOf()}:key/${name}-0000`, keyId: `${name}-0000` };
    case "aws:cfg/configurationAggregator:ConfigurationAggregator":
      return { arn: `arn:${partition}:config:${region}:${accountOf()}:config-aggregator/config-aggregator-${name}` };
    case "aws:sns/topic:Topic":
      return { arn: `arn:${partition}:sns:${region}:${accountOf()}:${String(inputs.name ?? name)}` };
    case "aws:sqs/queue:Queue":
      return {
        arn: `arn:${partition}:sqs:${region}:${accountOf()}:${String(inputs.name ?? name)}`,
        url: `https://sqs.${region}.amazonaws.com/${accountOf()}/${String(inputs.name ?? name)}`,
      };
    case "aws:cloudwatch/eventConnection:EventConnection":
      return { arn: `arn:${partition}:events:${region}:${accountOf()}:connection/${String(inputs.name ?? name)}/0000` };
    case "aws:cloudwatch/eventApiDestination:EventApiDestination":
      return { arn: `arn:${partition}:events:${region}:${accountOf()}:api-destination/${String(inputs.name ?? name)}/0000` };
    default:
      return {};
  }
}

export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const fileConfig = options.configOnly ? {} : readStackConfigFile(projectRoot, options.stack);
  const config = { ...fileConfig, ...(options.config ?? {}) };

  const resources: MockedResource[] = [];
  const invokes: string[] = [];
  const extra = new Map<string, Registration>();
  const providerAccounts = new Map<string, string>();

  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      const id = `${args.name}-id`;
      const inputs = plainData(args.inputs) as Record<string, unknown>;
      if (args.type === "pulumi:providers:aws") {
        // Provider inputs reach the mock JSON-encoded.
        const ids = typeof inputs.allowedAccountIds === "string" ? (JSON.parse(inputs.allowedAccountIds) as unknown) : inputs.allowedAccountIds;
        if (Array.isArray(ids)) providerAccounts.set(args.name, String(ids[0]));
      }
      const accountOf = () => providerAccounts.get(providerName(args.provider)) ?? "000000000000";
      const state = { ...inputs, ...computedState(args.type, args.name, inputs, accountOf) };
      resources.push({
        urn: "",
        type: args.type,
        name: args.name,
        inputs,
        state,
        ...(args.provider ? { provider: args.provider } : {}),
        dependsOn: [],
        custom: true,
      });
      return { id, state };
    },
    call(args) {
      invokes.push(args.token);
      const org = options.organization;
      switch (args.token) {
        case "aws:organizations/getOrganization:getOrganization":
          if (!org) throw new Error("the program asked for the organization's accounts, but no organization fixture was given");
          return {
            id: "o-fixture",
            accounts: org.accounts.map((a) => ({
              ...a,
              state: a.status,
              arn: `arn:aws:organizations::000000000000:account/o-fixture/${a.id}`,
              email: `${a.id}@example.com`,
            })),
            nonMasterAccounts: [],
            roots: [],
            featureSet: "ALL",
          };
        case "aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts": {
          const ou = String(args.inputs.parentId);
          return { id: ou, parentId: ou, accounts: (org?.ouMembers[ou] ?? []).map((id) => ({ id, name: id, status: "ACTIVE" })) };
        }
        default:
          throw new Error(`the offline run does not answer the invoke \`${args.token}\`: add it to lib/mockRun.ts`);
      }
    },
  };

  await pulumi.runtime.setMocks(mocks, PROJECT_NAME, options.stack, options.preview ?? false);
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])));
  captureRegistrations(extra);

  // The program module exports one async function; run it afresh for this stack.
  const program = require("../index") as () => Promise<Record<string, unknown>>;
  // Pulumi records a stack trace on every promise and resource for leak diagnostics; offline
  // they are never read, and formatting them was a third of the plan's time (npm run bench).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = options.keepStackTraces ? stackTraceLimit : 0;
  let outputs: Record<string, unknown>;
  try {
    outputs = await program();
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }

  // Join what the mock saw (inputs, state) with what the monitor saw (URN, parent, dependencies).
  const byKey = new Map(resources.map((r) => [`${r.type}::${r.name}`, r]));
  const all: MockedResource[] = [...extra.entries()].map(([urn, e]) => {
    const mocked = byKey.get(`${e.type}::${e.name}`);
    return {
      urn,
      type: e.type,
      name: e.name,
      inputs: mocked?.inputs ?? {},
      state: mocked?.state ?? {},
      ...(mocked?.provider ? { provider: mocked.provider } : {}),
      ...(e.parent ? { parent: e.parent } : {}),
      dependsOn: e.dependsOn,
      custom: e.custom,
      ...(e.aliases ? { aliases: e.aliases } : {}),
    };
  });

  return { resources: all, outputs: await resolveOutputs(outputs, options.preview ?? false), invokes };
}

/**
 * Inputs as plain data: assets and archives (whose contents are promises) become a
 * marker naming their kind, so policies and plans can clone and print every input.
 */
function plainData(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (pulumi.asset.Asset.isInstance(value)) return { "<asset>": value.constructor.name };
  if (pulumi.asset.Archive.isInstance(value)) return { "<archive>": (value as object).constructor.name };
  if ((value as object) instanceof Promise) return { "<promise>": true };
  if (Array.isArray(value)) return (value as unknown[]).map(plainData);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainData(v)]));
}

/** `urn:pulumi:stack::project::aws:s3/bucket:Bucket::name` style: the provider reference is `urn::id`. */
function providerName(ref?: string): string {
  if (!ref) return "";
  const urn = ref.split("::").slice(0, -1).join("::");
  return urn.split("::").pop() ?? "";
}

/**
 * The mock monitor's `newResource` does not see parents or dependencies:
 * wrap its `registerResource` to read them off the request, keyed by URN.
 */
function captureRegistrations(extra: Map<string, Registration>): void {
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): unknown };
  const monitor = settings.getMonitor() as {
    registerResource(req: RegisterRequest, cb: (err: unknown, resp: { getUrn(): string }) => void): Promise<void>;
  };
  // The mock monitor keeps every resource's serialized state for `getResource` look-ups, which
  // this program never makes; this runner keeps what it needs itself. Keeping only URN and id
  // there saves a tenth of the plan's peak memory at a thousand accounts (npm run bench).
  const withState = monitor as unknown as { resources: Map<string, { urn: string; id: string | null; state: unknown }> };
  withState.resources = new (class extends Map<string, { urn: string; id: string | null; state: unknown }> {
    override set(urn: string, r: { urn: string; id: string | null; state: unknown }) {
      return super.set(urn, { urn: r.urn, id: r.id, state: {} });
    }
  })();
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) =>
    original(req, (err, resp) => {
      if (!err && resp) {
        const parent = req.getParent();
        const aliases = req.getAliasesList().map(registeredAlias);
        extra.set(resp.getUrn(), {
          type: req.getType(),
          name: req.getName(),
          ...(parent ? { parent } : {}),
          dependsOn: req.getDependenciesList(),
          custom: req.getCustom(),
          ...(aliases.length > 0 ? { aliases } : {}),
        });
      }
      cb(err, resp);
    });
}

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly dependsOn: string[];
  readonly custom: boolean;
  readonly aliases?: readonly RegisteredAlias[];
}

interface AliasRequest {
  getUrn(): string;
  getSpec(): { getName(): string; getType(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getCustom(): boolean;
  getAliasesList(): AliasRequest[];
}

function registeredAlias(alias: AliasRequest): RegisteredAlias {
  const spec = alias.getSpec();
  return spec ? { name: spec.getName(), type: spec.getType(), parentUrn: spec.getParenturn(), noParent: spec.getNoparent() } : { urn: alias.getUrn() };
}

/** Resolves every Output inside the stack outputs (not in preview, where unknowns never resolve). */
async function resolveOutputs(value: unknown, preview: boolean): Promise<Record<string, unknown>> {
  if (preview) return {};
  const resolved = await new Promise<unknown>((resolve) => {
    pulumi.output(value as pulumi.Input<Record<string, unknown>>).apply((v) => resolve(v));
  });
  return (resolved ?? {}) as Record<string, unknown>;
}
