import { organizationsTamperProtectionScpAttached } from "../../policies/policies";
import { description, fixtureStack, SCP_TARGETS } from "./fixtures";
import { expectExactly, expectNoViolations, mutate, named, ofType, remove, verdict } from "./harness";

const ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment";
const SCP = "aws:organizations/policy:Policy";
const stack = fixtureStack();
const run = (resources: typeof stack, overrides = {}) => verdict(resources, description(overrides), [organizationsTamperProtectionScpAttached]);

describe("policies: organizations-tamper-protection-scp-attached", () => {
  it("passes when the SCP is attached to every target (linked by dependency)", () => {
    expectNoViolations(run(stack));
  });

  it("links by id when there is no dependency", () => {
    const byId = mutate(
      stack.map((r) => (r.type === ATTACHMENT ? { ...r, dependsOn: [] } : r)),
      ofType(ATTACHMENT),
      (i) => (i.policyId = "p-tamper01"),
    );
    expectNoViolations(run(byId));
  });

  it("names the target without an attachment", () => {
    const [, ou] = SCP_TARGETS;
    expectExactly(run(remove(stack, named(ATTACHMENT, `tamper-${ou}`))), {
      policy: "organizations-tamper-protection-scp-attached",
      mentions: [`\`${ou}\``, "PolicyAttachment"],
    });
  });

  it("does not count an attachment of another policy", () => {
    const [root] = SCP_TARGETS;
    const other = stack.map((r) => (r.name === `tamper-${root}` ? { ...r, dependsOn: [], inputs: { ...r.inputs, policyId: "p-other" }, state: { ...r.state, policyId: "p-other" } } : r));
    expectExactly(run(other), { policy: "organizations-tamper-protection-scp-attached", mentions: [`\`${root}\``] });
  });

  it("requires an SCP that denies stopping the recorder", () => {
    const weak = mutate(stack, ofType(SCP), (i) => (i.content = JSON.stringify({ Statement: [{ Effect: "Deny", Action: "config:DeleteEvaluationResults", Resource: "*" }] })));
    expectExactly(run(weak), { policy: "organizations-tamper-protection-scp-attached", mentions: ["No tamper-protection SCP", "`config:StopConfigurationRecorder`"] });
    const wildcard = mutate(stack, ofType(SCP), (i) => (i.content = JSON.stringify({ Statement: { Effect: "Deny", Action: "config:Stop*", Resource: "*" } })));
    expectNoViolations(run(wildcard));
  });

  it("is not applicable without targets", () => {
    expectNoViolations(run(remove(stack, ofType(SCP)), { tamperProtectionTargets: [] }));
  });
});
