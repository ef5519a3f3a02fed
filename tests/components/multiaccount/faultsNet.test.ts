/**
 * Network, service and credential faults between the provider and AWS (issue 23, items 1, 3
 * and 4): moto behind tests/helpers/faultProxy.ts, which hangs, resets, throttles, answers
 * 5xx, HTML or expired tokens on chosen APIs. Every client goes through the proxy
 * (`AWS_ENDPOINT_URL`), STS included. Timeouts are short (a hang is cut by the client's own
 * request timeout, no sleeps), retries are `standard` with 2 attempts unless said otherwise.
 * Each test asserts that the place converges, or the message the user sees: the API, the
 * account, the region, what was tried, and the hint of that kind of failure.
 */
import { DescribeConfigurationRecorderStatusCommand } from "@aws-sdk/client-config-service";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { expect } from "chai";
import { configRecorderProvider as provider } from "../../../components/multiaccount/lifecycles/configRecorder";
import { isPlaceOperationError, isRegionNotEnabledError, type MultiAccountError } from "../../../components/multiaccount/errors";
import { clearSessionCache } from "../../../components/multiaccount/session";
import { startFaultProxy, type FaultProxy, type FaultRule } from "../../helpers/faultProxy";
import { recordCalls, recorderInputs } from "./support/inputs";
import { configClientIn, type TestOrg, useMotoOrganization } from "./support/org";

/** The settings of every test here; restored afterwards. */
const FAST = {
  AWS_RETRY_MODE: "standard",
  AWS_MAX_ATTEMPTS: "2",
  AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS: "400",
  AWS_CONFIG_ORG_CONNECT_TIMEOUT_MS: "400",
};
const TOUCHED = [...Object.keys(FAST), "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CONFIG_SERVICE"];

async function failureOf(promise: Promise<unknown>): Promise<MultiAccountError> {
  try {
    await promise;
  } catch (error) {
    return error as MultiAccountError;
  }
  throw new Error("expected a failure");
}

/** The old catch-all hint, wrong for every fault here. */
const PERMISSIONS_HINT = "deployment role's permissions";

