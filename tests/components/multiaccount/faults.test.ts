/**
 * Faults, each where moto cannot produce it written down and simulated:
 * - denied AssumeRole: moto does not evaluate trust policies or SCPs, so STS is stubbed
 *   (aws-sdk-client-mock) for one role and passed through to moto for the others;
 * - throttling: moto never throttles; a loopback proxy in front of it (tests/helpers/faultProxy.ts)
 *   answers the first Config requests with ThrottlingException and the SDK's real retry path runs;
 * - missing bucket: moto accepts any bucket name, so Config is stubbed to answer
 *   NoSuchBucketException as AWS does;
 * - opt-in region not enabled: moto serves every region; Config is stubbed to answer
 *   UnrecognizedClientException as a disabled region does.
 */
import {
  ConfigServiceClient,
  DeleteConfigurationRecorderCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StopConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service";
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { configRecorderProvider as provider } from "../../../components/multiaccount/lifecycles/configRecorder";
import { isAssumeRoleDeniedError, isPlaceOperationError, isRegionNotEnabledError, type AssumeRoleDeniedError } from "../../../components/multiaccount/errors";
import { clearSessionCache } from "../../../components/multiaccount/session";
import { recordCalls, recorderInputs } from "./support/inputs";
import { configClientIn, type TestOrg, useMotoOrganization } from "./support/org";
import { startFaultProxy } from "../../helpers/faultProxy";

const MANAGEMENT = "123456789012";
/** Every AWS Config API (its JSON target prefix). */
const CONFIG_APIS = ["StarlingDoveService.*"];
const stubConfig = () => mockClient(ConfigServiceClient);
const stubSts = () => mockClient(STSClient);
const stubSsm = () => mockClient(SSMClient);

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("faults", function () {
  this.timeout(60_000);

  describe("against moto", () => {
    let org: TestOrg;
    const moto = useMotoOrganization(3, (created) => (org = created));
    afterEach(() => clearSessionCache());

    it("fails only the account whose AssumeRole is denied, naming it, and keeps the others' results", async () => {
      const denied = org.members[1];
      const sts = mockClient(STSClient);
      try {
        const realSend = (sts.send as unknown as { wrappedMethod: (command: unknown) => Promise<unknown> }).wrappedMethod;
        sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }, getClient) => {
          if (input.RoleArn === denied.roleArn) {
            const error = new Error(
              `User: arn:aws:iam::${MANAGEMENT}:user/deployer is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
            );
            return Promise.reject(Object.assign(error, { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }));
          }
          return realSend.call(getClient(), new AssumeRoleCommand(input as never));
        });
        const results = await Promise.allSettled(org.members.map((m) => provider.create(recorderInputs(m, "eu-west-1", org.bucket))));
        expect(results.map((r) => r.status)).to.deep.equal(["fulfilled", "rejected", "fulfilled"]);
        const error = (results[1] as PromiseRejectedResult).reason as AssumeRoleDeniedError;
        expect(isAssumeRoleDeniedError(error)).to.equal(true);
        expect(error.roleArn).to.equal(denied.roleArn);
        expect(error.message).to.contain(`\`${denied.id}\``).and.contain(`\`${denied.roleArn}\``).and.contain("trust policy").and.contain("SCP");
      } finally {
        sts.restore();
      }
      for (const m of [org.members[0], org.members[2]]) {
        const client = await configClientIn(m.roleArn, "eu-west-1");
        const status = await client.send(new DescribeConfigurationRecorderStatusCommand({}));
        expect(status.ConfigurationRecordersStatus?.map((s) => s.recording)).to.deep.equal([true]);
      }
    });

    it("retries throttled Config calls with backoff and succeeds", async () => {
      const proxy = await startFaultProxy(moto.server.endpoint, { rules: [{ apis: CONFIG_APIS, fault: "throttle", count: 2 }] });
      process.env.AWS_ENDPOINT_URL_CONFIG_SERVICE = proxy.endpoint;
      // Standard mode keeps the test quick; the default, adaptive, also paces later calls after a throttle.
      process.env.AWS_RETRY_MODE = "standard";
      clearSessionCache();
      const rec = recordCalls();
      try {
        const m = org.members[0];
        const { outs } = await provider.create(recorderInputs(m, "ap-northeast-1", org.bucket));
        expect(outs?.createAction).to.equal("create");
        const retries = rec.calls.filter((c) => c.service === "config").reduce((sum, c) => sum + c.attempts - 1, 0);
        expect(Object.values(proxy.injected()).reduce((a, b) => a + b, 0)).to.equal(2);
        expect(retries).to.equal(2);
        // Every Config call succeeded (the takeover record's first GetParameter answers ParameterNotFound).
        expect(rec.calls.filter((c) => c.service !== "ssm").every((c) => c.ok)).to.equal(true);
      } finally {
        rec.stop();
        delete process.env.AWS_ENDPOINT_URL_CONFIG_SERVICE;
        delete process.env.AWS_RETRY_MODE;
        await proxy.close();
      }
    });

    it("gives up on endless throttling with the place named and the concurrency knobs to turn", async () => {
      const proxy = await startFaultProxy(moto.server.endpoint, { rules: [{ apis: CONFIG_APIS, fault: "throttle" }] });
      process.env.AWS_ENDPOINT_URL_CONFIG_SERVICE = proxy.endpoint;
      process.env.AWS_MAX_ATTEMPTS = "2";
      process.env.AWS_RETRY_MODE = "standard";
      clearSessionCache();
      try {
        const m = org.members[2];
        const error = await failureOf(provider.create(recorderInputs(m, "ap-northeast-2", org.bucket)));
        expect(isPlaceOperationError(error)).to.equal(true);
        expect(error.message)
          .to.contain(`\`${m.id}\``)
          .and.contain("`ap-northeast-2`")
          .and.contain("ThrottlingException")
          .and.contain("`AWS_CONFIG_ORG_MAX_PER_ACCOUNT`");
      } finally {
        delete process.env.AWS_ENDPOINT_URL_CONFIG_SERVICE;
        delete process.env.AWS_MAX_ATTEMPTS;
        delete process.env.AWS_RETRY_MODE;
        await proxy.close();
      }
    });
  });

  describe("with Config stubbed (no moto)", () => {
    let config: ReturnType<typeof stubConfig>;
    let sts: ReturnType<typeof stubSts>;
    let ssm: ReturnType<typeof stubSsm>;
    before(() => {
      config = stubConfig();
      sts = stubSts();
      ssm = stubSsm();
    });
    beforeEach(() => {
      clearSessionCache();
      config.reset();
      sts.reset();
      ssm.reset();
      // The takeover record (components/multiaccount/placeRecord.ts): none yet, writes accepted.
      ssm.on(GetParameterCommand).rejects(Object.assign(new Error("Parameter not found"), { name: "ParameterNotFound" }));
      ssm.on(PutParameterCommand).resolves({ Version: 1 });
      ssm.on(DeleteParameterCommand).resolves({});
      sts.on(GetCallerIdentityCommand).resolves({ Account: MANAGEMENT, Arn: `arn:aws:iam::${MANAGEMENT}:user/deployer` });
    });
    after(() => {
      config.restore();
      sts.restore();
      ssm.restore();
      clearSessionCache();
    });

    it("explains a missing delivery bucket and removes the recorder it had just created", async () => {
      config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
      config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [] });
      config.on(PutConfigurationRecorderCommand).resolves({});
      config
        .on(PutDeliveryChannelCommand)
        .rejects(Object.assign(new Error("Cannot find a S3 bucket with an appropriate bucket policy."), { name: "NoSuchBucketException" }));
      config.on(StopConfigurationRecorderCommand).resolves({});
      config.on(DeleteConfigurationRecorderCommand).resolves({});
      const error = await failureOf(provider.create(recorderInputs({ id: MANAGEMENT }, "eu-west-1", "no-such-bucket")));
      expect(error.message).to.contain(`\`${MANAGEMENT}\``).and.contain("`eu-west-1`").and.contain("`no-such-bucket` does not exist").and.contain("create it");
      expect(config.commandCalls(DeleteConfigurationRecorderCommand).map((c) => c.args[0].input)).to.deep.equal([
        { ConfigurationRecorderName: "aws-config-org" },
      ]);
    });

    it("reports an opt-in region the account has not enabled, and only in opt-in regions", async () => {
      const unrecognized = () => Object.assign(new Error("The security token included in the request is invalid."), { name: "UnrecognizedClientException" });
      config.on(DescribeConfigurationRecordersCommand).callsFake(() => Promise.reject(unrecognized()));
      config.on(DescribeDeliveryChannelsCommand).callsFake(() => Promise.reject(unrecognized()));
      const optIn = await failureOf(provider.create(recorderInputs({ id: MANAGEMENT }, "af-south-1", "bucket")));
      expect(isRegionNotEnabledError(optIn)).to.equal(true);
      expect(optIn.message).to.contain("`af-south-1` is not enabled in account `123456789012`").and.contain("`regions`");
      const regular = await failureOf(provider.create(recorderInputs({ id: MANAGEMENT }, "eu-west-1", "bucket")));
      expect(isPlaceOperationError(regular)).to.equal(true);
      expect(regular.message).to.contain("UnrecognizedClientException");
    });
  });
});
