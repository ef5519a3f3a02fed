/** The IAM evaluator the tests use is the product's own (aws/policyEvaluation.ts), which preflight's delivery proof runs. */
export { evaluate, refusalReasons, UnsupportedPolicyError, type Decision, type PolicyDocument, type Request } from "../../aws/policyEvaluation";
