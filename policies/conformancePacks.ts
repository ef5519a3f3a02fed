/**
 * Organization conformance packs: each one as AWS will accept it (bucket
 * prefix, template size, exclusions), and the set of them (every declared
 * pack in every governed region, made by the delegated administrator).
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { factsConfigSchema, requireFacts, type DeploymentFacts } from "./facts";
import { NATIVE_ORGANIZATION_CONFORMANCE_PACK, ORGANIZATION_CONFORMANCE_PACK } from "./tokens";
import { asArray, listOf, ofTypes, providerAccountId, resourceRegion, validateResourcesOfTypes } from "./view";

const PACK_TYPES = [ORGANIZATION_CONFORMANCE_PACK, NATIVE_ORGANIZATION_CONFORMANCE_PACK];

/** AWS: `DeliveryS3Bucket` "must be prefixed with awsconfigconforms". */
export const CONFORMS_BUCKET_PREFIX = "awsconfigconforms";
/** AWS: `TemplateBody` max 51,200 bytes; larger templates go through `TemplateS3Uri` (300 KB). */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;
/**
 * AWS: 130 rules per conformance pack, organization packs included, not adjustable
 * (https://docs.aws.amazon.com/config/latest/developerguide/configlimits.html).
 */
export const MAX_RULES_PER_PACK = 130;

/**
 * `AWS::Config::ConfigRule` resources a template declares, counted on the text itself
 * (YAML or JSON, the two forms `TemplateBody` takes): each `Type: AWS::Config::ConfigRule`
 * key, quoted or not. The pack loads no YAML parser, and a rule is a resource of that type.
 */
