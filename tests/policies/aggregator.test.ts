import { configOrganizationAggregator } from "../../policies/policies";
import { description, fixtureStack, MANAGEMENT, SECURITY } from "./fixtures";
import { expectExactly, expectNoViolations, mutate, ofType, remove, verdict } from "./harness";

const AGGREGATOR = "aws:cfg/configurationAggregator:ConfigurationAggregator";
const stack = fixtureStack();
const run = (resources: typeof stack, overrides = {}) => verdict(resources, description(overrides), [configOrganizationAggregator]);
type Source = { allRegions?: boolean; regions?: string[] };
const source = (i: Record<string, unknown>) => i.organizationAggregationSource as Source;

describe("policies: config-organization-aggregator", () => {
  it("passes one aggregator in the security account covering every governed region", () => {
    expectNoViolations(run(stack));
  });

  it("names the regions a shrunk aggregator no longer covers", () => {
    const resources = mutate(stack, ofType(AGGREGATOR), (i) => (source(i).regions = ["us-east-1"]));
    expectExactly(run(resources), { policy: "config-organization-aggregator", mentions: ["`aws-config-org`", "eu-west-1, eu-central-2"], urn: "aggregator" });
  });

  it("accepts allRegions instead of a list", () => {
    expectNoViolations(run(mutate(stack, ofType(AGGREGATOR), (i) => ((i.organizationAggregationSource as Source) = { allRegions: true }))));
  });

  it("requires one, and only one", () => {
    expectExactly(run(remove(stack, ofType(AGGREGATOR))), { policy: "config-organization-aggregator", mentions: ["No organization aggregator", SECURITY] });
    const second = {
      ...stack.find(ofType(AGGREGATOR))!,
      urn: "urn:pulumi:test::aws-config-org::aws:cfg/configurationAggregator:ConfigurationAggregator::second",
      name: "second",
    };
    expectExactly(run([...stack, second]), { policy: "config-organization-aggregator", mentions: ["2 organization aggregators"], urn: "::second" });
  });

  it("ignores account aggregators", () => {
    const accountAggregator = {
      ...stack.find(ofType(AGGREGATOR))!,
      urn: "urn:x::acct",
      name: "acct",
      inputs: { name: "acct", accountAggregationSource: { accountIds: [MANAGEMENT], allRegions: true } },
      state: {},
    };
    expectNoViolations(run([...stack, accountAggregator]));
  });

  it("rejects an aggregator made outside the security account (default provider: the deployer)", () => {
    const resources = stack.map((r) => (r.type === AGGREGATOR ? { ...r, provider: undefined } : r));
    expectExactly(run(resources), { policy: "config-organization-aggregator", mentions: [`account ${MANAGEMENT}`, `security account ${SECURITY}`] });
  });

  it("rejects an aggregator in a shard that does not own the central resources", () => {
    expectExactly(run(stack, { shard: { name: "hash 2/2", ownsCentral: false } }), { policy: "config-organization-aggregator", mentions: ["`hash 2/2`"] });
  });
});
