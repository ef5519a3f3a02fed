/**
 * The provider implementations, by kind. Loaded at run time by the shim the
 * engine stores (shim.ts), never serialized themselves.
 */
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
