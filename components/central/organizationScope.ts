/**
 * Where an organization-wide pack or rule lives and whom it reaches: the delegated administrator
 * (the security account), its home region, every governed region, and in each region the
 * accounts it skips. The organization layer and the approved-images rule share it.
 */
import type { Partition } from "../../aws/arns";

export interface OrganizationScope {
  readonly partition: Partition;
  readonly homeRegion: string;
  /** The governed regions: a pack or rule in each. */
  readonly regions: readonly string[];
  readonly securityAccountId: string;
  /** `o-…`: organization-scoped policy conditions. */
  readonly organizationId: string;
  /** By region: the accounts a pack or rule there skips (config/domain.ts `excludedAccountsIn`). */
  readonly excludedAccounts: Readonly<Record<string, readonly string[]>>;
}
