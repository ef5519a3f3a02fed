/**
 * Synthetic but AWS-shaped aggregator answers (ComplianceData) for the HTML report: the
 * shipped examples (prod stack, a history of weekly runs) and the 1,000-account size test.
 * Deterministic: the same seed gives the same data, so the examples can be checked for being
 * current (`npm run report:examples` rewrites them).
 *
 * Shapes follow the API references: DescribeAggregateComplianceByConfigRules entries,
 * DescribeConfigurationAggregatorSourcesStatus entries, and advanced query rows as JSON
 * strings (the recorder CI and the ResourceCompliance GROUP BY count).
 */
import type { AggregateComplianceByConfigRule, AggregatedSourceStatus } from "@aws-sdk/client-config-service";
import type { Account, Deployment } from "../../config/domain";
import { account as fixtureAccount, deployment as fixtureDeployment, EU_WEST_1, MANAGEMENT, SECURITY, US_EAST_1 } from "./fixtures";
import type { QueryRow } from "../../commands/lib/advancedQuery";
import { RECORDER_NAME } from "../../config/names";
import { buildComplianceReport, rulePacksOf } from "../../commands/lib/complianceModel";
import type { ComplianceReport } from "../../commands/lib/complianceReport";
import type { ComplianceData } from "../../commands/lib/compliance";
import { managedRuleNamed } from "../../packs/catalog/managedRules";
import { seededRandom } from "../helpers/random";

/** Rules that evaluate the account itself (no resource types, or its one public access block): at most 1 non-compliant resource per place. */
function evaluatesTheAccount(rule: string): boolean {
  const types = managedRuleNamed(rule)?.resourceTypes;
  return types !== undefined && (types.length === 0 || (types.length === 1 && types[0] === "AWS::S3::AccountPublicAccessBlock"));
}

/** A stable number in [0, 1) for a string (FNV-1a). */
function hashUnit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h / 4294967296;
}

/** The random suffix AWS gives a pack's rules in one account: stable per account and pack. */
function packSuffix(accountId: string, pack: string): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  let x = Math.floor(hashUnit(`${accountId}/${pack}`) * 2 ** 32);
  for (let i = 0; i < 9; i++) {
    out += alphabet[x % alphabet.length];
    x = Math.floor(x / alphabet.length) + (i + 1) * 7919;
  }
  return out;
}

export interface SampleProblems {
  /** `<account>|<region>` whose aggregator source fails (and whose recorder is therefore not seen). */
  readonly failingSources?: readonly string[];
  /** `<account>|<region>` whose recorder exists and does not record. */
  readonly stoppedRecorders?: readonly string[];
  /** `<account>|<region>` without any recorder yet. */
  readonly missingRecorders?: readonly string[];
}

export interface SampleOptions {
  readonly seed: number;
  /** When the run happened. */
  readonly now: Date;
  /** 0 for the first run of a history, 1 for today: failure rates fall as it grows. */
  readonly progress: number;
  /** Declared rule names and their packs; by default the rules of the stack's packs. */
  readonly rulePacks?: ReadonlyMap<string, string>;
  readonly problems?: SampleProblems;
  /** Scales how often rules fail (1 by default): organizations with many rules fail each one less often. */
  readonly failureScale?: number;
}

/** How likely an account fails a rule: sandboxes and legacy accounts most, central accounts least. */
function accountRisk(account: Account): number {
  if (account.functions.some((f) => f !== "member")) return 0.08;
  if (/sandbox/.test(account.name) || /sandbox/.test(account.ou ?? "")) return 0.55;
  if (/legacy/.test(account.name)) return 0.7;
  return 0.25 + 0.2 * hashUnit(account.id);
}

/** Resources an account has per region: workloads many, central accounts few. */
function accountSize(account: Account): number {
  if (account.functions.some((f) => f !== "member")) return 40;
  return 60 + Math.floor(hashUnit(`size/${account.id}`) * 400);
}

