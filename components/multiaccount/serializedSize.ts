/**
 * Byte size of each serialized provider, the text Pulumi stores in the `__provider`
 * property of every resource of that kind (and the host deserializes once per process).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { accountRoleProvider } from "./accountRole";
import { configRecorderProvider } from "./configRecorder";
import { serviceLinkedRoleProvider } from "./serviceLinkedRole";
import { trustedServiceAccessProvider } from "./trustedServiceAccess";

export const PROVIDERS = {
  ConfigRecorder: configRecorderProvider,
  ServiceLinkedRole: serviceLinkedRoleProvider,
  TrustedServiceAccess: trustedServiceAccessProvider,
  AccountRole: accountRoleProvider,
} as const satisfies Record<string, ResourceProvider>;

export type ProviderKind = keyof typeof PROVIDERS;

/** The serialized text, exactly as `pulumi.dynamic.Resource` produces it. */
export async function serializeProvider(kind: ProviderKind): Promise<string> {
  const provider = PROVIDERS[kind] as ResourceProvider;
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
