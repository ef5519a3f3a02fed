/**
 * The plan's GuardDuty section: per governed region, which central account holds which
 * GuardDuty resource (designation in the management account; detector, organization
 * configuration, plans and the findings rule in the security account). Nothing when the
 * stack declares no GuardDuty, so a plan with GuardDuty off reads as it always did.
 */
import { featureStates } from "../../components/central/guardDuty";
import type { Deployment } from "../../config/domain";
import type { CentralResource } from "../../offline/planModel";
import { GUARDDUTY_FINDING_EVENT } from "../../rules/compliance-notifier/guardDutyFindings";

/**
 * With GuardDuty on, findings reach each region's formatted topic; without a subscription that
 * receives them nobody hears of one. (With `guardDuty.notify` set this is a config error instead.)
 */
export function unreceivedFindingsWarning(deployment: Pick<Deployment, "guardDuty" | "subscriptions">): string | undefined {
  if (!deployment.guardDuty) return undefined;
  if (deployment.subscriptions.some((s) => s.protocol !== "sqs" && s.events.includes(GUARDDUTY_FINDING_EVENT))) return undefined;
  return (
    `GuardDuty findings of severity ${deployment.guardDuty.minimumSeverity} and above are published to the formatted topics, but no subscription receives them: ` +
    `add \`${GUARDDUTY_FINDING_EVENT}\` to an email or https subscription's \`events\` (or leave its \`events\` out)`
  );
}

/**
 * Every plan as the stack states it (on: `ALL` for every account and `ENABLED` on the
 * administrator's detector; off: `NONE`/`DISABLED`), the runtime plan with its agents, and what
 * `cost` does not price. Nothing when GuardDuty is off.
 */
export function guardDutyPlanStates(deployment: Pick<Deployment, "guardDuty">): string[] {
  const settings = deployment.guardDuty;
  if (!settings) return [];
  const text = featureStates(settings.features, settings.agentManagement).map((f) => {
    const agents =
      f.agents.length > 0
        ? ` (agents managed by GuardDuty: ${
            f.agents
              .filter((a) => a.on)
              .map((a) => a.name)
              .join(", ") || "none"
          })`
        : "";
    return `${f.name} ${f.on ? "on" : "off"}${f.detectorOnly ? " [administrator's detector only]" : ""}${agents}`;
  });
  const on = settings.features.length;
  return [
    `  plans (on: ALL accounts and the administrator's detector; off: NONE/DISABLED): ${text.join("; ")}`,
    `  cost: \`cost\` prices AWS Config only; GuardDuty bills its foundational detection${on > 0 ? ` and the ${on} plan(s) on` : ""} per account and region by its own pricing (https://aws.amazon.com/guardduty/pricing/)`,
  ];
}

/** GuardDuty's own resources, and the findings rule with its target and permission (components/central/guardDuty.ts names them `guardduty-…`). */
const isGuardDuty = (r: CentralResource) => r.type.startsWith("aws:guardduty/") || r.name.startsWith("guardduty-");

export function guardDutyPlanLines(
  central: Readonly<Record<string, { readonly functions: readonly string[]; readonly resources: readonly CentralResource[] }>>,
  regions: readonly string[],
  warning?: string,
  planStates: readonly string[] = [],
): string[] {
  const lines: string[] = [];
  for (const region of regions) {
    const places: string[] = [];
    for (const [id, c] of Object.entries(central)) {
      const counts = new Map<string, number>();
      for (const r of c.resources.filter((r) => isGuardDuty(r) && r.region === region)) {
        const kind = r.type.split(":").pop()!;
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
      if (counts.size > 0)
        places.push(
          `${id} (${c.functions.join(", ")}): ${[...counts]
            .sort()
            .map(([kind, n]) => (n > 1 ? `${n} × ${kind}` : kind))
            .join(", ")}`,
        );
    }
    if (places.length > 0) lines.push(`  ${region}:`, ...places.map((p) => `    ${p}`));
  }
  if (lines.length === 0) return [];
  return ["", "GuardDuty by region (account: resources):", ...lines, ...planStates, ...(warning ? [`  warning: ${warning}`] : [])];
}
