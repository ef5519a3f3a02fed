/**
 * Running the pack without the Pulumi CLI: the resources a program registered
 * (under Pulumi mocks, or from the offline plan) are turned into the views
 * CrossGuard gives policies, and every policy runs the way the engine runs it
 * (config defaults from the schema, enforcement levels from the config,
 * not-applicable results skipped).
 *
 * Views, as in the engine: a resource policy sees the resource's inputs; a
 * stack policy sees outputs (here the registered state over the inputs, the
 * way bridged providers echo their inputs), providers with their inputs.
 */
import type {
  EnforcementLevel,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

import { policies as packPolicies } from "./policies";

/** A resource as a program registered it (the lead's `MockedResource`, and what the plan produces). */
export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** Outputs, when known (mocks: what `newResource` returned). */
  readonly state?: Record<string, unknown>;
  /** The provider reference `<provider urn>::<provider id>`, or the provider's URN. */
  readonly provider?: string;
  /** Parent URN. */
  readonly parent?: string;
  /** URNs this resource depends on. */
  readonly dependsOn?: readonly string[];
  /** Input name → URNs the input's value came from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** Resource id, when known; stack policies see it as the `id` output. */
  readonly id?: string;
}

export interface PackViolation {
  readonly policy: string;
  /** `remediate` is reported as `mandatory`, as the engine does. */
  readonly enforcement: "advisory" | "mandatory";
  readonly message: string;
  readonly urn?: string;
}

export interface PackVerdict {
  readonly violations: PackViolation[];
}

/** Policy config as in a `--policy-pack-config` file: policy name (or `all`) → level or object. */
export type PackConfig = Readonly<Record<string, unknown>>;

/** What the engine's `notApplicable()` throws, so a policy stops without a violation. */
class NotApplicable extends Error {}

const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicable(reason ?? "not applicable");
};

const NO_OPTIONS = (parent?: string): PolicyResourceOptions => ({
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
  ...(parent !== undefined ? { parent } : {}),
});

function classType(resourceClass: unknown): string | undefined {
  const token = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  return typeof token === "string" ? token : undefined;
}

/** The URN a provider reference names (`urn::id` → `urn`). */
function providerUrn(reference: string, urns: ReadonlySet<string>): string | undefined {
  if (urns.has(reference)) {
    return reference;
  }
  const cut = reference.lastIndexOf("::");
  return cut > 0 && urns.has(reference.slice(0, cut)) ? reference.slice(0, cut) : undefined;
}

/** Outputs as a stack policy sees them: inputs echoed, state over them, and the id. */
function outputsOf(resource: PlannedResource): Record<string, unknown> {
  const outputs: Record<string, unknown> = { ...structuredClone(resource.inputs), ...structuredClone(resource.state ?? {}) };
  if (resource.id !== undefined && outputs.id === undefined) {
    outputs.id = resource.id;
  }
  return outputs;
}

/** The stack's resources as CrossGuard's `PolicyResource`s, parents and dependencies linked. */
export function toPolicyResources(resources: readonly PlannedResource[]): PolicyResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const urns = new Set(byUrn.keys());
  const views = new Map<string, PolicyResource>();
  for (const resource of resources) {
    const props = outputsOf(resource);
    const view: PolicyResource = {
      type: resource.type,
      props,
      urn: resource.urn,
      name: resource.name,
      opts: NO_OPTIONS(resource.parent),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => classType(cls) === resource.type,
      asType: (cls) => (classType(cls) === resource.type ? (props as never) : undefined),
    };
    const provider = providerOf(resource, byUrn, urns);
    if (provider) {
      view.provider = provider;
    }
    views.set(resource.urn, view);
  }
  for (const resource of resources) {
    const view = views.get(resource.urn)!;
    const lookup = (urn: string) => views.get(urn);
    if (resource.parent !== undefined && views.has(resource.parent)) {
      view.parent = lookup(resource.parent);
    }
    const propertyDependencies: Record<string, PolicyResource[]> = {};
    for (const [property, deps] of Object.entries(resource.propertyDependencies ?? {})) {
      propertyDependencies[property] = deps.map(lookup).filter((d): d is PolicyResource => d !== undefined);
    }
    view.propertyDependencies = propertyDependencies;
    // The engine's dependencies are explicit dependsOn plus every property dependency.
    const all = new Set([...(resource.dependsOn ?? []), ...Object.values(resource.propertyDependencies ?? {}).flat()]);
    view.dependencies = [...all].map(lookup).filter((d): d is PolicyResource => d !== undefined);
  }
  return resources.map((r) => views.get(r.urn)!);
}

function providerOf(resource: PlannedResource, byUrn: ReadonlyMap<string, PlannedResource>, urns: ReadonlySet<string>): PolicyProviderResource | undefined {
  const urn = resource.provider === undefined ? undefined : providerUrn(resource.provider, urns);
  const provider = urn === undefined ? undefined : byUrn.get(urn);
  return provider ? { type: provider.type, props: structuredClone(provider.inputs), urn: provider.urn, name: provider.name } : undefined;
}

