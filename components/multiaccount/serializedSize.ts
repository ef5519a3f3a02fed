/**
 * Byte size of each provider text, what the state keeps in the `__provider` property of
 * every resource of that kind (in its inputs and again in its outputs). That text is the
 * loader of shim.ts; `serializedImplementationSize` measures what storing the
 * implementation by value would cost, and `serializedForwarderSize` what a forwarding
 * object serialized like `pulumi.dynamic.Resource` does would, for the benchmark's
 * comparison.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { DYNAMIC_RESOURCE_KINDS, type DynamicResourceKind } from "../../policies/tokens";
import { LIFECYCLES } from "./registry";
import { providerModuleText } from "./shim";

/** The text the state keeps in `__provider` for resources of `kind`. */
export async function serializeProvider(kind: DynamicResourceKind): Promise<string> {
  return providerModuleText(kind);
}

/** Bytes (UTF-8) of the provider text of `kind` (default `ConfigRecorder`). */
export async function serializedProviderSize(kind: DynamicResourceKind = "ConfigRecorder"): Promise<number> {
  return Buffer.byteLength(await serializeProvider(kind), "utf8");
}

/** Bytes of every kind's provider text. */
export async function serializedProviderSizes(): Promise<Record<DynamicResourceKind, number>> {
  const sizes = {} as Record<DynamicResourceKind, number>;
  for (const kind of DYNAMIC_RESOURCE_KINDS) sizes[kind] = await serializedProviderSize(kind);
  return sizes;
}

async function serializedSize(provider: ResourceProvider): Promise<number> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider);
  return Buffer.byteLength(serialized.text, "utf8");
}

/** The implementation serialized by value: what the state would hold for every resource without the loader. */
export async function serializedImplementationSize(kind: DynamicResourceKind = "ConfigRecorder"): Promise<number> {
  return serializedSize(LIFECYCLES[kind] as ResourceProvider);
}

/**
 * A forwarding object (six methods that load the implementation and call it), serialized as
 * `pulumi.dynamic.Resource` serializes a provider: the previous shim's cost, ~3.5 KB.
 */
export async function serializedForwarderSize(): Promise<number> {
  const load = (): ResourceProvider => (globalThis as { __provider?: ResourceProvider }).__provider!;
  return serializedSize({
    check: (olds, news) => load().check!(olds, news),
    diff: (id, olds, news) => load().diff!(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read!(id, props),
    update: (id, olds, news) => load().update!(id, olds, news),
    delete: (id, props) => load().delete!(id, props),
  });
}
