/**
 * `npm run plan -- --stack dev [--json]`: the offline plan. Runs the real
 * program under Pulumi mocks with the stack's config (no credentials, no
 * network) and prints what `pulumi up` would build, with the policy pack's
 * verdict on that shape.
 */

import * as path from "path";

import { offlineOrganization } from "../config/discovery";
import type { Deployment } from "../config/domain";
import { describeFindings, lintTemplateFile } from "../packs/templates";
import { parseStack, resolveDeployment } from "../config/pipeline";
import { PROJECT_ROOT } from "../config/sources";
import { describeShard } from "../config/shard";
import { runProgram } from "../offline/mockRun";
import { buildDetectionPlan, renderDetectionPlan, type DetectionPlan } from "../offline/detectionPlan";
import { buildPlanModel, TYPES, type PlanModel, type PlanPack } from "../offline/planModel";
import { targetedPackLines, targetedPacksOf, type PlanTargetedPack } from "../offline/targetedPacks";
import { ORGANIZATION_CUSTOM_RULE } from "../policies/tokens";
import { policyVerdict, type PolicyVerdict } from "../offline/policyVerdict";
import { projectCoverage, type ProjectCoverage } from "../offline/projectCoverage";
import { type CommandIo, newProgram, parseArguments, processIo, runCommand, runMain } from "./lib/cli";
import { ExitCode } from "./lib/exitCodes";
import { guardDutyPlanLines, guardDutyPlanStates, unreceivedFindingsWarning } from "./lib/guardDutyPlan";
import { newAccountsPlan, newAccountsPlanLines, type NewAccountsPlan } from "./lib/newAccountsPlan";
import { compactMatrix, wideMatrix, wrapProse } from "./lib/planMatrix";
import { createProgress, silentProgress, type Progress } from "./lib/progress";

export interface PlanOptions {
  readonly stack: string;
  readonly organizationFixture?: string;
  readonly configOverrides?: Readonly<Record<string, unknown>>;
  /** Drawn on stderr through the plan's steps (config, program, policy, shards). */
  readonly progress?: Progress;
}

export interface Plan extends PlanModel {
  readonly policy: PolicyVerdict;
  /** cfn-lint findings on the template packs, as warnings (packs/templates/cfnLint.ts). */
  readonly templateAdvice: readonly string[];
  /** Whether the shards of the project take every account once (trivially so for one stack). */
  readonly shards: ProjectCoverage;
  /** The organization trail and role alarms the program declares, with their accounts and regions. */
  readonly detection: DetectionPlan;
  /** Set when GuardDuty is on and no subscription receives its findings (commands/lib/guardDutyPlan.ts). */
  readonly guardDutyWarning?: string;
  /** With GuardDuty on: every plan as stated, and what the cost estimate leaves out. */
  readonly guardDutyPlans?: readonly string[];
  /** Packs and the custom rule aimed at OUs and accounts (`targets`), when any (offline/targetedPacks.ts). */
  readonly targetedPacks?: readonly PlanTargetedPack[];
  /** With `newAccounts`: the account-event rules and their target (commands/lib/newAccountsPlan.ts). */
  readonly newAccounts?: NewAccountsPlan;
}

/** Builds the plan of a stack: config -> program under mocks -> model -> policy verdict. */
export async function plan(options: PlanOptions): Promise<Plan> {
  const progress = options.progress ?? silentProgress;
  progress.start(4, `planning \`${options.stack}\``);
  const parsed = parseStack(options.stack, options.configOverrides ? { overrides: options.configOverrides } : {});
  const offline = offlineOrganization(parsed, { projectRoot: PROJECT_ROOT, ...(options.organizationFixture ? { fixture: options.organizationFixture } : {}) });
  const organization = offline?.snapshot;
  const organizationSource = offline ? `FIXTURE ${offline.file} (offline: the live organization was not asked)` : "inventory (the list is the whole scope)";
  const deployment = resolveDeployment(parsed, organization);
  progress.tick();
  const run = await runProgram({
    stack: options.stack,
    ...(organization ? { organization } : {}),
    ...(options.configOverrides ? { config: options.configOverrides } : {}),
  });
  progress.tick();
  const model = buildPlanModel(deployment, run.resources, organizationSource);
  const policy = policyVerdict(deployment, run.resources);
  progress.tick();
  const shards = projectCoverage(options.stack, PROJECT_ROOT, options.configOverrides, options.organizationFixture);
  progress.tick();
  progress.stop();
  const guardDutyWarning = unreceivedFindingsWarning(deployment);
  const targetedPacks = targetedPacksOf(deployment, run.resources, { pack: TYPES.pack, customRule: ORGANIZATION_CUSTOM_RULE });
  const newAccounts = newAccountsPlan(deployment, run.resources);
  return {
    ...model,
    policy,
    shards,
    templateAdvice: templateAdvice(deployment),
    detection: buildDetectionPlan(run.resources),
    ...(guardDutyWarning ? { guardDutyWarning } : {}),
    ...(deployment.guardDuty ? { guardDutyPlans: guardDutyPlanStates(deployment) } : {}),
    ...(targetedPacks.length > 0 ? { targetedPacks } : {}),
    ...(newAccounts ? { newAccounts } : {}),
  };
}

