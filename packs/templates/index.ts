/** Template packs: AWS's sample conformance packs (or the user's own), read, checked and cut per Region. */
export * from "./types";
export { resolveString } from "./templateValues";
export {
  readTemplatePack,
  MAX_RULES_PER_ORGANIZATION_PACK,
  MAX_INPUT_PARAMETERS,
  CONFIG_RULE_NAME_LIMIT,
  MAX_TEMPLATE_RULE_NAME,
  MEMBER_ACCOUNT_SUFFIX,
  PROCESS_CHECK,
} from "./readTemplatePack";
export { templateForRegion, remediationOf, MAX_INLINE_TEMPLATE_BYTES, MAX_S3_TEMPLATE_BYTES, type LeftOutRule, type RegionTemplate } from "./templateForRegion";
export { lintTemplateFile, lintTemplateText, describeFindings, toleratedBySamples, type LintFinding, type LintResult } from "./cfnLint";
export { classifyAutomationRole, PLACEHOLDER } from "./remediationRoles";
export { parseTemplate } from "./cloudFormationYaml";
