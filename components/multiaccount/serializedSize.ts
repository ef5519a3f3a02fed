/**
 * Byte size of each serialized provider, the text Pulumi stores in the `__provider`
 * property of every resource of that kind (and the host deserializes once per process).
 * That text is the shim (shim.ts); `serializeImplementation` measures what storing the
 * implementation by value would cost, for the benchmark's comparison.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { DYNAMIC_RESOURCE_KINDS, type DynamicResourceKind } from "../../policies/tokens";
import { LIFECYCLES } from "./registry";
import { providerShim } from "./shim";

/** The serialized text, exactly as `pulumi.dynamic.Resource` produces it: the shim the state keeps. */
export async function serializeProvider(kind: DynamicResourceKind): Promise<string> {
  const provider = providerShim(kind);
  const serialized = await pulumi.runtime.serializeFunction(() => provider);
  return serialized.text;
}

/** Bytes (UTF-8) of the serialized provider of `kind` (default `ConfigRecorder`). */
export async function serializedProviderSize(kind: DynamicResourceKind = "ConfigRecorder"): Promise<number> {
  return Buffer.byteLength(await serializeProvider(kind), "utf8");
}

/** Bytes of every kind's serialized provider. */
export async function serializedProviderSizes(): Promise<Record<DynamicResourceKind, number>> {
  const sizes = {} as Record<DynamicResourceKind, number>;
  for (const kind of DYNAMIC_RESOURCE_KINDS) sizes[kind] = await serializedProviderSize(kind);
  return sizes;
}

/** The implementation serialized by value: what the state would hold for every resource without the shim. */
export async function serializedImplementationSize(kind: DynamicResourceKind = "ConfigRecorder"): Promise<number> {
  const provider = LIFECYCLES[kind] as ResourceProvider;
  const serialized = await pulumi.runtime.serializeFunction(() => provider);
  return Buffer.byteLength(serialized.text, "utf8");
}