/** cfn-lint on each template pack's file, as advice: a finding never fails the plan, nor does cfn-lint missing. */
function templateAdvice(deployment: Deployment): string[] {
  return deployment.templatePacks.flatMap((t) => {
    try {
      const result = lintTemplateFile(path.resolve(PROJECT_ROOT, t.file));
      const tolerated =
        result.tolerated.length > 0
          ? [`pack \`${t.name}\` (${t.file}): ${result.tolerated.length} cfn-lint finding(s) of the kinds AWS's own samples carry, not shown`]
          : [];
      return [...describeFindings(t.name, t.file, result), ...tolerated];
    } catch (error) {
      return [`pack \`${t.name}\` (${t.file}): cfn-lint did not run: ${(error as Error).message}`];
    }
  });
}

/** The first few names of a long list, then how many more. */
function compactList(names: readonly string[], shown = 6): string {
  return names.length <= shown ? names.join(", ") : `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;
}

export interface RenderPlanOptions {
  /** `--wide`: one column per region with every cell spelled out, instead of one mark per region. */
  readonly wide?: boolean;
}

export function renderPlan(p: Plan, options: RenderPlanOptions = {}): string {
  const out: string[] = [];
  out.push(`Plan of stack \`${p.stack}\`: what \`pulumi up\` would build (offline, under mocks; nothing was deployed)`);
  out.push(`Accounts from: ${p.organizationSource}`);
  out.push(`Governed regions: ${p.regions.join(", ")} (home ${p.homeRegion})` + (p.shard.kind === "all" ? "" : `; shard: ${describeShard(p.shard)}`));
  out.push("");

  out.push(`Recorders: ${p.counts.recorders} (accounts × regions)`);
  if (p.counts.remediationPacks > 0) {
    out.push(
      `Remediation packs: ${p.counts.remediationPacks} (each account's own pack in each region, its remediated rules with that account's literal role ARN)`,
    );
  }
  out.push(options.wide ? wideMatrix(p) : compactMatrix(p));

  if (p.excluded.length > 0) {
    out.push("", "Excluded accounts (nothing is deployed there; packs skip them):");
    for (const x of p.excluded) out.push(`  ${x.id} ${x.name}: ${x.reason}`);
  }

  out.push("", p.ownsCentral ? "Central resources by account:" : "Central resources: owned by another stack of this project (this stack is a shard)");
  if (p.ownsCentral && p.administratorNote) out.push(`  ${p.administratorNote}.`);
  for (const [id, c] of Object.entries(p.central)) {
    if (c.resources.length === 0) continue;
    const counts = new Map<string, number>();
    for (const r of c.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    out.push(`  ${id} (${c.functions.join(", ")}):`);
    for (const [type, n] of [...counts].sort()) out.push(`    ${n} × ${type}`);
  }

  out.push(...renderDetectionPlan(p.detection));
  out.push(...guardDutyPlanLines(p.central, p.regions, p.guardDutyWarning, p.guardDutyPlans));
  out.push(...newAccountsPlanLines(p.newAccounts));

  out.push("", "Organization conformance packs by region (rules deployed there):");
  for (const [region, packs] of Object.entries(p.packsByRegion)) {
    const details = p.packRules[region] ?? [];
    // A pack with nothing left either had its rules left out here, or has them all in the account packs (remediated).
    const skipped = (d: PlanPack) =>
      `${d.name} SKIPPED (${d.leftOut.length > 0 ? "no rule offered here" : `every rule remediated: ${d.accountPackRules} in the account packs`})`;
    // Both counts: a pack whose remediated rules moved to the account packs has fewer rules here than it declares.
    const inAccountPacks = (d: PlanPack) => (d.accountPackRules > 0 ? ` + ${d.accountPackRules} remediated in the account packs` : "");
    const described = details.map((d) =>
      d.delivery === "skipped" ? skipped(d) : `${d.name} ${d.rules} organization-pack rules${d.delivery === "s3" ? " via S3" : ""}${inAccountPacks(d)}`,
    );
    out.push(`  ${region}: ${described.length ? described.join(", ") : packs.length ? packs.join(", ") : "(none)"}`);
    for (const d of details) {
      if (d.leftOut.length > 0) out.push(`    ${d.name}: left out (AWS does not offer them here): ${compactList(d.leftOut)}`);
      if (d.unconfirmed.length > 0)
        out.push(`    ${d.name}: warning: ${d.unconfirmed.length} kept with no AWS region note covering ${region}: ${compactList(d.unconfirmed)}`);
    }
  }
  out.push(...targetedPackLines(p.targetedPacks ?? []));
  if (p.templateAdvice.length > 0) {
    out.push("", "Template packs: cfn-lint advice (warnings; the project's own checks decide):");
    for (const w of p.templateAdvice) out.push(`  ${w}`);
  }

  out.push(
    "",
    `Totals: ${p.counts.resources} resources (${p.counts.customResources} custom), ${p.counts.awsProviders} aws providers, ${p.counts.awsNativeProviders} aws-native provider(s): one plugin process each, whatever the number of accounts`,
  );

  out.push("", renderShards(p.shards));

  out.push("", `Policy pack: ${p.policy.summary}`);
  for (const v of p.policy.violations) out.push(`  [${v.enforcementLevel}] ${v.policy}: ${v.message}`);
  const failures = planFailures(p);
  if (failures.length > 0) out.push("", `The plan fails (exit 1): ${failures.join("; ")}.`);
  return options.wide ? out.join("\n") : wrapProse(out.join("\n"));
}

