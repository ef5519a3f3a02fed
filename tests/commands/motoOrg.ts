/**
 * A moto organization with history, for preflight: 123456789012 (moto's default caller) is
 * the management account; members are created through Organizations (moto gives each an
 * `OrganizationAccountAccessRole`) and seeded with the plain SDK:
 *
 * - `clean`: nothing;
 * - `sameName`: a stopped recorder `default` with a legacy role and an all-types group, and a
 *   channel `default` to a legacy bucket (us-east-1 only);
 * - `otherName`: recorder `legacy-recorder` + channel `legacy-channel`, recording (us-east-1);
 * - `adopted`: the same, and the inventory adopts it;
 * - `denied`: its role cannot be assumed (see stsDenyProxy.ts).
 */
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service";
import { CloudTrailClient, CreateTrailCommand } from "@aws-sdk/client-cloudtrail";
import { CreateDetectorCommand, EnableOrganizationAdminAccountCommand, GuardDutyClient } from "@aws-sdk/client-guardduty";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { MOTO_DEFAULT_ACCOUNT } from "../helpers/moto";

export const DEPLOYMENT_ROLE = "OrganizationAccountAccessRole";
export const LEGACY_BUCKET = "legacy-config-bucket-1234";
export const LEGACY_ROLE = "legacy-config-role";
/** The organization trail AWS Control Tower makes, seeded in the management account. */
export const CONTROL_TOWER_TRAIL = "aws-controltower-BaselineCloudTrail";
export const CONTROL_TOWER_TRAIL_BUCKET = "aws-controltower-logs-seeded-us-east-1";

export interface SeededAccount {
  readonly id: string;
  readonly name: string;
  readonly roleArn: string;
}

export interface SeededOrg {
  readonly managementAccountId: string;
  readonly clean: SeededAccount;
  readonly sameName: SeededAccount;
  readonly otherName: SeededAccount;
  readonly adopted: SeededAccount;
  readonly denied: SeededAccount;
}

/** Credentials in a member account, through its role (real `sts:AssumeRole` in moto). */
export async function credentialsIn(roleArn: string) {
  const sts = new STSClient({ region: "us-east-1" });
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "seed" }));
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/** GuardDuty as a hand-built organization leaves it: another account designated in one region, a detector in another. */
export async function seedGuardDuty(options: {
  readonly administratorIn: string;
  readonly administrator: string;
  readonly detectorIn: string;
  readonly detectorAccountRoleArn: string;
}): Promise<string> {
  const management = new GuardDutyClient({ region: options.administratorIn });
  const member = new GuardDutyClient({ region: options.detectorIn, credentials: await credentialsIn(options.detectorAccountRoleArn) });
  try {
    await management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: options.administrator }));
    const out = await member.send(new CreateDetectorCommand({ Enable: true }));
    return out.DetectorId!;
  } finally {
    management.destroy();
    member.destroy();
  }
}

async function withConfig(roleArn: string, region: string, work: (client: ConfigServiceClient) => Promise<void>): Promise<void> {
  const client = new ConfigServiceClient({ region, credentials: await credentialsIn(roleArn) });
  try {
    await work(client);
  } finally {
    client.destroy();
  }
}

/** A hand-made recorder and channel, as an inherited account has them (role `legacy-config-role`, bucket LEGACY_BUCKET). */
export async function legacyRecorder(client: ConfigServiceClient, accountId: string, recorder: string, channel: string, start: boolean): Promise<void> {
  await client.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: {
        name: recorder,
        roleARN: `arn:aws:iam::${accountId}:role/${LEGACY_ROLE}`,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      },
    }),
  );
  await client.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: channel, s3BucketName: LEGACY_BUCKET } }));
  if (start) await client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: recorder }));
}

/** Creates the organization and seeds it (moto must be running, its environment set). */
export async function seedOrganization(): Promise<SeededOrg> {
  const org = new OrganizationsClient({ region: "us-east-1" });
  const create = async (name: string): Promise<SeededAccount> => {
    const out = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    const id = out.CreateAccountStatus?.AccountId;
    if (!id) throw new Error(`moto CreateAccount gave no account id for ${name}`);
    return { id, name, roleArn: `arn:aws:iam::${id}:role/${DEPLOYMENT_ROLE}` };
  };
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const clean = await create("clean");
    const sameName = await create("same-name");
    const otherName = await create("other-name");
    const adopted = await create("adopted");
    const denied = await create("denied");

    await withConfig(sameName.roleArn, "us-east-1", (c) => legacyRecorder(c, sameName.id, "default", "default", false));
    await withConfig(otherName.roleArn, "us-east-1", (c) => legacyRecorder(c, otherName.id, "legacy-recorder", "legacy-channel", true));
    await withConfig(adopted.roleArn, "us-east-1", (c) => legacyRecorder(c, adopted.id, "legacy-recorder", "legacy-channel", true));

    // The management account already has Config's service-linked role. moto's
    // CreateServiceLinkedRole names it `AWSServiceRoleForconfig` (lower case), so the role
    // is made as AWS names it, with the service-role path.
    const iam = new IAMClient({ region: "us-east-1" });
    await iam.send(
      new CreateRoleCommand({
        RoleName: "AWSServiceRoleForConfig",
        Path: "/aws-service-role/config.amazonaws.com/",
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      }),
    );
    iam.destroy();

    // Control Tower's organization trail, in the management account.
    const s3 = new S3Client({ region: "us-east-1", forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: CONTROL_TOWER_TRAIL_BUCKET }));
    s3.destroy();
    const cloudtrail = new CloudTrailClient({ region: "us-east-1" });
    await cloudtrail.send(
      new CreateTrailCommand({ Name: CONTROL_TOWER_TRAIL, S3BucketName: CONTROL_TOWER_TRAIL_BUCKET, IsMultiRegionTrail: true, IsOrganizationTrail: true }),
    );
    cloudtrail.destroy();

    return { managementAccountId: MOTO_DEFAULT_ACCOUNT, clean, sameName, otherName, adopted, denied };
  } finally {
    org.destroy();
  }
}
