import { newAccountDeploymentPolicies, newAccountDeploymentsTargetThisStack, newAccountDeploymentsTokenInConnection } from "../../policies/policies";
import type { PlannedResource } from "../../policies/evaluate";
import { runProgram } from "../helpers/program";
import { description } from "./fixtures";
import { expectExactly, expectNoViolations, mutate, ofType, remove, verdict } from "./harness";

const CONNECTION = "aws:cloudwatch/eventConnection:EventConnection";
const DESTINATION = "aws:cloudwatch/eventApiDestination:EventApiDestination";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const CONFIG = { "aws-config-org:newAccounts": { pulumiOrganization: "acme", token: { secure: "v1:c2VjcmV0LWNpcGhlcnRleHQ=" } } };
const firstTarget = (r: PlannedResource) => r.type === TARGET && r.name.endsWith("account-created-target");

describe("policies: new account deployments", () => {
  let stack: PlannedResource[];
  before(async () => {
    // The real program's prod stack with the event path on.
    stack = [...(await runProgram("prod", { config: CONFIG })).resources];
  });
  const run = (resources: readonly PlannedResource[], policy = newAccountDeploymentPolicies) => verdict(resources, description(), policy);

  it("passes the program's event path, and a stack without it", () => {
    expectNoViolations(run(stack));
    expectNoViolations(run(remove(stack, (r) => [CONNECTION, DESTINATION, TARGET].includes(r.type))));
  });

  describe("new-account-deployments-target-this-stack", () => {
    const policy = [newAccountDeploymentsTargetThisStack];
    it("rejects a destination that deploys another stack or project of the organization", () => {
      for (const endpoint of [
        "https://api.pulumi.com/api/stacks/acme/aws-config-org/dev/deployments",
        "https://api.pulumi.com/api/stacks/acme/other-project/prod/deployments",
      ]) {
        const resources = mutate(stack, ofType(DESTINATION), (i) => (i.invocationEndpoint = endpoint));
        expectExactly(run(resources, policy), {
          policy: "new-account-deployments-target-this-stack",
          mentions: [`\`${endpoint}\``, "/aws-config-org/prod/deployments", "another stack"],
        });
      }
    });
    it("rejects another method, and a target that asks for anything but an update", () => {
      expectExactly(
        run(
          mutate(stack, ofType(DESTINATION), (i) => (i.httpMethod = "GET")),
          policy,
        ),
        { policy: "new-account-deployments-target-this-stack", mentions: ["`GET`", "POST"] },
      );
      expectExactly(
        run(
          mutate(stack, firstTarget, (i) => (i.input = JSON.stringify({ operation: "destroy" }))),
          policy,
        ),
        {
          policy: "new-account-deployments-target-this-stack",
          mentions: ['"destroy"', '{"operation":"update"}'],
        },
      );
    });
  });

  describe("new-account-deployments-token-in-connection", () => {
    const policy = [newAccountDeploymentsTokenInConnection];
    it("rejects a connection that does not carry the token as its Authorization API key", () => {
      expectExactly(
        run(
          mutate(stack, ofType(CONNECTION), (i) => (i.authorizationType = "BASIC")),
          policy,
        ),
        {
          policy: "new-account-deployments-token-in-connection",
          mentions: ["`aws-config-org-prod-pulumi-deployments`", "`Authorization`"],
        },
      );
    });
    it("rejects a token in a target's headers or body, or in the endpoint, all stored in clear", () => {
      const header = mutate(
        stack,
        firstTarget,
        (i) => ((i.httpTarget as { headerParameters: Record<string, string> }).headerParameters.authorization = "token pul-0123456789abcdef"),
      );
      expectExactly(run(header, policy), { policy: "new-account-deployments-token-in-connection", mentions: ["header `authorization`", "in clear"] });
      const body = mutate(stack, firstTarget, (i) => (i.input = JSON.stringify({ operation: "update", token: "pul-0123456789abcdef" })));
      expectExactly(run(body, policy), { policy: "new-account-deployments-token-in-connection", mentions: ["its input"] });
      const endpoint = mutate(stack, ofType(DESTINATION), (i) => (i.invocationEndpoint = `${String(i.invocationEndpoint)}?token=pul-0123456789abcdef`));
      expectExactly(run(endpoint, policy), { policy: "new-account-deployments-token-in-connection", mentions: ["token in its endpoint"] });
    });
  });
});
