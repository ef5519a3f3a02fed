import { expect } from "chai";

import { main as planMain, plan, renderPlan } from "../../commands/plan";
import { bufferIo } from "./fixtures";

const CIPHERTEXT = "v1:c2VjcmV0LWNpcGhlcnRleHQ=";
const ON = { "aws-config-org:newAccounts": { pulumiOrganization: "acme", token: { secure: CIPHERTEXT } } };

describe("offline plan: newAccounts", () => {
  it("shows the rules, the target and the retries, in text and JSON, never the token", async function () {
    this.timeout(60_000);
    const text = bufferIo();
    expect(await planMain(["--stack", "prod", "--no-progress"], text.io, { configOverrides: ON })).to.equal(0);
    const flat = text.out().replace(/\n\s+/g, " ");
    expect(flat).to.include("New accounts (`newAccounts`): Organizations' account events start a deployment of this stack, from 500000000001 in us-east-1:");
    expect(flat).to.include("aws-config-org-prod-account-created: CreateAccountResult with state SUCCEEDED (a new account)");
    expect(flat).to.include('target: POST https://api.pulumi.com/api/stacks/acme/aws-config-org/prod/deployments {"operation":"update"}');
    expect(flat).to.include("retries: up to 24 within 3600 s, then the dead-letter queue; its alarm tells 2 mail/https subscriber(s)");
    expect(flat).to.include("Policy pack: PASS: no violations");
    const json = bufferIo();
    expect(await planMain(["--stack", "prod", "--no-progress", "--json"], json.io, { configOverrides: ON })).to.equal(0);
    const parsed = JSON.parse(json.out()) as { newAccounts: { endpoint: string; rules: { kind: string }[] } };
    expect(parsed.newAccounts.endpoint).to.equal("https://api.pulumi.com/api/stacks/acme/aws-config-org/prod/deployments");
    expect(parsed.newAccounts.rules.map((r) => r.kind)).to.deep.equal(["account-created", "account-joined", "account-moved", "account-removed"]);
    for (const out of [text.out(), json.out()]) expect(out).to.not.include(CIPHERTEXT);
  });

  it("says nothing of it without the key", async function () {
    this.timeout(60_000);
    const p = await plan({ stack: "prod" });
    expect(p.newAccounts).to.equal(undefined);
    expect(renderPlan(p)).to.not.include("New accounts");
  });
});