/** Config for one policy as the engine hands it over: schema defaults, then the file's values. */
export function policyConfig(policy: { name: string; configSchema?: StackValidationPolicy["configSchema"] }, config: PackConfig): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema.default !== undefined) {
      result[key] = structuredClone(schema.default);
    }
  }
  const given = config[policy.name];
  if (given !== null && typeof given === "object") {
    for (const [key, value] of Object.entries(given)) {
      if (key !== "enforcementLevel") {
        result[key] = structuredClone(value);
      }
    }
  }
  return result;
}

function levelIn(value: unknown): EnforcementLevel | undefined {
  const level = typeof value === "string" ? value : (value as { enforcementLevel?: unknown } | undefined)?.enforcementLevel;
  return level === "advisory" || level === "mandatory" || level === "remediate" || level === "disabled" ? level : undefined;
}

/** Enforcement as the engine settles it: the policy's entry, else `all`, else the policy's own, else advisory. */
export function enforcementOf(policy: { name: string; enforcementLevel?: EnforcementLevel }, config: PackConfig): EnforcementLevel {
  return levelIn(config[policy.name]) ?? levelIn(config.all) ?? policy.enforcementLevel ?? "advisory";
}

/** `ResourceValidationArgs` for one planned resource; `all` is the stack, to find its provider. */
export function resourceValidationArgs(
  resource: PlannedResource,
  all: readonly PlannedResource[],
  policyConfigValues: Record<string, unknown> = {},
): ResourceValidationArgs {
  const byUrn = new Map(all.map((r) => [r.urn, r]));
  const provider = providerOf(resource, byUrn, new Set(byUrn.keys()));
  return argsFor(resource, structuredClone(resource.inputs), provider, policyConfigValues);
}

function argsFor(
  resource: PlannedResource,
  props: Record<string, unknown>,
  provider: PolicyProviderResource | undefined,
  policyConfigValues: Record<string, unknown>,
): ResourceValidationArgs {
  const args: ResourceValidationArgs = {
    type: resource.type,
    props,
    urn: resource.urn,
    name: resource.name,
    opts: NO_OPTIONS(resource.parent),
    stackTags: new Map(),
    isType: (cls) => classType(cls) === resource.type,
    asType: (cls) => (classType(cls) === resource.type ? (props as never) : undefined),
    getConfig: <T extends object>() => policyConfigValues as T,
    notApplicable: throwNotApplicable,
  };
  if (provider) {
    args.provider = provider;
  }
  return args;
}

/** `StackValidationArgs` over `resources` (see `toPolicyResources`). */
export function stackValidationArgs(resources: readonly PolicyResource[], policyConfigValues: Record<string, unknown> = {}): StackValidationArgs {
  return {
    resources: [...resources],
    stackTags: new Map(),
    getConfig: <T extends object>() => policyConfigValues as T,
    notApplicable: throwNotApplicable,
  };
}

function isStackPolicy(policy: ResourceValidationPolicy | StackValidationPolicy): policy is StackValidationPolicy {
  return typeof (policy as StackValidationPolicy).validateStack === "function";
}

/** Runs one validation synchronously: every policy of this pack is synchronous, and the plan prints at once. */
function runValidation(policyName: string, run: () => unknown): void {
  try {
    const result = run();
    if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
      throw new Error(`policy \`${policyName}\` returned a promise: evaluatePack runs policies synchronously`);
    }
  } catch (e) {
    if (!(e instanceof NotApplicable)) {
      throw e;
    }
  }
}

/**
 * The pack's verdict on a stack: every policy against `resources`, with
 * `config` as in `policies/config/<stack>.json`. Resource policies come first,
 * in resource order, then stack policies; disabled policies are skipped.
 */
export function evaluatePack(
  resources: readonly PlannedResource[],
  config: PackConfig = {},
  policyList: readonly (ResourceValidationPolicy | StackValidationPolicy)[] = packPolicies,
): PackVerdict {
  const violations: PackViolation[] = [];
  const reporter = (policy: string, level: EnforcementLevel, fallbackUrn?: string): ReportViolation => {
    const enforcement = level === "advisory" ? "advisory" : "mandatory";
    return (message, urn) => {
      const where = fallbackUrn ?? urn;
      violations.push({ policy, enforcement, message, ...(where !== undefined ? { urn: where } : {}) });
    };
  };
  const active = policyList.filter((p) => enforcementOf(p, config) !== "disabled");
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const urns = new Set(byUrn.keys());
  // Inputs cloned once per resource: policies only read them.
  const planned = resources.map((resource) => ({
    resource,
    props: structuredClone(resource.inputs),
    provider: providerOf(resource, byUrn, urns),
  }));
  for (const policy of active.filter((p): p is ResourceValidationPolicy => !isStackPolicy(p))) {
    const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
    const values = policyConfig(policy, config);
    for (const { resource, props, provider } of planned) {
      // A resource policy's violations always belong to the resource validated.
      const report = reporter(policy.name, enforcementOf(policy, config), resource.urn);
      for (const validation of validations) {
        runValidation(policy.name, () => validation(argsFor(resource, props, provider, values), report));
      }
    }
  }
  const views = toPolicyResources(resources);
  for (const policy of active.filter(isStackPolicy)) {
    const report = reporter(policy.name, enforcementOf(policy, config));
    runValidation(policy.name, () => policy.validateStack(stackValidationArgs(views, policyConfig(policy, config)), report));
  }
  return { violations };
}

// The CrossGuard types callers of this module handle, so code outside the pack
// (tests, the plan) need not resolve @pulumi/policy itself.
export type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
