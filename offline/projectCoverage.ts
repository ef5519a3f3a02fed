/**
 * Coverage across the shards of a project: every stack (Pulumi.<stack>.yaml)
 * that governs the same organization is read, each stack's slice is computed,
 * and the slices must take every account of the organization's scope exactly
 * once, with exactly one stack owning the central component. One stack alone
 * is the trivial case. The offline plan prints this; a shard's own policy pack
 * run can only see its own slice.
 */
import { offlineOrganization } from "../config/discovery";
import { parseStack, resolveDeployment } from "../config/pipeline";
import { ConfigError } from "../config/errors";
import { checkCentralOwnership, checkShardCoverage, describeShard } from "../config/shard";
import { PROJECT_ROOT, stacksIn } from "../config/sources";

export interface ProjectCoverage {
  readonly organizationId: string;
  readonly stacks: readonly { readonly stack: string; readonly shard: string; readonly ownsCentral: boolean; readonly accounts: number }[];
  /** Accounts of the organization's scope that no stack takes. */
  readonly unassigned: readonly string[];
  /** Accounts more than one stack takes. */
  readonly duplicated: readonly { readonly accountId: string; readonly stacks: readonly string[] }[];
  readonly centralOwnership: readonly string[];
  /**
   * Other stacks of the project whose config cannot be read: each names its file and its
   * problems. They are left out of the check (which then covers the readable stacks) rather
   * than stopping the plan of a stack that is itself fine.
   */
  readonly warnings: readonly string[];
  readonly ok: boolean;
}

/** Stacks of a project: every Pulumi.<stack>.yaml at its root. */
export function projectStacks(projectRoot = PROJECT_ROOT): string[] {
  return stacksIn(projectRoot);
}

/**
 * `overrides` (stack config keys, as `plan --stack` takes them in tests) and `organizationFixture`
 * (`plan --organization`) apply to the planned stack only, so it is checked as the plan runs it.
 */
export function projectCoverage(
  stack: string,
  projectRoot = PROJECT_ROOT,
  overrides?: Readonly<Record<string, unknown>>,
  organizationFixture?: string,
): ProjectCoverage {
  const planned = parseStack(stack, { projectRoot, ...(overrides ? { overrides } : {}) });
  const organizationId = planned.base.organizationId;
  const warnings: string[] = [];
  const siblings = projectStacks(projectRoot)
    .flatMap((s) => {
      if (s === stack) return [{ stack: s, parsed: planned }];
      try {
        return [{ stack: s, parsed: parseStack(s, { projectRoot }) }];
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        warnings.push(unreadableStackWarning(s, e));
        return [];
      }
    })
    .filter((s) => s.parsed.base.organizationId === organizationId);

  // The organization's scope: what each stack would take without its shard (exclusions already out).
  const universe = new Map<string, { id: string; ou?: string }>();
  const stacks = siblings.map(({ stack: name, parsed }) => {
    // The planned stack's organization from the plan's own `--organization` file, when given.
    const snapshot = offlineOrganization(parsed, { projectRoot, ...(name === stack && organizationFixture ? { fixture: organizationFixture } : {}) })?.snapshot;
    const whole = resolveDeployment({ ...parsed, base: { ...parsed.base, shard: { kind: "all" } } }, snapshot);
    for (const a of whole.accounts) universe.set(a.id, { id: a.id, ...(a.ou ? { ou: a.ou } : {}) });
    const slice = resolveDeployment(parsed, snapshot);
    return { stack: name, shard: parsed.base.shard, ownsCentral: parsed.base.ownsCentral, accounts: slice.accounts.length };
  });

  const coverage = checkShardCoverage(
    [...universe.values()],
    stacks.map((s) => ({ stack: s.stack, shard: s.shard })),
  );
  const centralOwnership = checkCentralOwnership(stacks);
  return {
    organizationId,
    stacks: stacks.map((s) => ({ stack: s.stack, shard: describeShard(s.shard), ownsCentral: s.ownsCentral, accounts: s.accounts })),
    unassigned: coverage.unassigned,
    duplicated: coverage.duplicated,
    centralOwnership,
    warnings,
    ok: coverage.unassigned.length === 0 && coverage.duplicated.length === 0 && centralOwnership.length === 0,
  };
}

/** The warning for another stack of the project whose config is broken. */
function unreadableStackWarning(stack: string, error: ConfigError): string {
  return (
    `Pulumi.${stack}.yaml (another stack of this project) cannot be read, so the shard coverage check leaves it out; ` +
    `fix it before planning \`${stack}\`:\n` +
    error.problems.map((p) => `    - ${p}`).join("\n")
  );
}
