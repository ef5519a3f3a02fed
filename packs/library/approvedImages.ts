import type { PackDefinition } from "../choices";
/**
 * Approved images with AWS's managed rules, within their limits (≤21 AMI ids
 * in ≤1024 characters, ≤10 tag pairs). Each rule is deployed only when its
 * list is set. Longer lists and attribute matching (owner, name, tags) are
 * the approved-images custom rule's job (rules/approved-images/).
 */

const fromParameter = (name: string) => ({ kind: "packParameter", name }) as const;

export const approvedImages: PackDefinition = {
  name: "approved-images",
  description: "EC2 instances run only approved AMIs, by id and by AMI tag.",
  parameters: {
    amiIds: {
      type: "CSV",
      description: "Approved AMI ids, comma-separated (at most 21, 1024 characters).",
    },
    amisByTagKeyAndValue: {
      type: "StringMap",
      description: "Approved AMI tags as comma-separated `key:value` pairs (at most 10).",
    },
  },
  rules: [
    {
      rule: "approved-amis-by-id",
      inputs: { amiIds: fromParameter("amiIds") },
      onlyWhenParametersSet: true,
      // Stopping an instance stops its workload: a person decides.
      remediation: { mode: "manual" },
    },
    {
      rule: "approved-amis-by-tag",
      inputs: { amisByTagKeyAndValue: fromParameter("amisByTagKeyAndValue") },
      onlyWhenParametersSet: true,
      remediation: { mode: "manual" },
    },
  ],
};