export function sampleComplianceData(deployment: Deployment, options: SampleOptions): ComplianceData {
  const random = seededRandom(options.seed);
  const rulePacks = options.rulePacks ?? rulePacksOf(deployment);
  const improvement = 1 - 0.45 * options.progress;
  const failing = new Set(options.problems?.failingSources ?? []);
  const stopped = new Set(options.problems?.stoppedRecorders ?? []);
  const missing = new Set(options.problems?.missingRecorders ?? []);
  const ruleCompliance: AggregateComplianceByConfigRule[] = [];
  const resourceCompliance: QueryRow[] = [];
  const sources: AggregatedSourceStatus[] = [];
  const recorders: QueryRow[] = [];
  const capturedAt = new Date(options.now.getTime() - 3 * 3600_000);

  for (const account of deployment.accounts) {
    const risk = accountRisk(account);
    for (const region of account.regions) {
      const place = `${account.id}|${region.name}`;
      const sourceFails = failing.has(place);
      sources.push({
        SourceId: account.id,
        SourceType: "ORGANIZATION",
        AwsRegion: region.name,
        LastUpdateStatus: sourceFails ? "FAILED" : "SUCCEEDED",
        LastUpdateTime: sourceFails ? new Date(options.now.getTime() - 9 * 24 * 3600_000) : new Date(options.now.getTime() - 2 * 3600_000),
        ...(sourceFails
          ? {
              LastErrorCode: "AccessDeniedException",
              LastErrorMessage: "Unable to read data from the source account: AWS Config is not enabled there or the service-linked role is missing",
            }
          : {}),
      });
      // A failing source hides the place: nothing from it reaches the aggregator.
      if (sourceFails) continue;
      if (!missing.has(place)) {
        recorders.push({
          accountId: account.id,
          awsRegion: region.name,
          resourceId: RECORDER_NAME,
          resourceName: RECORDER_NAME,
          configuration: {
            Name: RECORDER_NAME,
            Recording: !stopped.has(place),
            RoleARN: `arn:aws:iam::${account.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
          },
          configurationItemCaptureTime: capturedAt.toISOString(),
        });
      }
      // A stopped recorder keeps its last results; a missing one never had any.
      if (missing.has(place)) continue;

      let findings = 0;
      for (const [rule, pack] of rulePacks) {
        const difficulty = 0.25 + 1.5 * hashUnit(`rule/${rule}`) ** 2;
        const p = Math.min(0.95, risk * difficulty * improvement * (options.failureScale ?? 1));
        // Both draws are taken whatever the outcome, so runs with one seed differ only by `progress`.
        const draw = random();
        const spread = random();
        const name = `${rule}-conformance-pack-${packSuffix(account.id, pack)}`;
        if (draw < 0.02) {
          ruleCompliance.push({ ConfigRuleName: name, AccountId: account.id, AwsRegion: region.name, Compliance: { ComplianceType: "INSUFFICIENT_DATA" } });
        } else if (draw < 0.02 + p) {
          const raw = evaluatesTheAccount(rule) ? 1 : 1 + Math.floor(spread ** 3 * accountSize(account) * 0.3 * (options.failureScale ?? 1));
          findings += Math.min(raw, 100);
          ruleCompliance.push({
            ConfigRuleName: name,
            AccountId: account.id,
            AwsRegion: region.name,
            Compliance: { ComplianceType: "NON_COMPLIANT", ComplianceContributorCount: { CappedCount: Math.min(raw, 100), CapExceeded: raw > 100 } },
          });
        } else {
          ruleCompliance.push({ ConfigRuleName: name, AccountId: account.id, AwsRegion: region.name, Compliance: { ComplianceType: "COMPLIANT" } });
        }
      }
      const size = accountSize(account) + Math.floor(random() * 30);
      // A resource failing several rules counts once here: fewer than the findings.
      const nonCompliant = Math.min(size, Math.round(findings * 0.6));
      const count = (type: string, n: number) =>
        resourceCompliance.push({ "COUNT(*)": n, accountId: account.id, awsRegion: region.name, configuration: { complianceType: type } });
      count("COMPLIANT", size - nonCompliant);
      if (nonCompliant > 0) count("NON_COMPLIANT", nonCompliant);
      count("NOT_APPLICABLE", 5 + Math.floor(random() * 20));
    }
  }
  return { ruleCompliance, resourceCompliance, sources, recorders };
}

// ---------------------------------------------------------------- the shipped examples

/** The example stack: `prod` with its offline organization fixture (accounts/fixtures). */
export const EXAMPLE_STACK = { stack: "prod", organizationFile: "accounts/fixtures/prod-organization.json" } as const;
export const EXAMPLE_AGGREGATOR = "aws-config-org";
/** The example's coverage problems: a legacy account's source fails, a sandbox recorder was stopped, a new region has no recorder yet. */
export const EXAMPLE_PROBLEMS: SampleProblems = {
  failingSources: ["500000000009|us-east-1"],
  stoppedRecorders: ["500000000008|eu-north-1"],
  missingRecorders: ["500000000006|eu-north-1"],
};
/** Weekly runs, Mondays 06:00 UTC; the last one is the example report. */
export const EXAMPLE_RUNS = 8;
export const EXAMPLE_LAST_RUN = new Date("2026-11-30T06:00:00Z");
/** The first runs of the example history predate schema 2 and are saved as schema 1. */
export const EXAMPLE_SCHEMA1_RUNS = 3;

/** The example's weekly reports, oldest first. Problems appear in the later runs only. */
export function exampleReports(deployment: Deployment): ComplianceReport[] {
  return Array.from({ length: EXAMPLE_RUNS }, (_, i) => {
    const now = new Date(EXAMPLE_LAST_RUN.getTime() - (EXAMPLE_RUNS - 1 - i) * 7 * 24 * 3600_000);
    const progress = i / (EXAMPLE_RUNS - 1);
    const problems: SampleProblems = {
      ...(i >= EXAMPLE_RUNS - 3 ? { failingSources: EXAMPLE_PROBLEMS.failingSources! } : {}),
      ...(i >= EXAMPLE_RUNS - 2 ? { stoppedRecorders: EXAMPLE_PROBLEMS.stoppedRecorders! } : {}),
      ...(i === EXAMPLE_RUNS - 1 ? { missingRecorders: EXAMPLE_PROBLEMS.missingRecorders! } : {}),
    };
    // One seed for every run: week to week, only the progress of remediation changes the data.
    return buildComplianceReport(deployment, EXAMPLE_AGGREGATOR, sampleComplianceData(deployment, { seed: 1000, now, progress, problems }), now);
  });
}

/** What the report's JSON looked like before schema 2: non-compliant rules only, no counts of compliant results. */
export function asSchema1(report: ComplianceReport): unknown {
  const s = report.summary;
  return {
    stack: report.stack,
    aggregator: report.aggregator,
    generatedAt: report.generatedAt,
    rules: report.rules
      .filter((r) => r.places.length > 0)
      .map(({ rule, total, capExceeded, accounts, regions, places }) => ({ rule, total, capExceeded, accounts, regions, places })),
    sources: report.sources,
    recorders: report.recorders,
    summary: {
      nonCompliantResources: s.nonCompliantResources,
      countsCapped: s.countsCapped,
      rules: s.rules,
      accounts: s.accounts,
      failingSources: s.failingSources,
      recordersNotRecording: s.recordersNotRecording,
    },
  };
}

// ---------------------------------------------------------------- a large organization

const AREAS = ["s3", "ec2", "iam", "rds", "lambda", "kms", "cloudtrail", "eks", "ecs", "elb", "dynamodb", "sns", "sqs", "efs", "vpc"];
const CHECKS = [
  "encryption-enabled",
  "public-access-prohibited",
  "logging-enabled",
  "backup-plan-covered",
  "tagging-required",
  "tls-enforced",
  "least-privilege",
  "version-pinned",
  "deletion-protection",
  "multi-az-support",
];

/** `count` rule names shaped like AWS managed rule names, spread over `packs` packs. */
export function largeRulePacks(count: number, packs: number): Map<string, string> {
  const rules = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const name = `${AREAS[i % AREAS.length]}-${CHECKS[Math.floor(i / AREAS.length) % CHECKS.length]}${i >= AREAS.length * CHECKS.length ? `-${i}` : ""}`;
    rules.set(name, `baseline-pack-${(i % packs) + 1}`);
  }
  return rules;
}

/** OUs of the large organization: most accounts sit in workload OUs, a few in sandboxes. */
const LARGE_OUS = ["ou-root-core", "ou-root-sandbox", ...Array.from({ length: 10 }, (_, i) => `ou-root-workload${String(i + 1).padStart(2, "0")}`)];

/**
 * A stack of `accounts` accounts × 2 Regions with `rules` rules in 5 packs, and its report
 * from sample data: the size the HTML page must stay usable at.
 */
export function largeOrganizationReport(accounts: number, rules: number, now: Date): ComplianceReport {
  const rulePacks = largeRulePacks(rules, 5);
  const members = Array.from({ length: accounts - 2 }, (_, i) => {
    const ou = LARGE_OUS[1 + (i % (LARGE_OUS.length - 1))]!;
    const id = String(600000000000 + i);
    return fixtureAccount(id, `${ou === "ou-root-sandbox" ? "sandbox" : "workload"}-${String(i + 1).padStart(4, "0")}`, {
      ou,
      regions: [EU_WEST_1, US_EAST_1],
    });
  });
  const deployment = fixtureDeployment(
    [fixtureAccount(MANAGEMENT, "management", { ou: LARGE_OUS[0]! }), fixtureAccount(SECURITY, "security", { ou: LARGE_OUS[0]! }), ...members],
    {
      stack: "large",
      packs: [...new Set(rulePacks.values())].map((name) => ({ name, parameters: {}, remediation: {} })),
    },
  );
  const problems: SampleProblems = {
    failingSources: members.slice(0, 40).map((a) => `${a.id}|us-east-1`),
    stoppedRecorders: members.slice(40, 100).map((a) => `${a.id}|eu-west-1`),
    missingRecorders: members.slice(100, 130).map((a) => `${a.id}|eu-west-1`),
  };
  return buildComplianceReport(
    deployment,
    EXAMPLE_AGGREGATOR,
    sampleComplianceData(deployment, { seed: 7, now, progress: 0.5, rulePacks, problems, failureScale: 0.12 }),
    now,
    rulePacks,
  );
}
