/**
 * Preflight for packs aimed at OUs and accounts (`packs[i].targets`): which accounts move into
 * or out of each targeted pack at this `pulumi up`. What the last run left is read where it
 * lives, in AWS: the deployed organization pack's `ExcludedAccounts`
 * (`DescribeOrganizationConformancePacks` in the security account's home Region). Compared with
 * the exclusions this run computes from the organization as it is now (config/packTargets.ts),
 * an account no longer excluded moves in (it joined a targeted OU, or was named), one newly
 * excluded moves out (it left the OUs). A pack not deployed yet moves nobody: it is new.
 */
import { clientFor } from "../../components/multiaccount/awsClients";
import type { Target } from "../../components/multiaccount/session";
import { excludedAccountsIn, type Deployment } from "../../config/domain";

/** The deployed pack's `ExcludedAccounts`, or undefined when the pack does not exist yet. */
export type PackExclusionsProbe = (target: Target, region: string, name: string) => Promise<readonly string[] | undefined>;

export const describePackExclusions: PackExclusionsProbe = async (target, region, name) => {
  const config = await import("@aws-sdk/client-config-service");
  const client = await clientFor("config", config.ConfigServiceClient, target, region);
  try {
    const out = await client.send(new config.DescribeOrganizationConformancePacksCommand({ OrganizationConformancePackNames: [name] }));
    const pack = (out.OrganizationConformancePacks ?? []).find((p) => p.OrganizationConformancePackName === name);
    return pack ? (pack.ExcludedAccounts ?? []) : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchOrganizationConformancePackException") return undefined;
    throw error;
  }
};

/** One targeted pack at this run. */
export interface PackMoves {
  readonly pack: string;
  /** Whether the pack exists already (else everything in its targets is new). */
  readonly deployed: boolean;
  /** Accounts it reaches now that it excluded before, with their names. */
  readonly movedIn: readonly { readonly id: string; readonly name: string }[];
  /** Accounts it excludes now that it reached before. */
  readonly movedOut: readonly { readonly id: string; readonly name: string }[];
  /** When the deployed pack could not be read: why. */
  readonly unreadable?: string;
}

/** What was read per targeted pack: its deployed exclusions, or the error. */
export type DeployedExclusions = Readonly<
  Record<
    string,
    | { readonly ok: true; readonly value: readonly string[] | undefined }
    | { readonly ok: false; readonly error: { readonly name: string; readonly message: string } }
  >
>;

/** The targeted packs whose deployed state preflight reads (a stack that owns the central resources). */
export function targetedPackNames(deployment: Pick<Deployment, "ownsCentral" | "reach">): string[] {
  return deployment.ownsCentral && deployment.reach ? Object.keys(deployment.reach.packs) : [];
}

/** Per targeted pack, the accounts that move in or out, in the home Region (where every pack is deployed). */
export function packMoves(deployment: Deployment, deployed: DeployedExclusions): PackMoves[] {
  const names = new Map([...deployment.scope, ...deployment.excluded].map((a) => [a.id, a.name]));
  const named = (ids: readonly string[]) => ids.map((id) => ({ id, name: names.get(id) ?? id }));
  return targetedPackNames(deployment).map((pack) => {
    const read = deployed[pack];
    if (!read) return { pack, deployed: false, movedIn: [], movedOut: [], unreadable: "not read" };
    if (!read.ok) return { pack, deployed: false, movedIn: [], movedOut: [], unreadable: `${read.error.name}: ${read.error.message}` };
    if (read.value === undefined) return { pack, deployed: false, movedIn: [], movedOut: [] };
    const before = new Set(read.value);
    const now = new Set(excludedAccountsIn(deployment, deployment.homeRegion, deployment.reach?.packs[pack]));
    return { pack, deployed: true, movedIn: named([...before].filter((id) => !now.has(id))), movedOut: named([...now].filter((id) => !before.has(id))) };
  });
}

/** One line per pack, for the text and Markdown report. */
export function packMoveLines(moves: readonly PackMoves[]): string[] {
  const list = (accounts: PackMoves["movedIn"]) => accounts.map((a) => `${a.id} (${a.name})`).join(", ");
  return moves.map((m) => {
    if (m.unreadable) return `${m.pack}: UNKNOWN: could not read the deployed pack (${m.unreadable}); the move since the last run is not known`;
    if (!m.deployed) return `${m.pack}: not deployed yet: \`pulumi up\` creates it for its targets`;
    if (m.movedIn.length === 0 && m.movedOut.length === 0) return `${m.pack}: no account moved in or out since the last run`;
    return `${m.pack}: ${[m.movedIn.length > 0 ? `moves in ${list(m.movedIn)}` : "", m.movedOut.length > 0 ? `moves out ${list(m.movedOut)}` : ""].filter(Boolean).join("; ")}`;
  });
}
