/**
 * Regions where AWS Config has an endpoint, with the two facts the program needs
 * about each. Source: ../shared/aws-config-facts.md §3 and §7 (AWS general
 * reference, Config endpoints; accounts guide, opt-in regions; CloudFormation
 * RecordingGroup docs for where global IAM types are recorded).
 */
import type { GovernedRegion } from "./domain";
import type { Partition } from "../aws/arns";

interface RegionFacts {
  readonly partition: Partition;
  /** Disabled by default in an account (launched after 2019-03-20). */
  readonly optIn: boolean;
  /** Config records the global IAM types here (Config available there before Feb 2022). */
  readonly supportsGlobalIamTypes: boolean;
}

const commercial = (optIn: boolean, supportsGlobalIamTypes: boolean): RegionFacts => ({
  partition: "aws",
  optIn,
  supportsGlobalIamTypes,
});

/** Every region with an AWS Config endpoint. */
export const CONFIG_REGIONS: Readonly<Record<string, RegionFacts>> = {
  "us-east-1": commercial(false, true),
  "us-east-2": commercial(false, true),
  "us-west-1": commercial(false, true),
  "us-west-2": commercial(false, true),
  "ca-central-1": commercial(false, true),
  "ca-west-1": commercial(true, false),
  "mx-central-1": commercial(true, false),
  "sa-east-1": commercial(false, true),
  "eu-west-1": commercial(false, true),
  "eu-west-2": commercial(false, true),
  "eu-west-3": commercial(false, true),
  "eu-central-1": commercial(false, true),
  "eu-central-2": commercial(true, false),
  "eu-north-1": commercial(false, true),
  "eu-south-1": commercial(true, true),
  "eu-south-2": commercial(true, false),
  "af-south-1": commercial(true, true),
  "il-central-1": commercial(true, false),
  "me-south-1": commercial(true, true),
  "me-central-1": commercial(true, false),
  "ap-south-1": commercial(false, true),
  "ap-south-2": commercial(true, false),
  "ap-east-1": commercial(true, true),
  "ap-east-2": commercial(true, false),
  "ap-northeast-1": commercial(false, true),
  "ap-northeast-2": commercial(false, true),
  "ap-northeast-3": commercial(false, true),
  "ap-southeast-1": commercial(false, true),
  "ap-southeast-2": commercial(false, true),
  "ap-southeast-3": commercial(true, true),
  "ap-southeast-4": commercial(true, false),
  "ap-southeast-5": commercial(true, false),
  "ap-southeast-6": commercial(true, false),
  "ap-southeast-7": commercial(true, false),
  "us-gov-east-1": { partition: "aws-us-gov", optIn: false, supportsGlobalIamTypes: true },
  "us-gov-west-1": { partition: "aws-us-gov", optIn: false, supportsGlobalIamTypes: true },
  "cn-north-1": { partition: "aws-cn", optIn: false, supportsGlobalIamTypes: true },
  "cn-northwest-1": { partition: "aws-cn", optIn: false, supportsGlobalIamTypes: true },
};

/** The 17 regions enabled by default in every commercial account. */
export const DEFAULT_ENABLED_COMMERCIAL_REGIONS: readonly string[] = Object.entries(CONFIG_REGIONS)
  .filter(([, facts]) => facts.partition === "aws" && !facts.optIn)
  .map(([name]) => name);

export function isConfigRegion(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(CONFIG_REGIONS, name);
}

export function governedRegion(name: string): GovernedRegion {
  const facts = CONFIG_REGIONS[name];
  if (!facts) throw new Error(`\`${name}\` is not a region with an AWS Config endpoint`);
  return { name, optIn: facts.optIn, supportsGlobalIamTypes: facts.supportsGlobalIamTypes };
}

export function partitionOf(name: string): Partition | undefined {
  return CONFIG_REGIONS[name]?.partition;
}
