import { configTopicUnencrypted } from "../../policies/policies";
import { description, fixtureStack } from "./fixtures";
import { expectExactly, expectNoViolations, mutate, named, verdict } from "./harness";

const TOPIC = "aws:sns/topic:Topic";
const RECORDER = "pulumi-nodejs:dynamic/multiaccount:ConfigRecorder";
const stack = fixtureStack();
const run = (resources: typeof stack) => verdict(resources, description(), [configTopicUnencrypted]);
const configTopic = named(TOPIC, "notifications-topic-eu-west-1");

describe("policies: config-delivery-topic-unencrypted", () => {
  it("passes with unencrypted Config topics and an encrypted topic for people", () => {
    expectNoViolations(run(stack));
  });

  it("rejects a key on a topic a delivery channel names, found by name, region and provider account", () => {
    const encrypted = mutate(stack, configTopic, (i) => (i.kmsMasterKeyId = "arn:aws:kms:eu-west-1:222222222222:key/config"));
    expectExactly(run(encrypted), {
      policy: "config-delivery-topic-unencrypted",
      mentions: ["`eu-west-1:222222222222:aws-config-org-notifications`", "encrypted", "does not support encrypted SNS topics"],
      urn: "notifications-topic-eu-west-1",
    });
    // The AWS managed key is a key too.
    expectExactly(run(mutate(stack, configTopic, (i) => (i.kmsMasterKeyId = "alias/aws/sns"))), {
      policy: "config-delivery-topic-unencrypted",
      mentions: ["`kmsMasterKeyId`"],
    });
  });

  it("matches on the topic's ARN once it is known", () => {
    const elsewhere = mutate(stack, configTopic, (i) => {
      i.kmsMasterKeyId = "arn:aws:kms:eu-west-1:222222222222:key/config";
      i.name = "renamed-after-creation";
      i.arn = "arn:aws:sns:eu-west-1:222222222222:aws-config-org-notifications";
    });
    expectExactly(run(elsewhere), { policy: "config-delivery-topic-unencrypted", mentions: ["aws-config-org-notifications"] });
  });

  it("leaves alone an encrypted topic no channel names, and is not applicable without channel topics", () => {
    const other = mutate(stack, configTopic, (i) => ((i.kmsMasterKeyId = "arn:aws:kms:eu-west-1:222222222222:key/x"), (i.name = "something-else")));
    expectNoViolations(run(other));
    const noTopics = mutate(
      stack,
      (r) => r.type === RECORDER,
      (i) => delete (i.deliveryChannel as Record<string, unknown>).snsTopicARN,
    );
    expectNoViolations(run(mutate(noTopics, configTopic, (i) => (i.kmsMasterKeyId = "k"))));
  });
});
