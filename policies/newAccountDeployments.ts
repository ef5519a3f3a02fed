/**
 * New accounts governed within minutes (stack `newAccounts`), when a stack declares the event
 * path: the deployment an account event starts is THIS stack's, and the Pulumi token that starts
 * it lives only in an EventBridge connection (whose secret EventBridge keeps in Secrets Manager),
 * never in a rule target, an endpoint or an event body, which AWS stores and shows in clear.
 * A stack without the path has nothing to judge here (it is opt-in).
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { EVENTBRIDGE_API_DESTINATION, EVENTBRIDGE_CONNECTION, EVENTBRIDGE_TARGET } from "./tokens";
import { declaredName, knownOrUndefined, ofTypes, parseJsonish } from "./view";

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → stack and project. */
function stackOfUrn(urn: string): { stack: string; project: string } | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? { stack: m[1]!, project: m[2]! } : undefined;
}

const DEPLOYMENTS_ENDPOINT = /^https:\/\/api\.pulumi\.com\/api\/stacks\/([A-Za-z0-9][A-Za-z0-9_.-]*)\/([^/]+)\/([^/?#]+)\/deployments$/;

export const newAccountDeploymentsTargetThisStack: StackValidationPolicy = {
  name: "new-account-deployments-target-this-stack",
  description:
    "Checks whether every Pulumi Deployments API destination starts a deployment of the stack that declares it, by POST, and every target sends it an update.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const destination of ofTypes(args.resources, EVENTBRIDGE_API_DESTINATION)) {
      const endpoint = String(knownOrUndefined(() => destination.props.invocationEndpoint) ?? "");
      if (!endpoint.includes("pulumi.com")) continue;
      const self = stackOfUrn(destination.urn);
      const m = DEPLOYMENTS_ENDPOINT.exec(endpoint);
      if (!m || !self || m[2] !== self.project || m[3] !== self.stack) {
        reportViolation(
          `API destination \`${declaredName(destination)}\` calls \`${endpoint}\`, which is not Create Deployment of this stack ` +
            `(\`https://api.pulumi.com/api/stacks/<organization>/${self?.project ?? "<project>"}/${self?.stack ?? "<stack>"}/deployments\`): an account event would deploy another stack.`,
          destination.urn,
        );
      }
      const method = knownOrUndefined(() => destination.props.httpMethod);
      if (method !== undefined && method !== "POST") {
        reportViolation(`API destination \`${declaredName(destination)}\` uses \`${String(method)}\`: Create Deployment takes POST.`, destination.urn);
      }
    }
    for (const target of deploymentTargets(args.resources)) {
      const body = parseJsonish(knownOrUndefined(() => target.props.input)) as { operation?: unknown } | undefined;
      if (body?.operation !== "update") {
        reportViolation(
          `Target \`${target.name}\` sends \`${String(knownOrUndefined(() => target.props.input))}\`: the deployment an account event starts must be \`{"operation":"update"}\`, which creates the new account's recorders.`,
          target.urn,
        );
      }
    }
  },
};

export const newAccountDeploymentsTokenInConnection: StackValidationPolicy = {
  name: "new-account-deployments-token-in-connection",
  description:
    "Checks whether the Pulumi token reaches the Deployments API only through an EventBridge connection's API key, never in a target's headers, body or endpoint.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const connection of ofTypes(args.resources, EVENTBRIDGE_CONNECTION)) {
      const auth = (unwrapSecret(knownOrUndefined(() => connection.props.authParameters)) ?? {}) as { apiKey?: { key?: string } };
      if (knownOrUndefined(() => connection.props.authorizationType) !== "API_KEY" || auth.apiKey?.key !== "Authorization") {
        reportViolation(
          `Connection \`${declaredName(connection)}\` does not carry the token as its API key \`Authorization\`: Pulumi Cloud reads \`Authorization: token <token>\`.`,
          connection.urn,
        );
      }
    }
    for (const target of deploymentTargets(args.resources)) {
      const http = (knownOrUndefined(() => target.props.httpTarget) ?? {}) as {
        headerParameters?: Record<string, string>;
        queryStringParameters?: Record<string, string>;
      };
      const inClear = [
        ...Object.keys(http.headerParameters ?? {})
          .filter((h) => h.toLowerCase() === "authorization")
          .map((h) => `header \`${h}\``),
        ...Object.entries(http.queryStringParameters ?? {})
          .filter(([, v]) => /\bpul-[0-9a-f]{8,}/.test(v))
          .map(([q]) => `query \`${q}\``),
        ...(/\bpul-[0-9a-f]{8,}|"?token\s+pul-/.test(String(knownOrUndefined(() => target.props.input) ?? "")) ? ["input"] : []),
      ];
      if (inClear.length > 0) {
        reportViolation(
          `Target \`${target.name}\` carries a token in its ${inClear.join(", ")}, stored in clear by EventBridge: keep it in the connection only.`,
          target.urn,
        );
      }
    }
    for (const destination of ofTypes(args.resources, EVENTBRIDGE_API_DESTINATION)) {
      if (/pul-[0-9a-f]{8,}/.test(String(knownOrUndefined(() => destination.props.invocationEndpoint) ?? ""))) {
        reportViolation(
          `API destination \`${declaredName(destination)}\` has a token in its endpoint, stored in clear: keep it in the connection only.`,
          destination.urn,
        );
      }
    }
  },
};

/** Rule targets that call an API destination (their `arn` is one, or unknown in a preview and an HTTP target is set). */
function deploymentTargets(resources: readonly PolicyResource[]): PolicyResource[] {
  return ofTypes(resources, EVENTBRIDGE_TARGET).filter((t) => {
    const arn = knownOrUndefined(() => t.props.arn);
    return (typeof arn === "string" && arn.includes(":api-destination/")) || (arn === undefined && knownOrUndefined(() => t.props.httpTarget) !== undefined);
  });
}

/** Pulumi's wire form of a secret value. CrossGuard hands policies the plain value; the offline evaluator (policies/evaluate.ts) the wire form. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function unwrapSecret(value: unknown): unknown {
  return typeof value === "object" && value !== null && SECRET_SIG in value ? (value as { value?: unknown }).value : value;
}

export const newAccountDeploymentPolicies: readonly StackValidationPolicy[] = [newAccountDeploymentsTargetThisStack, newAccountDeploymentsTokenInConnection];
