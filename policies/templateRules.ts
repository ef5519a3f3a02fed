/**
 * What a conformance pack template declares, read from its body: its resources by logical id
 * and the `ConfigRuleName`s of its rules. Shared by the remediation policies and the
 * multi-account provider, which keeps a pack's rule names in state in place of its body
 * (components/multiaccount/lifecycles/accountConformancePack.ts).
 */
import { parseDocument } from "yaml";

export interface TemplateResource {
  readonly Type?: unknown;
  readonly Properties?: { readonly ConfigRuleName?: unknown; readonly Parameters?: Record<string, unknown> };
}

const CONFIG_RULE = "AWS::Config::ConfigRule";

/** The template's resources by logical id; undefined when the body is not known (preview) or not a template. */
export function templateResources(templateBody: unknown): Record<string, TemplateResource> | undefined {
  if (typeof templateBody !== "string") return undefined;
  // CloudFormation short tags (`!Sub`) are not YAML's: keep them as plain values, do not fail on them.
  const document = parseDocument(templateBody, { strict: false, logLevel: "silent" });
  const plain = document.toJS({ maxAliasCount: -1 }) as { Resources?: Record<string, TemplateResource> } | null;
  return plain && typeof plain === "object" && plain.Resources && typeof plain.Resources === "object" ? plain.Resources : undefined;
}

/** `ConfigRuleName`s of a template's rules; undefined when the body is not known (preview, or sent through S3). */
export function templateRuleNames(templateBody: unknown): string[] | undefined {
  const resources = templateResources(templateBody);
  if (!resources) return undefined;
  return Object.values(resources)
    .filter((r) => r?.Type === CONFIG_RULE && typeof r.Properties?.ConfigRuleName === "string")
    .map((r) => r.Properties!.ConfigRuleName as string);
}
