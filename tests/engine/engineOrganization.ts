/**
 * The organization the engine tests deploy to: the dev stack's shape (management,
 * security and one sandbox account, us-east-1 and eu-west-1, the dev packs and
 * subscription) made in moto, with the history an inherited organization has:
 *
 * - management: 123456789012, moto's own caller (the dev stack's 111111111111 cannot be
 *   moto's caller), deployed with the caller's credentials as on dev;
 * - security: a member made through Organizations (moto gives it an
 *   `OrganizationAccountAccessRole`), with a stopped legacy recorder named `default`
 *   (the same name ours takes) in us-east-1;
 * - sandbox: a member whose legacy `legacy-recorder` records in us-east-1 with its own
 *   role and channel; the inventory adopts it.
 *
 * Written as files for the CLI: the stack config (`--config-file`), the inventory, and
 * the organization fixture the stand-in aws plugin answers `getOrganization` from.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";

import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { stringify } from "yaml";

import { credentialsIn, LEGACY_BUCKET, LEGACY_ROLE, legacyRecorder } from "../commands/motoOrg";
import { MOTO_DEFAULT_ACCOUNT } from "../helpers/moto";

export const REGIONS = ["us-east-1", "eu-west-1"] as const;
export { LEGACY_BUCKET, LEGACY_ROLE };

export interface EngineAccount {
  readonly id: string;
  readonly name: string;
  readonly roleArn?: string;
}

export interface EngineOrganization {
  readonly management: EngineAccount;
  readonly security: EngineAccount;
  readonly sandbox: EngineAccount;
  readonly all: readonly EngineAccount[];
}

/** A Config client in an account of the organization (the caller's own when it has no role). */
export async function configClient(account: EngineAccount, region: string): Promise<ConfigServiceClient> {
  const credentials = account.roleArn ? await credentialsIn(account.roleArn) : undefined;
  return new ConfigServiceClient({ region, ...(credentials ? { credentials } : {}) });
}

async function seedLegacyRecorder(account: EngineAccount, recorder: string, channel: string, start: boolean): Promise<void> {
  const client = await configClient(account, "us-east-1");
  try {
    await legacyRecorder(client, account.id, recorder, channel, start);
  } finally {
    client.destroy();
  }
}

/**
 * Makes an organization in moto (running, its environment set) whose management account is
 * moto's caller, with a member account (and its `OrganizationAccountAccessRole`) per name.
 */
export async function createOrganization(memberNames: readonly string[]): Promise<EngineAccount[]> {
  const org = new OrganizationsClient({ region: "us-east-1" });
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const members: EngineAccount[] = [];
    for (const name of memberNames) {
      const id = (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus?.AccountId;
      if (!id) throw new Error(`moto CreateAccount gave no account id for ${name}`);
      members.push({ id, name, roleArn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole` });
    }
    return members;
  } finally {
    org.destroy();
  }
}

/** The dev-shaped organization, with its legacy recorders. */
export async function seedEngineOrganization(): Promise<EngineOrganization> {
  const [security, sandbox] = await createOrganization(["dev-security", "dev-sandbox"]);
  const management = { id: MOTO_DEFAULT_ACCOUNT, name: "dev-management" };
  await seedLegacyRecorder(security!, "default", "default", false);
  await seedLegacyRecorder(sandbox!, "legacy-recorder", "legacy-channel", true);
  return { management, security: security!, sandbox: sandbox!, all: [management, security!, sandbox!] };
}

export interface StackFiles {
  /** `--config-file` for every CLI command. */
  readonly configFile: string;
  readonly inventory: string;
  /** AWS_CONFIG_ORG_STANDIN_ORGANIZATION. */
  readonly organizationFixture: string;
  /** The stack config as written, by full key (`aws-config-org:<key>`). */
  readonly config: Readonly<Record<string, unknown>>;
}

export interface StackOptions {
  /** Per-account inventory fields added or replaced, by account id. */
  readonly accountOverrides?: Readonly<Record<string, Record<string, unknown>>>;
  /** Top-level inventory keys added (e.g. `profiles`). */
  readonly inventory?: Readonly<Record<string, unknown>>;
  /** Stack config entries (without the namespace) added or replaced. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** Writes (or rewrites) the stack's config, inventory and organization fixture into `dir`. */
export function writeStackFiles(dir: string, org: EngineOrganization, options: StackOptions = {}): StackFiles {
  mkdirSync(dir, { recursive: true });
  const inventory = path.join(dir, "accounts.yaml");
  const profileOf = (a: EngineAccount) => (a === org.sandbox ? "lean" : "complete");
  writeFileSync(
    inventory,
    stringify({
      defaults: { profile: "lean" },
      ...(options.inventory ?? {}),
      accounts: org.all.map((a) => {
        const override = options.accountOverrides?.[a.id] ?? {};
        // An excluded account takes no other keys (the inventory refuses them).
        if (override.exclude) return { id: a.id, name: a.name, ...override };
        return { id: a.id, name: a.name, profile: profileOf(a), ...(a === org.sandbox ? { adopt: "legacy-recorder" } : {}), ...override };
      }),
    }),
  );
  const config: Record<string, unknown> = {
    homeRegion: "us-east-1",
    regions: [...REGIONS],
    organizationId: "o-engine1a2b3",
    managementAccountId: org.management.id,
    securityAccountId: org.security.id,
    accounts: inventory,
    packs: [{ name: "data-protection-baseline" }, { name: "network-and-identity" }],
    notifications: { subscriptions: [{ protocol: "email", endpoint: "cloud-security-dev@example.com" }] },
    ...(options.config ?? {}),
  };
  const configFile = path.join(dir, "Pulumi.engine.yaml");
  writeFileSync(
    configFile,
    stringify({
      config: { "aws:region": "us-east-1", ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`aws-config-org:${k}`, v])) },
    }),
  );
  const organizationFixture = path.join(dir, "organization.json");
  writeFileSync(
    organizationFixture,
    JSON.stringify({
      id: "o-engine1a2b3",
      managementAccountId: org.management.id,
      accounts: org.all.map((a) => ({ id: a.id, name: a.name, status: "ACTIVE" })),
    }),
  );
  return { configFile, inventory, organizationFixture, config: Object.fromEntries(Object.entries(config).map(([k, v]) => [`aws-config-org:${k}`, v])) };
}
