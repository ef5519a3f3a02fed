/**
 * Byte size of each serialized provider, the text Pulumi stores in the `__provider`
 * property of every resource of that kind (and the host deserializes once per process).
 * That text is the shim (shim.ts); `serializeImplementation` measures what storing the
 * implementation by value would cost, for the benchmark's comparison.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { PROVIDERS, type ProviderKind } from "./providers";
import { providerShim } from "./shim";

export { PROVIDERS, type ProviderKind };

/** The serialized text, exactly as `pulumi.dynamic.Resource` produces it: the shim the state keeps. */
export async function serializeProvider(kind: ProviderKind): Promise<string> {
  const provider = providerShim(kind);
  const serialized = await pulumi.runtime.serializeFunction(() => provider);
  return serialized.text;
}

/** Bytes (UTF-8) of the serialized provider of `kind` (default `ConfigRecorder`). */
export async function serializedProviderSize(kind: ProviderKind = "ConfigRecorder"): Promise<number> {
  return Buffer.byteLength(await serializeProvider(kind), "utf8");
}

/** Bytes of every kind's serialized provider. */
export async function serializedProviderSizes(): Promise<Record<ProviderKind, number>> {
  const sizes = {} as Record<ProviderKind, number>;
  for (const kind of Object.keys(PROVIDERS) as ProviderKind[]) sizes[kind] = await serializedProviderSize(kind);
  return sizes;
}

/** The implementation serialized by value: what the state would hold for every resource without the shim. */
export async function serializedImplementationSize(kind: ProviderKind = "ConfigRecorder"): Promise<number> {
  const provider = PROVIDERS[kind] as ResourceProvider;
  const serialized = await pulumi.runtime.serializeFunction(() => provider);
  return Buffer.byteLength(serialized.text, "utf8");
}
