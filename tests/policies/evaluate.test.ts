import { expect } from "chai";

import type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "../../policies/evaluate";

import { buildPolicyConfig } from "../../policies/config";
import { evaluatePack, resourceValidationArgs, toPolicyResources } from "../../policies/evaluate";
import { configRecorderCoverage, policies } from "../../policies/policies";
import { awsProvider, component, description, fixtureStack, resource, SECURITY } from "./fixtures";
import { expectNoViolations } from "./harness";

const provider = awsProvider(SECURITY, true);
const parent = component("aws-config-org:central:Central", "central");
const bucket = resource("aws:s3/bucket:Bucket", "b", { bucket: "b", region: "us-east-1" }, { provider, parent, state: { arn: "arn:aws:s3:::b" } });
const child = resource("aws:s3/bucketVersioning:BucketVersioning", "v", { bucket: "b-id" }, { provider, parent, dependsOn: [bucket] });
const stack = [provider, parent, bucket, child];

/** A resource policy that reports what it saw, to check the views. */
const echo: ResourceValidationPolicy = {
  name: "echo",
  description: "Checks whether the harness passes inputs, provider and config.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { greeting: { type: "string", default: "hello" } } },
  validateResource: (args, report) => {
    if (args.type !== "aws:s3/bucket:Bucket") args.notApplicable("buckets only");
    const { greeting } = args.getConfig<{ greeting: string }>();
    report(`${greeting} ${JSON.stringify(args.props)} via ${args.provider?.name ?? "no provider"}`);
  },
};

describe("policies: evaluatePack, the engine's behaviour without the CLI", () => {
  it("passes the fixture with its generated config", () => {
    expectNoViolations(evaluatePack(fixtureStack(), buildPolicyConfig(description())).violations);
  });

  it("gives resource policies the inputs and the resolved provider, violations at the resource's URN, schema defaults as config", () => {
    const { violations } = evaluatePack(stack, {}, [echo]);
    expect(violations).to.deep.equal([
      { policy: "echo", enforcement: "mandatory", message: 'hello {"bucket":"b","region":"us-east-1"} via aws-222222222222', urn: bucket.urn },
    ]);
    expect(evaluatePack(stack, { echo: { greeting: "hi" } }, [echo]).violations[0].message).to.match(/^hi /);
  });

  it("settles enforcement as the engine does: policy entry, then `all`, then the policy's own; disabled skips", () => {
    const level = (config: Record<string, unknown>) => evaluatePack(stack, config, [echo]).violations.map((v) => v.enforcement);
    expect(level({ all: "advisory" })).to.deep.equal(["advisory"]);
    expect(level({ all: "advisory", echo: { enforcementLevel: "remediate" } })).to.deep.equal(["mandatory"]);
    expect(level({ echo: "disabled" })).to.deep.equal([]);
    expect(level({ all: "disabled" })).to.deep.equal([]);
  });

  it("gives stack policies outputs (state over inputs) with parents, dependencies and providers linked", () => {
    let seen: PolicyResource[] = [];
    const capture: StackValidationPolicy = {
      name: "capture",
      description: "Checks whether views link.",
      validateStack: (args) => void (seen = args.resources),
    };
    evaluatePack(stack, {}, [capture]);
    const [b, v] = [seen.find((r) => r.name === "b")!, seen.find((r) => r.name === "v")!];
    expect(b.props).to.deep.equal({ bucket: "b", region: "us-east-1", arn: "arn:aws:s3:::b" });
    expect(b.parent?.urn).to.equal(parent.urn);
    expect(b.provider?.props.allowedAccountIds).to.equal(JSON.stringify([SECURITY]));
    expect(v.dependencies.map((d) => d.urn)).to.deep.equal([bucket.urn]);
    expect(toPolicyResources(stack)).to.have.length(4);
    expect(resourceValidationArgs(child, stack).provider?.urn).to.equal(provider.urn);
  });

  it("fails loudly, naming the policy and the file, when a policy's facts are missing", () => {
    expect(() => evaluatePack(fixtureStack(), {}, [configRecorderCoverage])).to.throw(
      /policy `config-recorder-coverage` has no config `accounts`, `excludedAccountIds`, `shard`: run the pack with `--policy-pack-config policies\/config\/<stack>.json`/,
    );
  });

  it("refuses an asynchronous policy rather than dropping its verdict", () => {
    const late: Policies = [{ name: "late", description: "Checks whether x.", validateStack: async () => undefined }];
    expect(() => evaluatePack(stack, {}, late)).to.throw(/`late` returned a promise/);
  });

  it("runs every policy of the pack on an empty stack without errors", () => {
    const violations = evaluatePack([], buildPolicyConfig(description()), policies).violations.map((v) => v.policy);
    // Nothing declared: coverage, bucket and aggregator are missing; the rest has nothing to judge.
    expect([...new Set(violations)].sort()).to.deep.equal([
      "config-delivery-channel-central-bucket",
      "config-organization-aggregator",
      "config-recorder-coverage",
      "organization-conformance-packs-all-regions",
      "organizations-tamper-protection-scp-attached",
    ]);
  });
});
