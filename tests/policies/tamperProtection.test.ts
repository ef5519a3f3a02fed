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

  it("is not applicable to a shard that does not own the central resources: the owner declares the SCP (issue 24)", () => {
    expectNoViolations(run(remove(stack, ofType(SCP)), { shard: { name: "hash 2 of 2", ownsCentral: false } }));
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
    const other = stack.map((r) =>
      r.name === `tamper-${root}` ? { ...r, dependsOn: [], inputs: { ...r.inputs, policyId: "p-other" }, state: { ...r.state, policyId: "p-other" } } : r,
    );
    expectExactly(run(other), { policy: "organizations-tamper-protection-scp-attached", mentions: [`\`${root}\``] });
  });

  it("requires an SCP that denies stopping the recorder", () => {
    const weak = mutate(
      stack,
      ofType(SCP),
      (i) => (i.content = JSON.stringify({ Statement: [{ Effect: "Deny", Action: "config:DeleteEvaluationResults", Resource: "*" }] })),
    );
    expectExactly(run(weak), {
      policy: "organizations-tamper-protection-scp-attached",
      mentions: ["No tamper-protection SCP", "`config:StopConfigurationRecorder`"],
    });
    const wildcard = mutate(stack, ofType(SCP), (i) => (i.content = JSON.stringify({ Statement: { Effect: "Deny", Action: "config:Stop*", Resource: "*" } })));
    expectNoViolations(run(wildcard));
  });

  it("requires the SCP to guard its exempt roles: every role-change action, on each exempt role, exempting no one else", () => {
    const content = () => JSON.parse(stack.find((r) => r.type === SCP)!.inputs.content as string);
    const withGuard = (edit: (guard: any) => void) =>
      mutate(stack, ofType(SCP), (i) => {
        const doc = content();
        edit(doc.Statement[1]);
        i.content = JSON.stringify(doc);
      });
    const role = "arn:aws:iam::*:role/OrganizationAccountAccessRole";
    // No guard at all.
    const noGuard = mutate(stack, ofType(SCP), (i) => {
      const doc = content();
      i.content = JSON.stringify({ ...doc, Statement: [doc.Statement[0]] });
    });
    expectExactly(run(noGuard), {
      policy: "organizations-tamper-protection-scp-attached",
      mentions: ["does not guard the roles it exempts", `\`${role}\``, "`iam:CreateRole`", "`iam:UpdateAssumeRolePolicy`"],
    });
    // One action left out.
    expectExactly(run(withGuard((g) => (g.Action = g.Action.filter((a: string) => a !== "iam:UpdateAssumeRolePolicy")))), {
      policy: "organizations-tamper-protection-scp-attached",
      mentions: ["`iam:UpdateAssumeRolePolicy`"],
    });
    // On another role only.
    expectExactly(run(withGuard((g) => (g.Resource = ["arn:aws:iam::*:role/SomethingElse"]))), {
      policy: "organizations-tamper-protection-scp-attached",
      mentions: [`\`${role}\``],
    });
    // A guard that exempts more principals than the Config deny does.
    expectExactly(run(withGuard((g) => g.Condition.ArnNotLike["aws:PrincipalARN"].push("arn:aws:iam::*:role/Admin"))), {
      policy: "organizations-tamper-protection-scp-attached",
      mentions: ["does not guard the roles it exempts"],
    });
    // Wildcards that cover the same ground are enough.
    expectNoViolations(run(withGuard((g) => ((g.Action = "iam:*"), (g.Resource = "arn:aws:iam::*:role/*")))));
  });

  it("is not applicable without targets", () => {
    expectNoViolations(run(remove(stack, ofType(SCP)), { tamperProtectionTargets: [] }));
  });
});
