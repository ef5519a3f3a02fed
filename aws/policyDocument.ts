/**
 * IAM policy documents as plain JSON (identity, resource, trust and key policies alike):
 * the shape every policy this project writes has. The ground floor: no project imports.
 */

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}
