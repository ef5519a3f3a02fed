/**
 * The provider lifecycles, by kind: the only module that imports them. The shim the engine
 * stores (shim.ts) loads this module by path in the dynamic provider host; it is never
 * serialized itself.
 */
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";

import type { DynamicResourceKind } from "../../policies/tokens";
import { accountConformancePackProvider } from "./lifecycles/accountConformancePack";
import { accountRoleProvider } from "./lifecycles/accountRole";
import { configRecorderProvider } from "./lifecycles/configRecorder";
import { serviceLinkedRoleProvider } from "./lifecycles/serviceLinkedRole";
import { trustedServiceAccessProvider } from "./lifecycles/trustedServiceAccess";

export const LIFECYCLES = {
  ConfigRecorder: configRecorderProvider,
  ServiceLinkedRole: serviceLinkedRoleProvider,
  TrustedServiceAccess: trustedServiceAccessProvider,
  AccountRole: accountRoleProvider,
  AccountConformancePack: accountConformancePackProvider,
} as const satisfies Record<DynamicResourceKind, ResourceProvider>;