describe("faults: network, service and credentials (through a fault proxy)", function () {
  // A test that waits longer than this hangs: before the timeouts, a hang never ended.
  this.timeout(15_000);
  let org: TestOrg;
  const moto = useMotoOrganization(2, (created) => (org = created));
  let proxy: FaultProxy;
  let saved: Record<string, string | undefined>;

  // moto loads its SSM service on the first SSM call (about a second), longer than these
  // tests' 400 ms timeouts: load it before, so only injected faults are slow.
  before(async () => {
    const ssm = new SSMClient({ region: "eu-west-1", endpoint: moto.server.endpoint });
    try {
      await ssm.send(new GetParameterCommand({ Name: "/pulumi/warm-up" })).catch(() => undefined);
    } finally {
      ssm.destroy();
    }
  });

  beforeEach(async () => {
    saved = Object.fromEntries(TOUCHED.map((key) => [key, process.env[key]]));
    proxy = await startFaultProxy(moto.server.endpoint, { seed: 23 });
    Object.assign(process.env, FAST, { AWS_ENDPOINT_URL: proxy.endpoint });
    clearSessionCache();
  });
  afterEach(async () => {
    clearSessionCache();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await proxy.close();
  });

  const inject = (...rules: FaultRule[]) => proxy.setRules(rules);
  const assumeRoleCalls = () => proxy.requests().filter((op) => op === "AssumeRole").length;

  async function expectRecording(member: { roleArn: string }, region: string): Promise<void> {
    proxy.setRules([]);
    const client = await configClientIn(member.roleArn, region);
    const status = await client.send(new DescribeConfigurationRecorderStatusCommand({}));
    expect(status.ConfigurationRecordersStatus?.map((s) => s.recording)).to.deep.equal([true]);
  }

  describe("timeouts", () => {
    it("a hung Config call is cut by the request timeout, retried, and the place converges", async () => {
      inject({ apis: ["PutConfigurationRecorder"], fault: "hang", count: 1 });
      const rec = recordCalls();
      try {
        const { outs } = await provider.create(recorderInputs(org.members[0], "eu-west-1", org.bucket));
        expect(outs?.createAction).to.equal("create");
      } finally {
        rec.stop();
      }
      expect(proxy.injected()).to.deep.equal({ "PutConfigurationRecorder:hang": 1 });
      const put = rec.calls.filter((c) => c.command === "PutConfigurationRecorder");
      expect(put.map((c) => [c.ok, c.attempts])).to.deep.equal([[true, 2]]);
      await expectRecording(org.members[0], "eu-west-1");
    });

    it("a Config call that never answers fails with the API, account, region, attempts and elapsed time", async () => {
      inject({ apis: ["DescribeConfigurationRecorders", "DescribeDeliveryChannels"], fault: "hang" });
      const m = org.members[0];
      const error = await failureOf(provider.create(recorderInputs(m, "eu-west-2", org.bucket)));
      expect(isPlaceOperationError(error)).to.equal(true);
      expect(error.message)
        .to.match(/Describe(ConfigurationRecorders|DeliveryChannels) failed/)
        .and.contain(`account \`${m.id}\``)
        .and.contain("region `eu-west-2`")
        .and.contain("TimeoutError")
        .and.match(/\(2 attempts over (\d+ ms|\d+\.\d s)\)/)
        .and.contain("did not answer within the timeout")
        .and.contain("`AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS`")
        .and.not.contain(PERMISSIONS_HINT);
    });

    it("a hung AssumeRole is retried and the place converges", async () => {
      inject({ apis: ["AssumeRole"], fault: "hang", count: 1 });
      const { outs } = await provider.create(recorderInputs(org.members[1], "eu-west-1", org.bucket));
      expect(outs?.createAction).to.equal("create");
      expect(proxy.injected()).to.deep.equal({ "AssumeRole:hang": 1 });
      await expectRecording(org.members[1], "eu-west-1");
    });

    it("an AssumeRole that never answers fails naming sts:AssumeRole, the account, STS's region, attempts and elapsed time", async () => {
      inject({ apis: ["AssumeRole"], fault: "hang" });
      const m = org.members[1];
      const error = await failureOf(provider.create(recorderInputs(m, "eu-west-2", org.bucket)));
      expect(error.message)
        .to.contain(`sts:AssumeRole into \`${m.roleArn}\` failed for account \`${m.id}\` (STS in \`us-east-1\`)`)
        .and.contain("TimeoutError")
        .and.match(/\(2 attempts over (\d+ ms|\d+\.\d s)\)/)
        .and.contain("did not answer within the timeout")
        .and.not.contain(PERMISSIONS_HINT);
    });
  });

  describe("credentials", () => {
    it("STS unavailable until the retries run out fails one resource; the account's next resource calls STS again and converges", async () => {
      inject({ apis: ["AssumeRole"], fault: "unavailable", count: 2 });
      const m = org.members[0];
      const first = await failureOf(provider.create(recorderInputs(m, "ap-southeast-1", org.bucket)));
      expect(first.message)
        .to.contain(`sts:AssumeRole into \`${m.roleArn}\` failed for account \`${m.id}\``)
        .and.contain("ServiceUnavailable")
        .and.contain("(HTTP 503; 2 attempts over")
        .and.contain("server error (5xx)")
        .and.contain("next resource calls STS again");
      expect(assumeRoleCalls()).to.equal(2);
      const { outs } = await provider.create(recorderInputs(m, "ap-southeast-2", org.bucket));
      expect(outs?.createAction).to.equal("create");
      expect(assumeRoleCalls()).to.equal(3);
      await expectRecording(m, "ap-southeast-2");
    });

    it("ExpiredTokenException from a Config call: the role is assumed again and the call retried once", async () => {
      const m = org.members[1];
      // A session in the cache first, as after a long run.
      await provider.create(recorderInputs(m, "ca-central-1", org.bucket));
      expect(assumeRoleCalls()).to.equal(1);
      inject({ apis: ["PutConfigurationRecorder"], fault: "expired-token", count: 1 });
      const { outs } = await provider.create(recorderInputs(m, "sa-east-1", org.bucket));
      expect(outs?.createAction).to.equal("create");
      expect(proxy.injected()).to.deep.equal({ "PutConfigurationRecorder:expired-token": 1 });
      expect(assumeRoleCalls()).to.equal(2);
      await expectRecording(m, "sa-east-1");
    });

    it("a token that stays expired fails after one new AssumeRole, with the credentials hint", async () => {
      inject({ apis: ["DescribeConfigurationRecorders", "DescribeDeliveryChannels"], fault: "expired-token" });
      const m = org.members[0];
      const error = await failureOf(provider.create(recorderInputs(m, "eu-north-1", org.bucket)));
      expect(error.message)
        .to.match(/Describe(ConfigurationRecorders|DeliveryChannels) failed in account/)
        .and.contain("region `eu-north-1`")
        .and.contain("ExpiredTokenException")
        .and.contain("expired or was revoked even after a new `sts:AssumeRole`")
        .and.not.contain(PERMISSIONS_HINT);
      // The first AssumeRole, then one more for each of the two describe calls at most.
      expect(assumeRoleCalls()).to.be.within(2, 3);
    });
  });

  describe("each kind of failure has its own hint", () => {
    it("5xx with no error code (UnknownError): AWS's side, after the retries", async () => {
      inject({ apis: ["DescribeConfigurationRecorders", "DescribeDeliveryChannels"], fault: "server-error" });
      const m = org.members[0];
      const error = await failureOf(provider.create(recorderInputs(m, "eu-west-3", org.bucket)));
      expect(error.message)
        .to.match(/Describe(ConfigurationRecorders|DeliveryChannels) failed/)
        .and.contain(`account \`${m.id}\``)
        .and.contain("region `eu-west-3`")
        .and.contain("UnknownError")
        .and.contain("(HTTP 500; 2 attempts over")
        .and.contain("server error (5xx)")
        .and.not.contain(PERMISSIONS_HINT);
    });

    it("a name that does not resolve (DNS): the network hint", async () => {
      // `.invalid` never resolves (RFC 6761).
      process.env.AWS_ENDPOINT_URL_CONFIG_SERVICE = "http://config.invalid";
      const m = org.members[1];
      const error = await failureOf(provider.create(recorderInputs(m, "eu-west-3", org.bucket)));
      expect(error.message)
        .to.match(/Describe(ConfigurationRecorders|DeliveryChannels) failed/)
        .and.contain(`account \`${m.id}\``)
        .and.contain("region `eu-west-3`")
        .and.contain("(ENOTFOUND)")
        .and.contain("(2 attempts over")
        .and.contain("its name did not resolve")
        .and.not.contain(PERMISSIONS_HINT);
    });

    it("a connection reset on every attempt: the network hint", async () => {
      inject({ apis: ["DescribeConfigurationRecorders", "DescribeDeliveryChannels"], fault: "reset" });
      const error = await failureOf(provider.create(recorderInputs(org.members[1], "us-west-1", org.bucket)));
      expect(error.message)
        .to.contain("region `us-west-1`")
        .and.contain("(ECONNRESET)")
        .and.contain("(2 attempts over")
        .and.contain("connection refused or reset");
    });

    it("an HTML body: the unparseable-response hint", async () => {
      inject({ apis: ["DescribeConfigurationRecorders", "DescribeDeliveryChannels"], fault: "html" });
      const m = org.members[0];
      const error = await failureOf(provider.create(recorderInputs(m, "us-west-2", org.bucket)));
      expect(error.message)
        .to.match(/Describe(ConfigurationRecorders|DeliveryChannels) failed/)
        .and.contain(`account \`${m.id}\``)
        .and.contain("region `us-west-2`")
        .and.contain("SyntaxError")
        .and.contain("not an AWS response")
        .and.not.contain(PERMISSIONS_HINT);
    });

    it("UnrecognizedClientException outside opt-in regions: the credentials hint; inside one: region not enabled", async () => {
      inject({ apis: ["DescribeConfigurationRecorders", "DescribeDeliveryChannels"], fault: "unrecognized-client" });
      const m = org.members[0];
      const regular = await failureOf(provider.create(recorderInputs(m, "us-east-2", org.bucket)));
      expect(isPlaceOperationError(regular)).to.equal(true);
      expect(regular.message)
        .to.contain("region `us-east-2`")
        .and.contain("UnrecognizedClientException")
        .and.contain(`AWS does not accept the credentials of the role \`${m.roleArn}\``)
        .and.not.contain(PERMISSIONS_HINT);
      const optIn = await failureOf(provider.create(recorderInputs(m, "af-south-1", org.bucket)));
      expect(isRegionNotEnabledError(optIn)).to.equal(true);
      expect(optIn.message).to.contain(`\`af-south-1\` is not enabled in account \`${m.id}\``);
    });

    it("access denied names the action and the role", async () => {
      inject({ apis: ["PutConfigurationRecorder"], fault: "access-denied" });
      const m = org.members[1];
      const error = await failureOf(provider.create(recorderInputs(m, "eu-central-1", org.bucket)));
      expect(error.message)
        .to.contain(`account \`${m.id}\` region \`eu-central-1\``)
        .and.contain("AccessDeniedException")
        .and.contain(`The role \`${m.roleArn}\` may not call \`config:PutConfigurationRecorder\``);
    });

    it("throttling on a seeded 30% of Config calls is retried to convergence", async () => {
      process.env.AWS_MAX_ATTEMPTS = "8";
      inject({
        apis: ["StarlingDoveService.*"],
        fault: "throttle",
        fraction: 0.3,
      });
      const { outs } = await provider.create(recorderInputs(org.members[0], "ap-northeast-3", org.bucket));
      expect(outs?.createAction).to.equal("create");
      expect(Object.values(proxy.injected()).reduce((a, b) => a + b, 0)).to.be.greaterThan(0);
      await expectRecording(org.members[0], "ap-northeast-3");
    });
  });
});
