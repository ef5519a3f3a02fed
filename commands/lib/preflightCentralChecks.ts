/**
 * Preflight's verdicts on the central layer (pure): the organization trails, GuardDuty per
 * region, and the organization aggregator's weekly capacity, from what the management and
 * security accounts showed.
 */
import type { Deployment } from "../../config/domain";
import { AGGREGATOR_NAME } from "../../config/names";
import { aggregatorAccountCount, CONFIG_QUOTAS } from "../../config/validateDeployment";
import { errorText, type GuardDutyObservation, type Observations, type TrailSeen } from "./preflightProbes";

/** The organization's trails as the management account sees them, and what the stack would add. */
export interface TrailCheck {
  /** Organization trails already there (Control Tower's `aws-controltower-BaselineCloudTrail`, others). */
  readonly existing: readonly TrailSeen[];
  /** The organization trail this stack declares (`organizationTrail.enabled`); absent when off. */
  readonly planned?: string;
  /** What it means, in a sentence. */
  readonly verdict: string;
  /** Whether the stack would add a second organization trail beside an existing one. */
  readonly secondTrail: boolean;
}

/** The organization aggregator before `pulumi up`. */
export interface AggregatorCheck {
  /** Accounts of the organization it covers (in scope and excluded). */
  readonly accounts: number;
  /** `true`/`false` when read; absent when it could not be. */
  readonly exists?: boolean;
  /** Whether this run would add more accounts to aggregators than AWS adds in a week. */
  readonly warning: boolean;
  readonly verdict: string;
}

/**
 * Creating the organization aggregator adds every account of the organization to it at once; AWS
 * adds at most 1,000 accounts a week to aggregators (CONFIG_QUOTAS), so beyond that the
 * aggregator fills over weeks: warn, with the count and how many weeks.
 */
export function checkAggregator(
  deployment: Pick<Deployment, "scope" | "excluded" | "ownsCentral">,
  observed: Observations["aggregator"],
): AggregatorCheck | undefined {
  if (!deployment.ownsCentral) return undefined;
  const accounts = aggregatorAccountCount(deployment);
  const perWeek = CONFIG_QUOTAS.aggregatorAccountChangesPerWeek;
  if (!observed || !observed.ok) {
    const why = observed && !observed.ok ? `: ${errorText(observed.error)}` : "";
    return {
      accounts,
      warning: false,
      verdict: `could not read the organization aggregator \`${AGGREGATOR_NAME}\` in the security account${why}; it covers ${accounts} account(s)`,
    };
  }
  if (observed.value)
    return { accounts, exists: true, warning: false, verdict: `\`${AGGREGATOR_NAME}\` exists and covers the organization's ${accounts} account(s)` };
  if (accounts <= perWeek)
    return { accounts, exists: false, warning: false, verdict: `\`pulumi up\` creates \`${AGGREGATOR_NAME}\` over ${accounts} account(s)` };
  const weeks = Math.ceil(accounts / perWeek);
  return {
    accounts,
    exists: false,
    warning: true,
    verdict:
      `\`pulumi up\` creates \`${AGGREGATOR_NAME}\` over ${accounts} accounts, more than the ${perWeek.toLocaleString("en-US")} AWS adds to aggregators per week: ` +
      `expect about ${weeks} weeks before it shows every account (DescribeConfigurationAggregatorSourcesStatus lists those not yet added); plan reports on it accordingly`,
  };
}

/** GuardDuty in one governed region before `pulumi up`. */
export interface GuardDutyCheck {
  readonly region: string;
  /** `ready` (nothing in the way), `blocked` (`pulumi up` fails here until fixed), `unknown` (not readable). */
  readonly status: "ready" | "blocked" | "unknown";
  readonly verdict: string;
}

