/**
 * Sharding: a large organization runs as several stacks of this project, each
 * taking a slice of the accounts (a shard), executed in parallel. Exactly one
 * stack owns the central component (aggregator, packs, bucket, SCP).
 *
 * Shard kinds (`Shard` in config/domain.ts):
 * - `all`: every account in scope (the default, a single-stack project);
 * - `ou`: accounts whose organizational unit is one of `ous` (an OU id, or an
 *   OU path such as `Workloads/Prod`, which also takes the OUs below it);
 * - `accounts`: exactly the listed account ids;
 * - `hash` (`index` of `count`, 1-based): accounts whose stable hash bucket
 *   is `index` (see {@link hashShardOf}).
 *
 * Everything here is pure: config loading slices its scope with
 * {@link inShard}; the policy pack and the offline plan check that the shards
 * of all stacks cover the organization once with {@link checkShardCoverage}.
 */
import { createHash } from "node:crypto";
import type { Shard } from "./domain";

/** What a shard needs to know about an account. */
export interface ShardAccount {
  /** 12-digit account id. */
  readonly id: string;
  /** OU id (`ou-…`) or OU path (`Workloads/Prod`), when known. */
  readonly ou?: string;
}

/** One stack of a sharded project and the shard it takes. */
export interface StackShard {
  readonly stack: string;
  readonly shard: Shard;
}

/** Accounts no stack takes, and accounts more than one stack takes. */
export interface ShardCoverage {
  /** Account ids in no shard, in input order. */
  readonly unassigned: string[];
  /** Account ids in two or more shards, with those stacks (in input order). */
  readonly duplicated: { accountId: string; stacks: string[] }[];
}

/**
 * The hash bucket of an account, 1-based, for `count` buckets.
 *
 * Definition (stable across Node versions and machines, and easy to reproduce
 * in any language): take the SHA-256 digest of the account id's UTF-8 bytes,
 * read all 32 bytes as one unsigned big-endian integer, reduce it modulo
 * `count`, add 1. In Python: `int(hashlib.sha256(b"123456789012").hexdigest(), 16) % count + 1`.
 *
 * The bucket of an account depends only on its id and `count`: adding or
 * closing accounts never moves the others. Changing `count` does move
 * accounts between stacks (their resources must then move too), so choose it
 * with headroom.
 */
export function hashShardOf(accountId: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`hash shard \`count\` must be an integer of at least 1, got ${String(count)}`);
  }
  const digest = createHash("sha256").update(accountId, "utf8").digest("hex");
  return Number(BigInt(`0x${digest}`) % BigInt(count)) + 1;
}

/** Whether `account` belongs to `shard`. */
export function inShard(account: ShardAccount, shard: Shard): boolean {
  switch (shard.kind) {
    case "all":
      return true;
    case "accounts":
      return shard.accountIds.includes(account.id);
    case "ou":
      return account.ou !== undefined && shard.ous.some((ou) => ouContains(ou, account.ou as string));
    case "hash":
      return hashShardOf(account.id, shard.count) === shard.index;
  }
}

/**
 * Whether the shard OU `shardOu` takes an account whose OU is `accountOu`:
 * the same OU (id or path), or, for paths, an OU below it
 * (`Workloads` takes `Workloads/Prod`). Leading and trailing `/` are ignored.
 */
function ouContains(shardOu: string, accountOu: string): boolean {
  const outer = trimSlashes(shardOu);
  const inner = trimSlashes(accountOu);
  return inner === outer || inner.startsWith(`${outer}/`);
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, "");
}

/**
 * Problems with a shard's own values (empty when it is usable), each naming
 * `where` (the config key) and how to fix it.
 */
export function validateShard(shard: Shard, where = "shard"): string[] {
  const problems: string[] = [];
  switch (shard.kind) {
    case "all":
      break;
    case "hash":
      if (!Number.isInteger(shard.count) || shard.count < 1) {
        problems.push(`\`${where}.count\` is ${String(shard.count)}: use an integer of at least 1`);
      } else if (!Number.isInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
        problems.push(`\`${where}.index\` is ${String(shard.index)}: it runs from 1 to \`count\` (${shard.count})`);
      }
      break;
    case "accounts": {
      if (shard.accountIds.length === 0) problems.push(`\`${where}.accountIds\` is empty: list at least one account id`);
      for (const id of shard.accountIds) {
        if (!/^[0-9]{12}$/.test(id)) problems.push(`\`${where}.accountIds\` has \`${id}\`: an account id is 12 digits, quoted in YAML`);
      }
      for (const id of duplicatesOf(shard.accountIds)) problems.push(`\`${where}.accountIds\` lists \`${id}\` more than once`);
      break;
    }
    case "ou": {
      if (shard.ous.length === 0) problems.push(`\`${where}.ous\` is empty: list at least one OU id or path`);
      for (const ou of shard.ous) {
        if (trimSlashes(ou).length === 0) problems.push(`\`${where}.ous\` has an empty OU: use an OU id (\`ou-…\`) or a path (\`Workloads/Prod\`)`);
      }
      for (const ou of duplicatesOf(shard.ous.map(trimSlashes))) problems.push(`\`${where}.ous\` lists \`${ou}\` more than once`);
      break;
    }
  }
  return problems;
}

/** Human words for a shard, for messages and outputs: `hash shard 2 of 4`. */
export function describeShard(shard: Shard): string {
  switch (shard.kind) {
    case "all":
      return "all accounts";
    case "hash":
      return `hash shard ${shard.index} of ${shard.count}`;
    case "accounts":
      return `${shard.accountIds.length} listed account(s)`;
    case "ou":
      return `OU(s) ${shard.ous.join(", ")}`;
  }
}

/**
 * Checks that the shards of all stacks of a project take every account of
 * the organization exactly once.
 *
 * Accounts may be given as bare ids or with their OU; an account given as a
 * bare id can only be taken by `all`, `accounts` and `hash` shards.
 */
export function checkShardCoverage(allAccounts: readonly (string | ShardAccount)[], shards: readonly StackShard[]): ShardCoverage {
  const unassigned: string[] = [];
  const duplicated: { accountId: string; stacks: string[] }[] = [];
  const seen = new Set<string>();
  for (const entry of allAccounts) {
    const account: ShardAccount = typeof entry === "string" ? { id: entry } : entry;
    if (seen.has(account.id)) continue;
    seen.add(account.id);
    const stacks = shards.filter((s) => inShard(account, s.shard)).map((s) => s.stack);
    if (stacks.length === 0) unassigned.push(account.id);
    else if (stacks.length > 1) duplicated.push({ accountId: account.id, stacks });
  }
  return { unassigned, duplicated };
}

/**
 * Problems with which stacks own the central component: exactly one stack of
 * a project must (none: no aggregator, bucket or packs; several: they fight
 * over the same central resources).
 */
export function checkCentralOwnership(stacks: readonly { readonly stack: string; readonly ownsCentral: boolean }[]): string[] {
  const owners = stacks.filter((s) => s.ownsCentral).map((s) => s.stack);
  if (owners.length === 1) return [];
  if (owners.length === 0) {
    return [`no stack owns the central component: set \`ownsCentral: true\` in exactly one stack's config (stacks: ${stacks.map((s) => s.stack).join(", ")})`];
  }
  return [`stacks ${owners.map((s) => `\`${s}\``).join(", ")} all set \`ownsCentral: true\`: keep it in exactly one of them`];
}

function duplicatesOf(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const v of values) (seen.has(v) ? dupes : seen).add(v);
  return [...dupes];
}
