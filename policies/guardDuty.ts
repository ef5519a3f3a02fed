/**
 * GuardDuty (issue 16), when a stack turns it on or declares any of it: GuardDuty is
 * Regional, so every governed region needs the security account designated GuardDuty's
 * delegated administrator (from the management account, the only one allowed to), a detector
 * in the security account, and the organization configuration on that detector auto-enabling
 * ALL members (NEW alone leaves the existing accounts uncovered). What our own packs then
 * check, `guardduty-enabled-centralized` with `CentralMonitoringAccount` = the security
 * account, holds in every account and region.
 */
import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";

import { factsConfigSchema, requireFacts, type DeploymentFacts } from "./facts";
import { GUARDDUTY_DETECTOR, GUARDDUTY_ORGANIZATION_ADMIN_ACCOUNT, GUARDDUTY_ORGANIZATION_CONFIGURATION } from "./tokens";
import { knownOrUndefined, ofTypes, providerAccountId, resourceRegion } from "./view";

const GUARDDUTY_TYPES = [GUARDDUTY_DETECTOR, GUARDDUTY_ORGANIZATION_ADMIN_ACCOUNT, GUARDDUTY_ORGANIZATION_CONFIGURATION];

type Facts = Pick<DeploymentFacts, "guardDuty" | "governedRegions" | "managementAccountId" | "securityAccountId" | "deployerAccountId" | "shard">;

const regionOf = (r: PolicyResource) => resourceRegion(r.props, r.provider);
const accountOf = (r: PolicyResource, facts: Facts) => providerAccountId(r.provider, facts.deployerAccountId);

/** One region's GuardDuty resources judged: what is missing or wrong there, each a sentence with its fix. */
function regionProblems(resources: readonly PolicyResource[], region: string, facts: Facts, report: ReportViolation): void {
  const here = (type: string) => ofTypes(resources, type).filter((r) => regionOf(r) === region);
  const where = `GuardDuty in \`${region}\``;

  const admins = here(GUARDDUTY_ORGANIZATION_ADMIN_ACCOUNT);
  const designated = admins.filter((a) => a.props.adminAccountId === facts.securityAccountId && accountOf(a, facts) === facts.managementAccountId);
  if (designated.length === 0) {
    const wrong = admins.map(
      (a) => `\`${a.name}\` names ${String(knownOrUndefined(() => a.props.adminAccountId) ?? "no account")} from account ${accountOf(a, facts)}`,
    );
    report(
      `${where} has no delegated administrator: designate the security account ${facts.securityAccountId} ` +
        `(\`OrganizationAdminAccount\` with \`adminAccountId\` ${facts.securityAccountId} and \`region\` ${region}, through the management account ${facts.managementAccountId}'s provider)` +
        `${wrong.length > 0 ? `; declared instead: ${wrong.join("; ")}` : ""}.`,
      admins[0]?.urn,
    );
  }

  const detectors = here(GUARDDUTY_DETECTOR).filter((d) => accountOf(d, facts) === facts.securityAccountId);
  const enabled = detectors.filter((d) => d.props.enable !== false);
  if (enabled.length === 0) {
    report(
      `${where} has no enabled detector in the security account ${facts.securityAccountId}: declare a \`Detector\` with \`region\` ${region} through its provider ` +
        "(a delegated administrator without a detector can take no action).",
      detectors[0]?.urn,
    );
  }

  const configurations = here(GUARDDUTY_ORGANIZATION_CONFIGURATION).filter((c) => accountOf(c, facts) === facts.securityAccountId);
  const all = configurations.filter((c) => c.props.autoEnableOrganizationMembers === "ALL");
  if (all.length === 0) {
    const settings = configurations.map((c) => `\`${String(knownOrUndefined(() => c.props.autoEnableOrganizationMembers) ?? "unset")}\``);
    report(
      `${where} does not auto-enable every member account: the security account's \`OrganizationConfiguration\` there must set \`autoEnableOrganizationMembers\` to \`ALL\`` +
        `${settings.length > 0 ? ` (it sets ${settings.join(", ")}; \`NEW\` leaves the existing accounts uncovered)` : " (none is declared)"}.`,
      configurations[0]?.urn,
    );
  }
}

export const guarddutyOrganizationAdministered: StackValidationPolicy = {
  name: "guardduty-organization-administered",
  description:
    "Checks whether every governed region of a stack with GuardDuty on has the security account designated GuardDuty's delegated administrator from the management account, " +
    "a detector in the security account, and an organization configuration auto-enabling ALL member accounts.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("guardDuty", "governedRegions", "managementAccountId", "securityAccountId", "deployerAccountId", "shard"),
  validateStack: (args, reportViolation) => {
    const facts = requireFacts(
      guarddutyOrganizationAdministered.name,
      args.getConfig<Partial<DeploymentFacts>>(),
      "guardDuty",
      "governedRegions",
      "managementAccountId",
      "securityAccountId",
      "deployerAccountId",
      "shard",
    );
    const declared = ofTypes(args.resources, GUARDDUTY_TYPES);
    if (!facts.shard.ownsCentral) {
      for (const r of declared) {
        reportViolation(
          `Shard \`${facts.shard.name}\` does not own the central resources, yet declares GuardDuty's \`${r.name}\`: the stack that owns them administers GuardDuty.`,
          r.urn,
        );
      }
      return;
    }
    // Off and nothing declared: nothing to judge (GuardDuty is optional).
    if (!facts.guardDuty && declared.length === 0) return;
    for (const { name: region } of facts.governedRegions) regionProblems(args.resources, region, facts, reportViolation);
  },
};

export const guardDutyPolicies: readonly StackValidationPolicy[] = [guarddutyOrganizationAdministered];
