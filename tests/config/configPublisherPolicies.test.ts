import { expect } from "chai";

import {
  complianceTopicPolicy,
  configSourceAccountIds,
  deliveryKeyPolicy,
  KMS_KEY_POLICY_MAX_BYTES,
  policyBytes,
  SNS_TOPIC_POLICY_MAX_BYTES,
} from "../../config/configPublisherPolicies";
import type { Deployment } from "../../config/domain";
import { validateDeployment } from "../../config/validateDeployment";
import { account } from "../commands/fixtures";
import { testDeployment } from "../packs/deploymentFixture";

/** `count` distinct 12-digit account ids, plus the fixture's own accounts. */
function withAccounts(count: number, overrides: Partial<Deployment> = {}): Deployment {
  const base = testDeployment(overrides);
  const extra = Array.from({ length: count }, (_, i) => account(String(600000000000 + i), `workload-${i}`));
  const scope = [...base.scope, ...extra];
  return { ...base, scope };
}

const topicArn = "arn:aws:sns:ap-southeast-7:222222222222:aws-config-org-notifications";

describe("config: policies admitting AWS Config from every in-scope account", () => {
  it("lists each in-scope account once, sorted, under AWS:SourceAccount (the documented form)", () => {
    const d = testDeployment();
    const ids = configSourceAccountIds({ scope: [...d.scope, ...d.scope] });
    expect(ids).to.deep.equal([...new Set(d.scope.map((a) => a.id))].sort());
    const allow = complianceTopicPolicy({ topicArn, sourceAccountIds: ids }).Statement[0]!;
    expect(allow).to.deep.include({ Principal: { Service: "config.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn });
    expect(allow.Condition).to.deep.equal({ StringEquals: { "AWS:SourceAccount": ids } });
    const key = deliveryKeyPolicy({ partition: "aws", accountId: "333333333333", sourceAccountIds: ids }).Statement[1]!;
    expect(key).to.deep.include({ Principal: { Service: "config.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey"] });
    expect(key.Condition).to.deep.equal({ StringEquals: { "AWS:SourceAccount": ids } });
  });

  it("fits SNS's 30 KB and KMS's 32 KB at 1,000 accounts, and the pipeline accepts that scope", () => {
    const d = withAccounts(1000 - testDeployment().scope.length, { delivery: { ...testDeployment().delivery, encryption: "SSE-KMS" } });
    const ids = configSourceAccountIds(d);
    expect(ids).to.have.length(1000);
    const topic = policyBytes(complianceTopicPolicy({ topicArn, sourceAccountIds: ids }));
    const key = policyBytes(deliveryKeyPolicy({ partition: "aws", accountId: "333333333333", sourceAccountIds: ids }));
    expect(topic).to.be.within(15_000, SNS_TOPIC_POLICY_MAX_BYTES);
    expect(key).to.be.within(15_000, KMS_KEY_POLICY_MAX_BYTES);
    expect(validateDeployment(d).filter((p) => /topic policy|key policy/.test(p))).to.deep.equal([]);
  });

  it("refuses a scope whose topic or key policy would not fit, naming the accounts count", () => {
    const d = withAccounts(2200, { delivery: { ...testDeployment().delivery, encryption: "SSE-KMS" } });
    const problems = validateDeployment(d).filter((p) => /topic policy|key policy/.test(p));
    const count = configSourceAccountIds(d).length;
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(new RegExp(`notifications topic policy would be \\d+ bytes for ${count} in-scope accounts, over SNS's 30720-byte limit`));
    expect(problems[1]).to.match(new RegExp(`delivery key policy would be \\d+ bytes for ${count} in-scope accounts, over KMS's 32768-byte limit`));
    // SSE-S3: no key, so only the topic is checked.
    const s3 = withAccounts(2200);
    expect(validateDeployment(s3).filter((p) => /key policy/.test(p))).to.deep.equal([]);
  });
});