/** What GuardDuty's current state in each region means for the stack's designation and detector. */
export function checkGuardDuty(deployment: Deployment, observed: readonly GuardDutyObservation[] | undefined): GuardDutyCheck[] {
  if (!deployment.guardDuty || !observed) return [];
  const security = deployment.securityAccountId;
  return observed.map((o): GuardDutyCheck => {
    const unknown = [
      ...(!o.administrators.ok ? [`the administrators could not be listed from the management account: ${errorText(o.administrators.error)}`] : []),
      ...(!o.securityDetectors.ok ? [`the security account's detectors could not be listed: ${errorText(o.securityDetectors.error)}`] : []),
    ];
    const blocked: string[] = [];
    const notes: string[] = [];
    if (o.administrators.ok) {
      const others = o.administrators.value.filter((id) => id !== security);
      if (others.length > 0) {
        blocked.push(
          `GuardDuty's delegated administrator here is ${others.join(", ")}, not the security account ${security}: AWS allows one; ` +
            `remove it first (\`aws guardduty disable-organization-admin-account --admin-account-id ${others[0]} --region ${o.region}\` from the management account) or make it the \`securityAccountId\``,
        );
      } else if (o.administrators.value.includes(security)) {
        notes.push(
          `the security account is already the administrator: import the designation (\`pulumi import aws:guardduty/organizationAdminAccount:OrganizationAdminAccount guardduty-admin-${o.region} ${security}\`)`,
        );
      }
    }
    if (o.securityDetectors.ok && o.securityDetectors.value.length > 0) {
      blocked.push(
        `the security account already has detector ${o.securityDetectors.value[0]} (one per region; \`pulumi up\` would try to create another): ` +
          `import it (\`pulumi import aws:guardduty/detector:Detector guardduty-detector-${o.region} ${o.securityDetectors.value[0]}\`)`,
      );
    }
    if (blocked.length > 0) return { region: o.region, status: "blocked", verdict: [...blocked, ...notes].join("; ") };
    if (unknown.length > 0) return { region: o.region, status: "unknown", verdict: unknown.join("; ") };
    return {
      region: o.region,
      status: "ready",
      verdict:
        notes.length > 0 ? notes.join("; ") : "no administrator and no detector yet: `pulumi up` designates the security account and creates its detector",
    };
  });
}

/** AWS Control Tower's organization trail name prefix (`aws-controltower-BaselineCloudTrail`). */
const CONTROL_TOWER_TRAIL_PREFIX = "aws-controltower-";

function trailText(t: TrailSeen): string {
  const maker = t.name.startsWith(CONTROL_TOWER_TRAIL_PREFIX) ? " (made by AWS Control Tower)" : "";
  return `\`${t.name}\`${maker}${t.homeRegion ? ` in ${t.homeRegion}` : ""}${t.multiRegion ? ", every region" : ", one region"}${t.bucket ? `, bucket ${t.bucket}` : ""}`;
}

/** What the organization's existing trails mean for this stack's `organizationTrail`. */
export function checkOrganizationTrails(deployment: Deployment, observed: Observations["managementTrails"]): TrailCheck {
  const planned = deployment.organizationTrail?.name;
  const base = planned ? { planned } : {};
  if (!observed) {
    return {
      ...base,
      existing: [],
      secondTrail: false,
      verdict: `the management account \`${deployment.managementAccountId}\` could not be reached: its trails were not listed`,
    };
  }
  if (!observed.ok) {
    return {
      ...base,
      existing: [],
      secondTrail: false,
      verdict: `could not list the trails of the management account: ${errorText(observed.error)}${observed.error.hint ? ` (${observed.error.hint})` : ""}`,
    };
  }
  const existing = observed.value.filter((t) => t.organization);
  const same = planned ? existing.find((t) => t.name === planned) : undefined;
  const others = existing.filter((t) => t !== same);
  if (others.length === 0 && !same) {
    return {
      ...base,
      existing,
      secondTrail: false,
      verdict: planned
        ? `no organization trail yet: \`pulumi up\` creates \`${planned}\``
        : "no organization trail: `organizationTrail: {enabled: true}` creates one",
    };
  }
  const listed = others.map(trailText).join("; ");
  if (!planned) {
    return { existing, secondTrail: false, verdict: `the organization is already recorded by ${listed}: leave \`organizationTrail\` off` };
  }
  if (others.length === 0) {
    return {
      ...base,
      existing,
      secondTrail: false,
      verdict: `\`${planned}\` exists: this stack's own trail is updated in place (if another tool made it, \`pulumi up\` cannot create it: import it or set \`organizationTrail.name\`)`,
    };
  }
  return {
    ...base,
    existing,
    secondTrail: true,
    verdict:
      `the organization is already recorded by ${listed}; \`pulumi up\` would create \`${planned}\` next to it, a second organization trail: ` +
      "CloudTrail charges for every copy of management events after the first, so keep one (turn `organizationTrail` off, or retire the other trail)",
  };
}
