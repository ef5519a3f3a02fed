/**
 * The conformance pack library: what the central component and config
 * validation use. See README.md for how to add a rule or a pack.
 */
export { managedRules, managedRuleNamed, type ManagedRuleName } from "./catalog/managedRules";
export { runbooks, runbookNamed, type RunbookName } from "./catalog/runbooks";
export { packLibrary } from "./library";
export { resolvePackSelection, validatePackSelections, MAX_RULES_PER_PACK } from "./resolve";
export {
  fitsInline,
  INLINE_TEMPLATE_MAX_BYTES,
  remediationsOf,
  renderOrganizationPacks,
  renderPack,
  S3_TEMPLATE_MAX_BYTES,
  type RenderContext,
  type RenderedPack,
  type SelectedRemediation,
} from "./render";
export { accountRemediationPackName, renderAccountRemediationPack, type AccountPackTarget, type AccountRemediationPack } from "./accountPack";
export {
  automationPermissionsPolicy,
  automationRole,
  automationRoleArn,
  automationTrustPolicy,
  ROLE_INLINE_POLICY_MAX_CHARACTERS,
  RUNBOOK_POLICY_NAME,
  type AutomationRole,
  type GivenRunbookPermissions,
} from "./remediationRole";
export type * from "./catalog/facts";
export type * from "./choices";
