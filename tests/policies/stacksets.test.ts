import { expect } from "chai";

import { cloudformationStacksetProhibited, isStackSetType } from "../../policies/policies";
import { STACKSET_TYPES } from "../../policies/tokens";
import { description, fixtureStack, resource } from "./fixtures";
import { expectExactly, expectNoViolations, verdict } from "./harness";

describe("policies: cloudformation-stackset-prohibited", () => {
  const run = (resources = fixtureStack()) => verdict(resources, description(), [cloudformationStacksetProhibited]);

  it("passes a stack without StackSets", () => {
    expectNoViolations(run());
  });

  for (const type of STACKSET_TYPES) {
    it(`rejects ${type}`, () => {
      const stackSet = resource(type, "config-everywhere", { name: "config-everywhere", permissionModel: "SERVICE_MANAGED" });
      const v = expectExactly(run([...fixtureStack(), stackSet]), {
        policy: "cloudformation-stackset-prohibited",
        mentions: [type, "`config-everywhere`"],
        urn: "config-everywhere",
      });
      expect(v.urn).to.equal(stackSet.urn);
    });
  }

  it("recognises StackSet-shaped tokens it does not list, and nothing else", () => {
    expect(isStackSetType("aws-native:cloudformation:StackSetInstances")).to.equal(true);
    expect(isStackSetType("aws:cloudformation/stack:Stack")).to.equal(false);
    expect(isStackSetType("aws-native:cloudformation:Stack")).to.equal(false);
    expect(isStackSetType("aws:s3/bucket:Bucket")).to.equal(false);
  });
});
