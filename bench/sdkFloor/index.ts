/**
 * The Pulumi SDK's own floor for a program of this size: `places` components, each with
 * one custom child whose input is a recorder's AWS-shaped settings (account, region, role,
 * recording group and mode, delivery channel: about 1 KB of JSON), and nothing else.
 * No dynamic provider, no config pipeline, SDK defaults. Run compiled, through the same
 * language-host launch and fake engine as the program (bench/realPath), so the two
 * figures differ only by what the program does on top of the SDK.
 *
 * Config: `sdk-floor:places` (default 170).
 */
import * as pulumi from "@pulumi/pulumi";

const REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1"];

/** A custom resource of no provider package the program uses: the engine would find it a default provider. */
class Recorder extends pulumi.CustomResource {
  constructor(name: string, inputs: Record<string, unknown>, opts: pulumi.CustomResourceOptions = {}) {
    super("sdk-floor:index:Recorder", name, inputs, opts);
  }
}

class Place extends pulumi.ComponentResource {
  constructor(name: string, inputs: Record<string, unknown>, opts: pulumi.ComponentResourceOptions = {}) {
    super("sdk-floor:index:Place", name, {}, opts);
    const recorder = new Recorder(`recorder-${name}`, inputs, { parent: this });
    this.registerOutputs({ recorder });
  }
}

/** A recorder-sized input for one account and region. */
function recorderInputs(accountId: string, region: string): Record<string, unknown> {
  return {
    accountId,
    region,
    roleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
    recorder: {
      name: "aws-config-org",
      roleARN: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === "us-east-1", recordingStrategy: { useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" } },
      recordingMode: { recordingFrequency: "CONTINUOUS", recordingModeOverrides: [{ description: "Daily for noisy types", recordingFrequency: "DAILY", resourceTypes: ["AWS::EC2::NetworkInterface", "AWS::EC2::Volume"] }] },
    },
    deliveryChannel: {
      name: "aws-config-org",
      s3BucketName: "awsconfigconforms-o-synthetic01-delivery",
      s3KeyPrefix: "config",
      snsTopicARN: `arn:aws:sns:${region}:100000000001:aws-config-org-compliance`,
      configSnapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
    },
    recording: true,
  };
}

export = async () => {
  const places = new pulumi.Config("sdk-floor").getNumber("places") ?? 170;
  for (let i = 0; i < places; i++) {
    const accountId = String(100000000000 + Math.floor(i / REGIONS.length));
    const region = REGIONS[i % REGIONS.length];
    new Place(`${accountId}-${region}`, recorderInputs(accountId, region));
  }
  return { places };
};
