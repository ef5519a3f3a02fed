/**
 * JSON Schemas of the two inputs a user writes: the stack config (namespace
 * `aws-config-org`) and the account inventory YAML. Unknown keys are errors:
 * a typo must never silently change what gets deployed.
 */

import type { FromSchema } from "json-schema-to-ts";

import { EXECUTION_FREQUENCIES } from "../policies/configVocabulary";

const accountId = { type: "string", pattern: "^[0-9]{12}$" } as const;
const regionName = { type: "string", minLength: 1 } as const;
const roleName = { type: "string", pattern: "^[\\w+=,.@-]{1,64}$" } as const;
const resourceTypes = { type: "array", items: { type: "string", pattern: "^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$" }, uniqueItems: true } as const;
const frequency = { enum: ["CONTINUOUS", "DAILY"] } as const;
/** `packs[i].targets`, `approvedImages.targets`: OUs (nested included) and accounts (config/packTargets.ts). */
const packTargets = {
  type: "object",
  additionalProperties: false,
  properties: {
    ous: { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true },
    accounts: { type: "array", items: accountId, uniqueItems: true },
  },
} as const;

export const STACK_CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["homeRegion", "regions", "organizationId", "managementAccountId", "securityAccountId", "accounts"],
  properties: {
    homeRegion: regionName,
    regions: { type: "array", items: regionName, minItems: 1, uniqueItems: true },
    organizationId: { type: "string", pattern: "^o-[a-z0-9]{10,32}$" },
    managementAccountId: accountId,
    securityAccountId: accountId,
    logArchiveAccountId: accountId,
    deploymentAccountId: accountId,
    deploymentRoleName: roleName,
    externalId: { type: "string", minLength: 2, maxLength: 1224 },
    accounts: { type: "string", minLength: 1 },
    delivery: {
      type: "object",
      additionalProperties: false,
      properties: {
        // S3's naming rules are checked one by one in validateSettings (aws/s3Names.ts), so a refused name says which it breaks.
        bucketName: { type: "string", minLength: 1 },
        keyPrefix: { type: "string", pattern: "^[^/].*[^/]$|^[^/]$" },
        encryption: { enum: ["SSE-S3", "SSE-KMS"] },
        // How the bucket policy limits AWS Config's deliveries: `organization` (aws:SourceOrgID) or `accounts` (AWS:SourceAccount lists).
        sourceCondition: { enum: ["organization", "accounts"] },
        snapshotFrequency: { enum: EXECUTION_FREQUENCIES },
        lifecycle: {
          type: "object",
          additionalProperties: false,
          properties: {
            transitionDays: { type: "integer", minimum: 0 },
            transitionStorageClass: { enum: ["STANDARD_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER"] },
            expirationDays: { type: "integer", minimum: 0 },
            noncurrentExpirationDays: { type: "integer", minimum: 0 },
          },
        },
      },
    },
    packs: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name"],
        properties: {
          name: { type: "string", minLength: 1 },
          // A conformance pack template (AWS's sample format), relative to the project root; without it `name` is a built-in pack.
          template: { type: "string", minLength: 1 },
          // Template packs: role ARNs or names a remediation may name instead of the project's automation role.
          allowedRemediationRoles: { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true },
          // Template packs: IAM actions (`service:Action`) for a runbook the project has no permission data for, by SSM document name.
          runbookPermissions: {
            type: "object",
            additionalProperties: { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", pattern: "^[a-z0-9-]+:[A-Za-z0-9*]+$" } },
          },
          parameters: { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } },
          remediation: { type: "object", additionalProperties: { enum: ["off", "manual", "automatic"] } },
          // Only these OUs (nested included) and accounts get the pack (config/packTargets.ts).
          targets: packTargets,
        },
      },
    },
    notifications: {
      type: "object",
      additionalProperties: false,
      properties: {
        subscriptions: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["protocol", "endpoint"],
            properties: {
              protocol: { enum: ["email", "https", "sqs"] },
              endpoint: { type: "string", minLength: 3 },
              // `guardduty-finding`: GuardDuty findings (stack `guardDuty`), `role-alarm`: role alarms (stack `roleAlarms`); both for email and https subscriptions.
              events: {
                type: "array",
                items: { enum: ["non-compliant", "back-to-compliant", "guardduty-finding", "role-alarm"] },
                minItems: 1,
                uniqueItems: true,
              },
            },
          },
        },
      },
    },
    shard: {
      type: "object",
      additionalProperties: false,
      properties: {
        ous: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
        accountIds: { type: "array", items: accountId, minItems: 1 },
        index: { type: "integer", minimum: 1 },
        count: { type: "integer", minimum: 1 },
      },
    },
    ownsCentral: { type: "boolean" },
    approvedImages: {
      type: "object",
      additionalProperties: false,
      required: ["allowList"],
      properties: {
        // Its own validator (rules/approved-images/allowList.ts) names every problem by path.
        allowList: { type: "object" },
        findingsPrefix: { type: "string", pattern: "^[A-Za-z0-9!_.*'()/-]+$" },
        frequency: { enum: EXECUTION_FREQUENCIES },
        targets: packTargets,
      },
    },
    tamperProtection: {
      type: "object",
      additionalProperties: false,
      properties: {
        enabled: { type: "boolean" },
        targets: { type: "array", items: { type: "string", pattern: "^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$" }, uniqueItems: true },
      },
    },
    organizationTrail: {
      type: "object",
      additionalProperties: false,
      required: ["enabled"],
      properties: {
        enabled: { type: "boolean" },
        // CloudTrail trail names: 3-128 characters, letters, digits, `.`, `_`, `-` (validateSettings names the rule).
        name: { type: "string", minLength: 1 },
        kms: { type: "boolean" },
        cloudWatchLogs: {
          type: "object",
          additionalProperties: false,
          required: ["retentionDays"],
          properties: { retentionDays: { type: "integer" } },
        },
        // Data events by advanced event selectors (config/trailSelectors.ts names the types and limits).
        dataEvents: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            additionalProperties: false,
            required: ["resourceType"],
            properties: {
              resourceType: { type: "string", pattern: "^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$" },
              readOnly: { type: "boolean" },
              arnPrefixes: { type: "array", items: { type: "string", pattern: "^arn:" }, minItems: 1, uniqueItems: true },
            },
          },
        },
      },
    },
    // An alarm when anyone assumes, or switches to, one of these roles (components/central/roleAlarms.ts).
    roleAlarms: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["roleName"],
        properties: {
          roleName,
          description: { type: "string", minLength: 1, maxLength: 512 },
          // `each-use` (default): a message per use besides the alarm; `alarm`: the alarm only (its first use per period).
          notify: { enum: ["each-use", "alarm"] },
        },
      },
    },
    // New accounts governed within minutes (config/newAccounts.ts): Organizations' account events start a deployment of this stack.
    newAccounts: {
      type: "object",
      additionalProperties: false,
      properties: {
        pulumiOrganization: { type: "string" },
        // A Pulumi secret: `{secure: …}` in Pulumi.<stack>.yaml, the decrypted string in the engine (config/newAccounts.ts checks which).
        token: {},
        maximumRetryAttempts: { type: "integer", minimum: 0, maximum: 185 },
        maximumEventAgeSeconds: { type: "integer", minimum: 60, maximum: 86400 },
      },
    },
    guardDuty: {
      type: "object",
      additionalProperties: false,
      required: ["enabled"],
      properties: {
        enabled: { type: "boolean" },
        // Feature names and the severity range are checked by validateSettings (config/guardDuty.ts), naming the choices.
        features: { type: "array", items: { type: "string" }, uniqueItems: true },
        agentManagement: { type: "array", items: { type: "string" }, uniqueItems: true },
        notify: {
          type: "object",
          additionalProperties: false,
          required: ["minimumSeverity"],
          properties: { minimumSeverity: { type: "number" } },
        },
      },
    },
  },
} as const;

const profileSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    description: { type: "string" },
    strategy: { enum: ["ALL_SUPPORTED_RESOURCE_TYPES", "EXCLUSION_BY_RESOURCE_TYPES", "INCLUSION_BY_RESOURCE_TYPES"] },
    includedResourceTypes: resourceTypes,
    excludedResourceTypes: resourceTypes,
    frequency,
    override: {
      type: "object",
      additionalProperties: false,
      required: ["frequency", "resourceTypes"],
      properties: { description: { type: "string" }, frequency, resourceTypes },
    },
  },
} as const;

/** Per-account settings that an inventory entry (or `defaults`) may set. */
const accountSettings = {
  profile: { type: "string", minLength: 1 },
  roleName,
  externalId: { type: "string", minLength: 2, maxLength: 1224 },
  regions: { type: "array", items: regionName, minItems: 1, uniqueItems: true },
  globalTypesRegion: regionName,
} as const;

export const INVENTORY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    discover: { type: "boolean" },
    defaults: { type: "object", additionalProperties: false, properties: accountSettings },
    profiles: { type: "object", additionalProperties: profileSchema },
    ouProfiles: { type: "object", additionalProperties: { type: "string", minLength: 1 } },
    accounts: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id"],
        properties: {
          id: accountId,
          name: { type: "string", minLength: 1 },
          ou: { type: "string", minLength: 1 },
          ...accountSettings,
          adopt: {
            anyOf: [
              { type: "string", minLength: 1 },
              { type: "object", additionalProperties: { type: "string", minLength: 1 }, minProperties: 1 },
            ],
          },
          recorderRoleArn: { type: "string", pattern: "^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$" },
          exclude: { type: "boolean" },
          reason: { type: "string", minLength: 1 },
        },
      },
    },
  },
} as const;

/** Keys an excluded account may carry besides `id`: anything else is an override that would be ignored. */
export const EXCLUDED_ACCOUNT_KEYS: readonly string[] = ["id", "name", "ou", "exclude", "reason"];

/** The stack config as its schema allows it (before defaults). */
export type StackConfigInput = FromSchema<typeof STACK_CONFIG_SCHEMA>;
/** The inventory as its schema allows it (before defaults). */
export type InventoryInput = FromSchema<typeof INVENTORY_SCHEMA>;
/** One `accounts:` entry of the inventory. */
export type AccountEntryInput = NonNullable<InventoryInput["accounts"]>[number];
/** Per-account settings an entry or `defaults:` may give. */
export type AccountDefaultsInput = NonNullable<InventoryInput["defaults"]>;
