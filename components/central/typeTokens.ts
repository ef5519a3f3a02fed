/**
 * The central components' type tokens, one scheme: `aws-config-org:central:<Name>` (STYLE.md),
 * with one exception below.
 *
 * A component's type token is part of its URN and of every resource's under it. Two had tokens of
 * their own areas (`organization:`, `rules:`); each keeps its earlier token as an alias, so that a
 * stack deployed before sees the same resources, not replacements (the engine carries a
 * component's aliases down to its children). Keep them until every stack has run `pulumi up` once
 * with these tokens; tests/components/central/typeTokens.test.ts holds them to the URNs the
 * earlier tokens produced.
 *
 * The exception, `ComplianceTopics`, keeps `notifications:` for now: resolving an alias costs its
 * registration a few turns of the event loop, enough that the organization layer's first role
 * registers before the notifier roles, and the offline plan lists resources in registration
 * order (`--json`: one line moves in dev and in prod). Joining the scheme is one line here plus
 * an entry in EARLIER_TYPES, once that reordering is accepted.
 */
import type * as pulumi from "@pulumi/pulumi";

const AREA = "aws-config-org:central";

export const CENTRAL_TYPES = {
  Central: `${AREA}:Central`,
  OrganizationAccess: `${AREA}:OrganizationAccess`,
  DeliveryBucket: `${AREA}:DeliveryBucket`,
  SecureBucket: `${AREA}:SecureBucket`,
  ComplianceTopics: "aws-config-org:notifications:ComplianceTopics",
  TamperProtection: `${AREA}:TamperProtection`,
  OrganizationTrail: `${AREA}:OrganizationTrail`,
  RoleAlarms: `${AREA}:RoleAlarms`,
  GuardDuty: `${AREA}:GuardDuty`,
  OrganizationLayer: `${AREA}:OrganizationLayer`,
  ApprovedImagesRule: `${AREA}:ApprovedImagesRule`,
} as const;

type CentralComponent = keyof typeof CENTRAL_TYPES;

/** The tokens these components had before they joined the scheme. */
export const EARLIER_TYPES: Readonly<Partial<Record<CentralComponent, string>>> = {
  TamperProtection: "aws-config-org:organization:TamperProtection",
  ApprovedImagesRule: "aws-config-org:rules:ApprovedImagesRule",
};

/** The alias of a component's earlier token (same name and parent), when it had one. */
export function earlierAliases(component: CentralComponent): pulumi.Alias[] {
  const earlier = EARLIER_TYPES[component];
  return earlier ? [{ type: earlier }] : [];
}