export function configRulesIn(templateBody: string): number {
  return templateBody.match(/["']?Type["']?\s*:\s*["']?AWS::Config::ConfigRule["']?\s*(?=[,}\r\n]|$)/g)?.length ?? 0;
}

/** Inputs of an organization conformance pack, in either provider's names. */
interface PackView {
  readonly name?: string;
  readonly organizationConformancePackName?: string;
  readonly region?: string;
  readonly deliveryS3Bucket?: string;
  readonly templateBody?: string;
  readonly templateS3Uri?: string;
  readonly excludedAccounts?: readonly string[];
}

function packName(pack: PackView, fallback: string): string {
  return pack.name ?? pack.organizationConformancePackName ?? fallback;
}

function packPlace(pack: PackView, region: string | undefined, fallback: string): string {
  return `organization conformance pack \`${packName(pack, fallback)}\` in ${region ?? "(no region)"}`;
}

export const organizationConformancePackDeliveryBucketPrefix: ResourceValidationPolicy = {
  name: "organization-conformance-pack-delivery-bucket-prefix",
  description: `Checks whether each organization conformance pack delivers to a bucket whose name starts with \`${CONFORMS_BUCKET_PREFIX}\`.`,
  enforcementLevel: "mandatory",
  validateResource: validateResourcesOfTypes<PackView>(PACK_TYPES, (pack, args, reportViolation) => {
    const bucket = pack.deliveryS3Bucket;
    if (bucket !== undefined && bucket !== "" && !bucket.startsWith(CONFORMS_BUCKET_PREFIX)) {
      reportViolation(
        `${packPlace(pack, resourceRegion(args.props, args.provider), args.name)} delivers to \`${bucket}\`: ` +
          `AWS requires \`deliveryS3Bucket\` to start with \`${CONFORMS_BUCKET_PREFIX}\`.`,
      );
    }
  }),
};

export const organizationConformancePackTemplateSize: ResourceValidationPolicy = {
  name: "organization-conformance-pack-template-size",
  description: `Checks whether each organization conformance pack has a template, inline at most ${MAX_TEMPLATE_BODY_BYTES} bytes.`,
  enforcementLevel: "mandatory",
  validateResource: validateResourcesOfTypes<PackView>(PACK_TYPES, (pack, args, reportViolation) => {
    const place = packPlace(pack, resourceRegion(args.props, args.provider), args.name);
    if (typeof pack.templateBody === "string") {
      const bytes = Buffer.byteLength(pack.templateBody, "utf8");
      if (bytes > MAX_TEMPLATE_BODY_BYTES) {
        reportViolation(
          `${place} has a ${bytes}-byte \`templateBody\`: AWS allows ${MAX_TEMPLATE_BODY_BYTES}; ` + "upload the template and use `templateS3Uri`.",
        );
      }
    } else if (!pack.templateS3Uri) {
      reportViolation(`${place} has neither \`templateBody\` nor \`templateS3Uri\`.`);
    }
  }),
};

export const organizationConformancePackRuleCount: ResourceValidationPolicy = {
  name: "organization-conformance-pack-rule-count",
  description: `Checks whether each organization conformance pack's inline template declares at most ${MAX_RULES_PER_PACK} rules.`,
  enforcementLevel: "mandatory",
  validateResource: validateResourcesOfTypes<PackView>(PACK_TYPES, (pack, args, reportViolation) => {
    // An S3 template is not visible at preview; packs/render.ts holds it to the same limit.
    if (typeof pack.templateBody !== "string") return;
    const rules = configRulesIn(pack.templateBody);
    if (rules > MAX_RULES_PER_PACK) {
      reportViolation(
        `${packPlace(pack, resourceRegion(args.props, args.provider), args.name)} declares ${rules} rules: ` +
          `AWS allows ${MAX_RULES_PER_PACK} per conformance pack; split it into two packs.`,
      );
    }
  }),
};

/** In-scope accounts that do not govern `region`: no recorder there, so a pack's rules fail in them. */
export function accountsWithoutRegion(facts: Pick<DeploymentFacts, "accounts">, region: string | undefined): string[] {
  return region === undefined ? [] : facts.accounts.filter((a) => !a.regions.includes(region)).map((a) => a.id);
}

export const organizationConformancePackExcludedAccounts: ResourceValidationPolicy = {
  name: "organization-conformance-pack-excluded-accounts",
  description:
    "Checks whether each organization conformance pack excludes the inventory's excluded accounts and no account that records in its region (outside a targeted pack's targets excepted).",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("excludedAccountIds", "accounts", "targetExclusions"),
  validateResource: validateResourcesOfTypes<PackView>(PACK_TYPES, (pack, args, reportViolation) => {
    const facts = requireFacts(
      organizationConformancePackExcludedAccounts.name,
      args.getConfig<Partial<DeploymentFacts>>(),
      "excludedAccountIds",
      "accounts",
      "targetExclusions",
    );
    const region = resourceRegion(args.props, args.provider);
    // A targeted pack also leaves out the accounts outside its targets (policy organization-conformance-pack-targets).
    const untargeted = facts.targetExclusions[packName(pack, args.name)] ?? [];
    const allowed = new Set([...facts.excludedAccountIds, ...accountsWithoutRegion(facts, region), ...untargeted]);
    const actual = new Set(asArray(pack.excludedAccounts));
    const missing = facts.excludedAccountIds.filter((id) => !actual.has(id)).sort();
    const extra = [...actual].filter((id) => !allowed.has(id)).sort();
    const place = packPlace(pack, region, args.name);
    if (missing.length > 0) {
      reportViolation(`${place} does not exclude ${listOf(missing)}, which the inventory excludes: add them to \`excludedAccounts\`.`);
    }
    if (extra.length > 0) {
      reportViolation(`${place} excludes ${listOf(extra)}, which the inventory keeps in scope there: remove them from \`excludedAccounts\`.`);
    }
  }),
};

export const organizationConformancePackRegionlessAccounts: ResourceValidationPolicy = {
  name: "organization-conformance-pack-regionless-accounts",
  description:
    "Checks whether each organization conformance pack excludes the in-scope accounts that do not record in its region (advisory: the pack fails in them after AWS retries for 7 hours).",
  enforcementLevel: "advisory",
  configSchema: factsConfigSchema("accounts"),
  validateResource: validateResourcesOfTypes<PackView>(PACK_TYPES, (pack, args, reportViolation) => {
    const facts = requireFacts(organizationConformancePackRegionlessAccounts.name, args.getConfig<Partial<DeploymentFacts>>(), "accounts");
    const region = resourceRegion(args.props, args.provider);
    const actual = new Set(asArray(pack.excludedAccounts));
    const unprotected = accountsWithoutRegion(facts, region)
      .filter((id) => !actual.has(id))
      .sort();
    if (unprotected.length > 0) {
      reportViolation(
        `${packPlace(pack, region, args.name)} deploys to ${listOf(unprotected)} without a recorder there: ` +
          "its rules will fail in them; add them to this region's `excludedAccounts`.",
      );
    }
  }),
};

export const organizationConformancePacksAllRegions: StackValidationPolicy = {
  name: "organization-conformance-packs-all-regions",
  description: "Checks whether every declared organization conformance pack exists exactly once in every governed region, made by the security account.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("conformancePacks", "conformancePackSkips", "governedRegions", "securityAccountId", "deployerAccountId", "shard"),
  validateStack: (args, reportViolation) => {
    const facts = requireFacts(
      organizationConformancePacksAllRegions.name,
      args.getConfig<Partial<DeploymentFacts>>(),
      "conformancePacks",
      "conformancePackSkips",
      "governedRegions",
      "securityAccountId",
      "deployerAccountId",
      "shard",
    );
    const packs = ofTypes(args.resources, PACK_TYPES);
    if (!facts.shard.ownsCentral) {
      for (const pack of packs) {
        reportViolation(
          `Shard \`${facts.shard.name}\` does not own the central resources, yet declares organization conformance pack ` +
            `\`${packName(pack.props as PackView, pack.name)}\`: declare packs only in the stack that owns them.`,
          pack.urn,
        );
      }
      return;
    }
    const regions = facts.governedRegions.map((r) => r.name);
    const found = new Map<string, string[]>(); // "name@region" → URNs
    for (const pack of packs) {
      const view = pack.props as PackView;
      const name = packName(view, pack.name);
      const region = resourceRegion(pack.props, pack.provider);
      const account = providerAccountId(pack.provider, facts.deployerAccountId);
      if (account !== facts.securityAccountId) {
        reportViolation(
          `Organization conformance pack \`${name}\` in ${region ?? "(no region)"} is made through account ${account}, ` +
            `not the security account ${facts.securityAccountId}: give it the security account's provider.`,
          pack.urn,
        );
      }
      if (!facts.conformancePacks.includes(name)) {
        reportViolation(
          `Organization conformance pack \`${name}\` in ${region ?? "(no region)"} is not declared: add it to the ` +
            "policy config `conformancePacks` or remove it.",
          pack.urn,
        );
        continue;
      }
      if (region === undefined || !regions.includes(region)) {
        reportViolation(
          `Organization conformance pack \`${name}\` is in ${region ?? "no region"}, which is not governed: ` + "set `region` to a governed region.",
          pack.urn,
        );
        continue;
      }
      const key = `${name}@${region}`;
      found.set(key, [...(found.get(key) ?? []), pack.urn]);
    }
    for (const name of facts.conformancePacks) {
      const skipped = facts.conformancePackSkips[name] ?? [];
      const missing = regions.filter((region) => !found.has(`${name}@${region}`) && !skipped.includes(region));
      if (missing.length > 0) {
        reportViolation(`Organization conformance pack \`${name}\` is missing in ${missing.join(", ")}.`);
      }
      for (const region of skipped.filter((r) => found.has(`${name}@${r}`))) {
        reportViolation(
          `Organization conformance pack \`${name}\` is declared in ${region}, where AWS offers none of its rules: it would fail there; leave it out.`,
          found.get(`${name}@${region}`)![0],
        );
      }
      for (const region of regions) {
        const urns = found.get(`${name}@${region}`) ?? [];
        if (urns.length > 1) {
          reportViolation(`Organization conformance pack \`${name}\` is declared ${urns.length} times in ${region}: keep one.`, urns[1]);
        }
      }
    }
  },
};

export const conformancePackPolicies = [
  organizationConformancePackDeliveryBucketPrefix,
  organizationConformancePackTemplateSize,
  organizationConformancePackRuleCount,
  organizationConformancePackExcludedAccounts,
  organizationConformancePackRegionlessAccounts,
  organizationConformancePacksAllRegions,
] as const;
