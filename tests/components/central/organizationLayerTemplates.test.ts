/**
 * Template packs and region availability in the organization layer, under Pulumi mocks:
 * each governed region gets its own body (rules AWS does not offer there left out,
 * remediation taken out), the template's parameters as input parameters, large bodies
 * through the conforms bucket, and no pack where no rule is left.
 */
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { parse } from "yaml";

import { OrganizationLayer } from "../../../components/central/organizationLayer";
import { organizationLayerArgsOf } from "../../../components/central/centralArgs";
import { loadStackDeployment } from "../../../config/pipeline";
import { managedRuleCatalog } from "../../../packs/catalog/managedRuleCatalog";
import { renderAccountRemediationPack } from "../../../packs/accountPack";
import { builtInForRegion } from "../../../packs/regionalPacks";
import type { Deployment } from "../../../config/domain";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const PACK = "aws:cfg/organizationConformancePack:OrganizationConformancePack";
const FIXTURES = "tests/fixtures/templates";
const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
const resourcesOf = (body: unknown) => Object.keys((parse(String(body)) as { Resources: Record<string, unknown> }).Resources);

describe("organization layer: template packs and region availability", () => {
  let deployment: Deployment;
  const registered: Registered[] = [];
  let layer: OrganizationLayer;

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          registered.push({ type: a.type, name: a.name, inputs: a.inputs as Record<string, unknown> });
          return { id: `${a.name}-id`, state: { ...a.inputs, arn: `arn:aws:mock:::${a.name}`, bucket: a.inputs.bucket ?? a.name } };
        },
        call: (c) => {
          throw new Error(`unexpected invoke ${c.token}`);
        },
      },
      "aws-config-org",
      "layer-templates",
      false,
    );
    deployment = await loadStackDeployment("dev", {
      overrides: {
        "aws-config-org:regions": ["us-east-1", "eu-west-1", "mx-central-1"],
        "aws-config-org:packs": [
          { name: "data-protection-baseline" },
          {
            name: "remediated",
            template: `${FIXTURES}/with-remediation.yaml`,
            parameters: { LoggingTargetBucket: "central-access-logs" },
            runbookPermissions: { "AWS-ConfigureS3BucketLogging": ["s3:PutBucketLogging", "s3:GetBucketLogging", "s3:PutBucketAcl", "s3:GetBucketAcl"] },
          },
          { name: "large", template: `${FIXTURES}/oversized.yaml` },
          { name: "limited", template: `${FIXTURES}/region-limited.yaml` },
        ],
      },
    });
    layer = new OrganizationLayer("layer", {
      ...organizationLayerArgsOf(
        deployment,
        new aws.Provider("security", { region: "us-east-1" }),
        new awsnative.Provider("native", { region: "us-east-1" }),
        deployment.packPlan.organizationPacks,
      ),
      delegatedAdministration: [],
      readyInRegion: () => [],
    });
    await output(pulumi.all(Object.values(layer.packs).flatMap((byName) => Object.values(byName).map((p) => p.urn))));
  });

  const packIn = (name: string, region: string) => registered.find((r) => r.type === PACK && r.inputs.name === name && r.inputs.region === region);

  it("deploys every template pack in every region where a rule is left, and skips (and says) where none is", () => {
    for (const region of ["us-east-1", "eu-west-1", "mx-central-1"]) {
      for (const name of ["data-protection-baseline", "large"]) expect(packIn(name, region), `${name} in ${region}`).to.not.equal(undefined);
    }
    // `remediated` keeps one detection rule, which AWS does not offer in Mexico (Central); its remediated rule is in the account packs.
    expect(packIn("remediated", "us-east-1")).to.not.equal(undefined);
    expect(packIn("remediated", "mx-central-1")).to.equal(undefined);
    expect(packIn("limited", "us-east-1")).to.not.equal(undefined);
    expect(packIn("limited", "mx-central-1")).to.equal(undefined);
    expect(layer.skippedPacks["mx-central-1"]).to.deep.equal(["remediated", "limited"]);
    expect(layer.skippedPacks["us-east-1"]).to.deep.equal([]);
  });

  it("passes the template's parameters as input parameters and strips remediation from the organization body", () => {
    const pack = packIn("remediated", "us-east-1")!;
    expect(pack.inputs.inputParameters).to.deep.equal([{ parameterName: "LoggingTargetBucket", parameterValue: "central-access-logs" }]);
    expect(String(pack.inputs.templateBody)).to.not.contain("AWS::Config::RemediationConfiguration").and.not.contain("<Account-Id>");
  });

  it("leaves out the rules AWS does not offer in a region, for template and built-in packs alike", () => {
    expect(resourcesOf(packIn("remediated", "us-east-1")!.inputs.templateBody)).to.deep.equal(["SnsEncryptedKms"]);
    expect(resourcesOf(packIn("limited", "us-east-1")!.inputs.templateBody)).to.deep.equal(["SnsEncryptedKms"]);
    // Built-in packs' remediated rules live in each account's remediation pack (organization packs
    // carry detection only): the same cut applies to it, per Region (components/accountRegion.ts).
    const accountPack = renderAccountRemediationPack(
      deployment.packs,
      { deployment },
      { accountId: "444444444444", partition: "aws", project: deployment.project },
    )!;
    const builtInHere = resourcesOf(builtInForRegion(accountPack, "us-east-1", managedRuleCatalog()).body);
    const builtInMx = resourcesOf(builtInForRegion(accountPack, "mx-central-1", managedRuleCatalog()).body);
    // SNS_ENCRYPTED_KMS, S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED and others are not offered in Mexico (Central).
    expect(builtInHere).to.include("SnsEncryptedKms");
    expect(builtInMx).to.not.include("SnsEncryptedKms");
    expect(builtInMx.length).to.be.below(builtInHere.length);
    // Whatever named a left-out rule (its remediation) went with it.
    expect(builtInMx.filter((id) => id.endsWith("Remediation")).every((id) => builtInMx.includes(id.slice(0, -"Remediation".length)))).to.equal(true);
  });

  it("sends a template body over 51,200 bytes through the region's conforms bucket", () => {
    for (const region of ["us-east-1", "mx-central-1"]) {
      const pack = packIn("large", region)!;
      expect(pack.inputs).to.not.have.property("templateBody");
      expect(String(pack.inputs.templateS3Uri)).to.match(/^s3:\/\/.+\/templates\/large-[0-9a-f]{16}\.yaml$/);
      const object = registered.find((r) => r.type === "aws:s3/bucketObjectv2:BucketObjectv2" && r.name === `pack-template-large-${region}`)!;
      expect(Buffer.byteLength(String(object.inputs.content))).to.be.above(51_200);
    }
  });
});
