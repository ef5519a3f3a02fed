/**
 * Pack selections rendered in tests: each shipped pack with its defaults and
 * with parameters and remediation overrides, plus synthetic packs built from
 * the catalog that are too large for an inline template.
 */
import { packLibrary } from "../../packs";
import { testDeployment } from "./deploymentFixture";
import type { PackDefinition, PackRule, PackSelection } from "../../packs/choices";

export interface RenderCase {
  /** Golden file: tests/fixtures/packs/<name>.yaml */
  readonly name: string;
  readonly selection: PackSelection;
}

export const renderCases: readonly RenderCase[] = [
  { name: "data-protection-baseline--defaults", selection: { name: "data-protection-baseline", parameters: {}, remediation: {} } },
  {
    name: "data-protection-baseline--customized",
    selection: {
      name: "data-protection-baseline",
      parameters: {
        excludedPublicBuckets: "www.example.com,assets.example.com",
        rdsDatabaseEngines: "postgres,mysql",
        snsKmsKeyIds: "alias/notifications",
        snsRemediationKmsKeyArn: "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/notifications",
        dynamoDbRemediationKmsKeyArn: "arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      },
      remediation: {
        "rds-multi-az-support": "automatic",
        "sns-encrypted-kms": "manual",
        "lambda-function-xray-enabled": "off",
        "dynamodb-table-encrypted-kms": "automatic",
      },
    },
  },
  { name: "network-and-identity--defaults", selection: { name: "network-and-identity", parameters: {}, remediation: {} } },
  {
    name: "network-and-identity--centralized",
    selection: {
      name: "network-and-identity",
      parameters: { cloudTrailBucketName: "org-trail-logs-333333333333", guardDutyAdministratorAccountId: "222222222222" },
      remediation: { "restricted-ssh": "automatic", "guardduty-enabled-centralized": "off" },
    },
  },
  {
    name: "approved-images--by-id-and-tag",
    selection: {
      name: "approved-images",
      parameters: { amiIds: "ami-0abc1234def567890,ami-12345678", amisByTagKeyAndValue: "approved:true,team:platform" },
      remediation: {},
    },
  },
  {
    name: "approved-images--by-tag-only",
    selection: { name: "approved-images", parameters: { amisByTagKeyAndValue: "approved:true" }, remediation: { "approved-amis-by-tag": "off" } },
  },
];

export const renderContext = { deployment: testDeployment({ packs: renderCases.map((c) => c.selection) }) };

/** A pack of `count` copies of one catalog rule under distinct names, e.g. to exceed the inline limit. */
export function syntheticPack(
  name: string,
  count: number,
  rule: Omit<PackRule, "configRuleName">,
  parameters: PackDefinition["parameters"] = {},
): PackDefinition {
  return {
    name,
    description: `${count} copies of ${rule.rule}`,
    parameters,
    rules: Array.from({ length: count }, (_, i) => ({ ...rule, configRuleName: `${rule.rule}-${String(i + 1).padStart(3, "0")}` })),
  };
}

/** Twenty bucket names: about 600 bytes of rule input. */
const PUBLIC_BUCKETS = Array.from({ length: 20 }, (_, i) => `public-website-bucket-${String(i).padStart(3, "0")}`).join(",");

/**
 * 130 detection rules (AWS's per-pack maximum) with long inputs: well over 51,200 bytes,
 * under 300,000. Not remediated: remediated rules leave the organization pack.
 */
export const oversizedPack = syntheticPack("oversized", 130, {
  rule: "s3-bucket-level-public-access-prohibited",
  inputs: { excludedPublicBuckets: { kind: "literal", value: PUBLIC_BUCKETS } },
  remediation: { mode: "off" },
});

/** The library plus test packs, for renderPack's `library` argument. */
export const testLibrary: Readonly<Record<string, PackDefinition>> = { ...packLibrary, [oversizedPack.name]: oversizedPack };
