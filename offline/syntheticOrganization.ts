/**
 * A synthetic organization of any size, written as a real inventory file with
 * stack config that points at it: the shape tests and the benchmark run the
 * real program on it exactly as on dev and prod.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import * as YAML from "yaml";

import { DEFAULT_ENABLED_COMMERCIAL_REGIONS } from "../config/regions";

export interface SyntheticOrganization {
  /** Stack config entries (`aws-config-org:key` -> value), replacing a stack file's. */
  readonly config: Record<string, unknown>;
  readonly accountIds: readonly string[];
  readonly excludedIds: readonly string[];
  readonly regions: readonly string[];
  /** Removes the inventory file. */
  cleanup(): void;
}

export const SYNTHETIC = {
  management: "100000000000",
  security: "100000000001",
  logArchive: "100000000002",
} as const;

/**
 * `accounts` accounts (central ones included), every 50th member excluded,
 * every 7th on the lean profile, every 11th adopting a legacy recorder, in
 * `regionCount` of the default-enabled regions (17 at most).
 */
export function syntheticOrganization(accounts: number, regionCount = DEFAULT_ENABLED_COMMERCIAL_REGIONS.length): SyntheticOrganization {
  const regions = DEFAULT_ENABLED_COMMERCIAL_REGIONS.slice(0, regionCount);
  const ids = Array.from({ length: accounts }, (_, i) => String(100000000000 + i));
  const entries = ids.map((id, i) => {
    if (i >= 3 && i % 50 === 49) return { id, name: `member-${i}`, exclude: true, reason: "synthetic exclusion" };
    return {
      id,
      name: i === 0 ? "management" : i === 1 ? "security" : i === 2 ? "log-archive" : `member-${i}`,
      ...(i >= 3 && i % 7 === 0 ? { profile: "lean" } : {}),
      ...(i >= 3 && i % 11 === 0 ? { adopt: "legacy-recorder" } : {}),
    };
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-config-org-synthetic-"));
  const file = path.join(dir, "inventory.yaml");
  fs.writeFileSync(file, YAML.stringify({ accounts: entries }));
  return {
    config: {
      "aws-config-org:homeRegion": regions[0],
      "aws-config-org:regions": regions,
      "aws-config-org:organizationId": "o-synthetic01",
      "aws-config-org:managementAccountId": SYNTHETIC.management,
      "aws-config-org:securityAccountId": SYNTHETIC.security,
      "aws-config-org:logArchiveAccountId": SYNTHETIC.logArchive,
      "aws-config-org:accounts": file,
      "aws-config-org:packs": [{ name: "data-protection-baseline" }, { name: "network-and-identity" }],
    },
    accountIds: ids,
    excludedIds: entries.filter((e) => "exclude" in e).map((e) => e.id),
    regions,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
