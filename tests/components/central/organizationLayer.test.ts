/**
 * The organization layer's handling of pack templates: inline up to 51,200
 * bytes, uploaded to the region's conforms bucket and referenced by
 * `templateS3Uri` beyond, under Pulumi mocks.
 */
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { OrganizationLayer } from "../../../components/central/organizationLayer";
import { organizationLayerArgsOf } from "../../../components/central/centralArgs";
import { conformsBucketName } from "../../../config/names";
import { loadStackDeployment } from "../../../config/pipeline";
import { fitsInline, type RenderedPack } from "../../../packs";
import { organizationPacksByRegion } from "../../../packs/packPlan";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

function pack(name: string, bytes: number): RenderedPack {
  const templateBody = `Resources:\n  Rule:\n    Type: AWS::Config::ConfigRule\n    Description: ${"x".repeat(bytes)}\n`;
  return { name, templateBody, bytes: Buffer.byteLength(templateBody), fitsInline: fitsInline(templateBody), detectionRules: 1, remediations: [] };
}

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

describe("organization layer: pack templates", () => {
  const registered: Registered[] = [];
  let layer: OrganizationLayer;
  const small = pack("small-pack", 1_000);
  const large = pack("large-pack", 60_000);

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
      "layer",
      false,
    );
    const deployment = await loadStackDeployment("dev");
    const securityProvider = new aws.Provider("security", { region: "us-east-1" });
    const nativeSecurityProvider = new awsnative.Provider("native", { region: "us-east-1" });
    layer = new OrganizationLayer("layer", {
      ...organizationLayerArgsOf(
        deployment,
        securityProvider,
        nativeSecurityProvider,
        organizationPacksByRegion(
          [small, large],
          [],
          deployment.regions.map((r) => r.name),
        ),
      ),
      delegatedAdministration: [],
      readyInRegion: () => [],
    });
    await output(pulumi.all(Object.values(layer.packs).flatMap((byName) => Object.values(byName).map((p) => p.urn))));
  });

  it("measures the two packs on either side of the inline limit", () => {
    expect(small.fitsInline).to.equal(true);
    expect(large.fitsInline).to.equal(false);
    expect(large.bytes).to.be.above(51_200);
  });

  it("passes a small template inline and uploads a large one to the region's conforms bucket", async () => {
    for (const region of ["us-east-1", "eu-west-1"]) {
      const packs = registered.filter((r) => r.type === "aws:cfg/organizationConformancePack:OrganizationConformancePack" && r.inputs.region === region);
      const inline = packs.find((p) => p.inputs.name === "small-pack")!;
      expect(inline.inputs.templateBody).to.equal(small.templateBody);
      expect(inline.inputs).to.not.have.property("templateS3Uri");

      const viaS3 = packs.find((p) => p.inputs.name === "large-pack")!;
      expect(viaS3.inputs).to.not.have.property("templateBody");
      const uri = String(viaS3.inputs.templateS3Uri);
      expect(uri).to.match(new RegExp(`^s3://${conformsBucketName({ securityAccountId: "222222222222" }, region)}/templates/large-pack-[0-9a-f]{16}\\.yaml$`));

      const object = registered.find((r) => r.type === "aws:s3/bucketObjectv2:BucketObjectv2" && r.inputs.region === region)!;
      expect(object.inputs.content).to.equal(large.templateBody);
      expect(uri.endsWith(String(object.inputs.key))).to.equal(true);
    }
  });
});
