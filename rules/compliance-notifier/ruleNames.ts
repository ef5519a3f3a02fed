/**
 * The one rule-name normalizer, aws/ruleNames.ts, so that a notification and
 * the pack templates name a rule alike. The code archive ships that module,
 * compiled, in this file's place (components/central/notifications.ts): a
 * Lambda has no repository to import from.
 */
export { normalizeRuleName } from "../../aws/ruleNames";