/** Why the plan exits 1, in words (empty when it exits 0). */
export function planFailures(p: Pick<Plan, "policy" | "shards">): string[] {
  const failures: string[] = [];
  if (!p.shards.ok) failures.push(`the shards have ${shardProblemCount(p.shards)} problem(s), listed under "Shards"`);
  if (p.policy.mandatoryViolations > 0) failures.push(`the policy pack has ${p.policy.mandatoryViolations} mandatory violation(s), listed under "Policy pack"`);
  return failures;
}

/**
 * The shard coverage of the project. Every problem that fails the plan (exit 1) is printed
 * here, whether the project has one stack or several.
 */
export function renderShards(c: ProjectCoverage): string {
  const only = c.stacks.length === 1 ? c.stacks[0]! : undefined;
  const out =
    only && c.ok
      ? [`Shards: \`${only.stack}\` is the only stack of organization ${c.organizationId}; it takes ${only.accounts} account(s).`]
      : [
          `Shards of organization ${c.organizationId}: ${c.ok ? "every account is taken by exactly one stack" : `FAIL: ${shardProblemCount(c)} problem(s), the plan exits 1`}`,
        ];
  if (!(only && c.ok)) {
    for (const s of c.stacks)
      out.push(`  ${s.stack}: ${s.shard}, ${s.accounts} account(s)${s.ownsCentral ? ", owns the central component" : ", does not own the central component"}`);
  }
  for (const s of c.stacks) if (s.accounts === 0) out.push(`  warning: \`${s.stack}\` (${s.shard}) takes no account: check its \`aws-config-org:shard\``);
  if (c.unassigned.length > 0) {
    out.push(
      `  taken by no stack: ${c.unassigned.length} account(s), ${compactList(c.unassigned)}: ` +
        (only
          ? `\`${only.stack}\` is the only stack: add the stack(s) for the other shards, or remove \`aws-config-org:shard\``
          : "widen a shard or add a stack"),
    );
  }
  for (const d of c.duplicated) out.push(`  ${d.accountId} is taken by ${d.stacks.join(" and ")}: narrow one of the shards`);
  for (const o of c.centralOwnership) out.push(`  ${o}`);
  for (const w of c.warnings) out.push(`  warning: ${w}`);
  return out.join("\n");
}

function shardProblemCount(c: ProjectCoverage): number {
  return (c.unassigned.length > 0 ? 1 : 0) + c.duplicated.length + c.centralOwnership.length;
}

/** What tests set beside the command line: stack config overrides, as `plan()` takes them. */
export interface PlanMainOptions {
  readonly configOverrides?: Readonly<Record<string, unknown>>;
}

export async function main(argv: readonly string[], io: CommandIo = processIo, mainOptions: PlanMainOptions = {}): Promise<number> {
  return runCommand(io, async () => {
    const program = newProgram("plan", "Offline plan: what `pulumi up` would build for a stack, without credentials or network", io)
      .requiredOption("--stack <name>", "stack to plan (Pulumi.<name>.yaml)")
      .option("--json", "print the plan as JSON")
      .option("--wide", "the accounts × regions matrix with one column per region, every cell spelled out (default: one mark per region, fits 120 columns)")
      .option("--no-progress", "never draw a progress bar")
      .option("--organization <file>", "organization snapshot for `discover: true` inventories (default accounts/fixtures/<stack>-organization.json)");
    parseArguments(program, argv);
    const opts = program.opts<{ stack: string; json?: boolean; wide?: boolean; progress?: boolean; organization?: string }>();
    const progress = createProgress({ format: opts.json ? "json" : "table", requested: opts.progress, isTty: io.stderrIsTty });
    const p = await plan({
      stack: opts.stack,
      progress,
      ...(opts.organization ? { organizationFixture: opts.organization } : {}),
      ...(mainOptions.configOverrides ? { configOverrides: mainOptions.configOverrides } : {}),
    });
    for (const w of p.shards.warnings) io.stderr(`warning: ${w}\n`);
    io.stdout((opts.json ? JSON.stringify(p, null, 2) : renderPlan(p, { wide: opts.wide === true })) + "\n");
    return planFailures(p).length > 0 ? ExitCode.Findings : ExitCode.Ok;
  });
}

if (require.main === module) runMain(main);
