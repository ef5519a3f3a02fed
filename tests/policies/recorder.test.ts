import { expect } from "chai";

import {
  configRecorderCustomRoleOptIn,
  configRecorderDailyRecordingAllowed,
  configRecorderRecordingStrategy,
  configRecorderServiceLinkedRole,
} from "../../policies/policies";
import { description, fixtureStack, HOME, MEMBER_LEAN, SECURITY } from "./fixtures";
import { expectExactly, expectNoViolations, mutate, recorderAt, verdict } from "./harness";

const stack = fixtureStack();
const facts = description();
const place = recorderAt(SECURITY, "eu-west-1");
/** A recorder of all supported types: the home region's (elsewhere the complete profile excludes the global types by name). */
const allTypesPlace = recorderAt(SECURITY, HOME);

describe("policies: ConfigRecorder", () => {
  describe("config-recorder-recording-strategy", () => {
    const run = (resources = stack) => verdict(resources, facts, [configRecorderRecordingStrategy]);
    const changeGroup = (change: (group: Record<string, unknown>) => void) =>
      run(mutate(stack, allTypesPlace, (i) => change((i.recorder as { recordingGroup: Record<string, unknown> }).recordingGroup)));

    it("accepts all-supported, exclusion and inclusion recorders", () => {
      expectNoViolations(run());
      const inclusion = mutate(stack, place, (i) => {
        (i.recorder as Record<string, unknown>).recordingGroup = {
          allSupported: false,
          resourceTypes: ["AWS::S3::Bucket"],
          recordingStrategy: { useOnly: "INCLUSION_BY_RESOURCE_TYPES" },
        };
      });
      expectNoViolations(run(inclusion));
    });

    it("rejects a recorder without a recording group (AWS's implicit default)", () => {
      const resources = mutate(stack, place, (i) => delete (i.recorder as Record<string, unknown>).recordingGroup);
      expectExactly(run(resources), {
        policy: "config-recorder-recording-strategy",
        mentions: [`account ${SECURITY} in eu-west-1`, "`recorder.recordingGroup`"],
        urn: "recorder-222222222222-eu-west-1",
      });
    });

    it("rejects a type list without an explicit strategy", () => {
      const violations = changeGroup((g) => {
        g.allSupported = false;
        g.includeGlobalResourceTypes = false;
        delete g.recordingStrategy;
        g.resourceTypes = ["AWS::S3::Bucket"];
      });
      expectExactly(violations, { policy: "config-recorder-recording-strategy", mentions: ["`recordingStrategy.useOnly`"] });
    });

    it("rejects contradictions AWS refuses", () => {
      expectExactly(
        changeGroup((g) => (g.recordingStrategy = { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" })),
        { policy: "config-recorder-recording-strategy", mentions: ["`allSupported: true`", "EXCLUSION_BY_RESOURCE_TYPES"] },
      );
      expectExactly(
        changeGroup((g) => {
          g.allSupported = false;
          g.recordingStrategy = { useOnly: "INCLUSION_BY_RESOURCE_TYPES" };
          g.includeGlobalResourceTypes = false;
        }),
        { policy: "config-recorder-recording-strategy", mentions: ["record nothing"] },
      );
      expectExactly(
        changeGroup((g) => {
          g.allSupported = false;
          g.includeGlobalResourceTypes = false;
          g.recordingStrategy = { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" };
        }),
        { policy: "config-recorder-recording-strategy", mentions: ["`exclusionByResourceTypes.resourceTypes`"] },
      );
    });
  });

  describe("config-recorder-service-linked-role", () => {
    const run = (resources = stack) => verdict(resources, facts, [configRecorderServiceLinkedRole, configRecorderCustomRoleOptIn]);
    const customRole = `arn:aws:iam::${SECURITY}:role/ConfigRecorderRole`;

    it("accepts the service-linked role everywhere in the fixture", () => {
      expectNoViolations(run());
    });

    it("rejects another role and names the one to use", () => {
      const resources = mutate(stack, place, (i) => ((i.recorder as Record<string, unknown>).roleARN = customRole));
      expectExactly(run(resources), {
        policy: "config-recorder-service-linked-role",
        mentions: [
          `account ${SECURITY} in eu-west-1`,
          customRole,
          `arn:aws:iam::${SECURITY}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
          "`customRoleOptIn: true`",
        ],
      });
    });

    it("turns into an advisory when the recorder opts out", () => {
      const resources = mutate(stack, place, (i) => {
        (i.recorder as Record<string, unknown>).roleARN = customRole;
        i.customRoleOptIn = true;
      });
      expectExactly(run(resources), {
        policy: "config-recorder-custom-role-opt-in",
        enforcement: "advisory",
        mentions: [`account ${SECURITY} in eu-west-1`, customRole],
      });
    });

    it("does not accept another account's service-linked role", () => {
      const resources = mutate(stack, place, (i) => {
        (i.recorder as Record<string, unknown>).roleARN = "arn:aws:iam::999999999999:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig";
      });
      expect(run(resources).map((v) => v.policy)).to.deep.equal(["config-recorder-service-linked-role"]);
    });
  });

  describe("config-recorder-daily-recording-allowed", () => {
    const run = (resources = stack) => verdict(resources, facts, [configRecorderDailyRecordingAllowed]);
    const lean = recorderAt(MEMBER_LEAN, HOME);
    type Mode = { recordingFrequency: string; recordingModeOverrides: { recordingFrequency: string; resourceTypes: string[] }[] };
    const changeMode = (change: (mode: Mode) => void) => run(mutate(stack, lean, (i) => change((i.recorder as { recordingMode: Mode }).recordingMode)));

    it("accepts daily recording with the continuous-only types overridden", () => {
      expectNoViolations(run());
    });

    it("rejects a second override", () => {
      const violations = changeMode((m) => m.recordingModeOverrides.push({ recordingFrequency: "CONTINUOUS", resourceTypes: ["AWS::S3::Bucket"] }));
      expectExactly(violations, {
        policy: "config-recorder-daily-recording-allowed",
        mentions: [`account ${MEMBER_LEAN} in ${HOME}`, "2 `recordingModeOverrides`", "at most 1"],
      });
    });

    it("rejects daily recording of the continuous-only types", () => {
      const violations = changeMode((m) => {
        m.recordingModeOverrides[0].resourceTypes = m.recordingModeOverrides[0].resourceTypes.filter((t) => t !== "AWS::Config::ConfigurationRecorder");
      });
      expectExactly(violations, { policy: "config-recorder-daily-recording-allowed", mentions: ["`AWS::Config::ConfigurationRecorder` DAILY"] });
    });

    it("rejects a DAILY override of a continuous-only type", () => {
      const violations = run(
        mutate(stack, place, (i) => {
          (i.recorder as { recordingMode: Mode }).recordingMode = {
            recordingFrequency: "CONTINUOUS",
            recordingModeOverrides: [{ recordingFrequency: "DAILY", resourceTypes: ["AWS::Config::ResourceCompliance", "AWS::EC2::Volume"] }],
          };
        }),
      );
      expectExactly(violations, { policy: "config-recorder-daily-recording-allowed", mentions: ["overrides `AWS::Config::ResourceCompliance` to DAILY"] });
    });

    it("leaves all-supported daily recording to AWS, which keeps those types continuous", () => {
      const violations = run(
        mutate(stack, allTypesPlace, (i) => {
          (i.recorder as { recordingMode: Mode }).recordingMode = { recordingFrequency: "DAILY", recordingModeOverrides: [] };
        }),
      );
      expectNoViolations(violations);
    });
  });
});
