/**
 * A moto organization for provider tests: 123456789012 (moto's default caller) is the
 * management account; member accounts are created through Organizations, so moto gives
 * each an `OrganizationAccountAccessRole` trusting the management account, and the
 * provider reaches them through real `sts:AssumeRole`.
 */
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { clearSessionCache } from "../../../../components/multiaccount/session";
import { MOTO_DEFAULT_ACCOUNT, useMoto } from "../../../helpers/moto";

export interface TestAccount {
  readonly id: string;
  readonly name: string;
  readonly roleArn: string;
}

export interface TestOrg {
  readonly managementAccountId: string;
  readonly members: readonly TestAccount[];
  readonly bucket: string;
}

export const DEPLOYMENT_ROLE = "OrganizationAccountAccessRole";

/** Create the organization, `memberCount` member accounts and the central bucket. */
export async function createTestOrg(memberCount: number, bucket = "config-central-delivery"): Promise<TestOrg> {
  const org = new OrganizationsClient({ region: "us-east-1" });
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const members: TestAccount[] = [];
    for (let i = 0; i < memberCount; i++) {
      const name = `member-${i + 1}`;
      const out = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
      const id = out.CreateAccountStatus?.AccountId;
      if (!id) throw new Error(`moto CreateAccount gave no account id for ${name}`);
      members.push({ id, name, roleArn: `arn:aws:iam::${id}:role/${DEPLOYMENT_ROLE}` });
    }
    const s3 = new S3Client({ region: "us-east-1", forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
    return { managementAccountId: MOTO_DEFAULT_ACCOUNT, members, bucket };
  } finally {
    org.destroy();
  }
}

/** Credentials in `roleArn`'s account obtained with the plain SDK (independent of the provider). */
export async function assumeWithSdk(roleArn: string): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
  const sts = new STSClient({ region: "us-east-1" });
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "test-verify" }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`no credentials for ${roleArn}`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/** A plain Config client in an account (via its role) or the caller's own account (no role). */
export async function configClientIn(roleArn: string | undefined, region: string): Promise<ConfigServiceClient> {
  return new ConfigServiceClient({ region, ...(roleArn ? { credentials: await assumeWithSdk(roleArn) } : {}) });
}

/**
 * Mocha hooks for a suite against moto: a fresh server state, an organization of
 * `memberCount` members (handed to `onCreated`), and no credentials cached across suites.
 */
export function useMotoOrganization(memberCount: number, onCreated: (org: TestOrg) => void): ReturnType<typeof useMoto> {
  const moto = useMoto();
  before(async () => {
    clearSessionCache();
    await moto.server.reset();
    onCreated(await createTestOrg(memberCount));
  });
  after(() => clearSessionCache());
  return moto;
}
