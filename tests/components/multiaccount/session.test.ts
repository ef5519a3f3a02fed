/**
 * The session layer with STS mocked (aws-sdk-client-mock): caching, refresh, session names,
 * typed denial, caller checks, client settings. The real AssumeRole path runs against moto
 * in configRecorder.moto.test.ts.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  clearSessionCache,
  clientConfig,
  credentialsFor,
  isAssumeRoleDeniedError,
  isCallerAccountMismatchError,
  sessionName,
  type AssumeRoleDeniedError,
} from "../../../components/multiaccount/session";

const ACCOUNT = "210987654321";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`;

function credentials(expiresInMs: number) {
  return {
    Credentials: { AccessKeyId: `ASIA${expiresInMs}`, SecretAccessKey: "secret", SessionToken: "token", Expiration: new Date(Date.now() + expiresInMs) },
  };
}

const stubSts = () => mockClient(STSClient);

describe("session: credentials per account", () => {
  // Created in `before`, not at load time: a stub made while mocha loads files would leak into other files' tests.
  let sts: ReturnType<typeof stubSts>;
  const TOUCHED = ["AWS_REGION", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_CONFIG_ORG_OPERATOR"] as const;
  const savedEnv = Object.fromEntries(TOUCHED.map((key) => [key, process.env[key]]));

  before(() => {
    sts = stubSts();
  });
  beforeEach(() => {
    sts.reset();
    clearSessionCache();
    process.env.AWS_REGION = "us-east-1";
    delete process.env.AWS_MAX_ATTEMPTS;
    delete process.env.AWS_RETRY_MODE;
  });
  after(() => {
    sts.restore();
    clearSessionCache();
    for (const key of TOUCHED) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });

  it("assumes each role once for many concurrent callers, with a session name that says who and why", async () => {
    process.env.AWS_CONFIG_ORG_OPERATOR = "ci bot";
    sts.on(AssumeRoleCommand).resolves(credentials(3600_000));
    const all = await Promise.all(
      Array.from({ length: 10 }, () => credentialsFor({ accountId: ACCOUNT, roleArn: ROLE, externalId: "ext-1", purpose: "create-recorder" })),
    );
    expect(new Set(all.map((c) => c?.accessKeyId)).size).to.equal(1);
    const calls = sts.commandCalls(AssumeRoleCommand);
    expect(calls).to.have.length(1);
    expect(calls[0].args[0].input).to.deep.include({ RoleArn: ROLE, ExternalId: "ext-1", RoleSessionName: "aws-config-org.ci-bot.create-recorder" });
    delete process.env.AWS_CONFIG_ORG_OPERATOR;
  });

  it("keeps session names within STS's 64 allowed characters", () => {
    const name = sessionName("a purpose/with:odd chars and a very long explanation of what is being done here");
    expect(name.length).to.be.at.most(64);
    expect(name).to.match(/^[\w+=,.@-]+$/);
  });

  it("refreshes credentials that expire within five minutes, and reuses fresher ones", async () => {
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce(credentials(4 * 60_000))
      .resolves(credentials(3600_000));
    const target = { accountId: ACCOUNT, roleArn: ROLE, purpose: "t" };
    const first = await credentialsFor(target);
    const second = await credentialsFor(target);
    const third = await credentialsFor(target);
    expect(first?.accessKeyId).to.not.equal(second?.accessKeyId);
    expect(third?.accessKeyId).to.equal(second?.accessKeyId);
    expect(sts.commandCalls(AssumeRoleCommand)).to.have.length(2);
  });

  it("fails a denied AssumeRole with the account, the role ARN and the likely fixes, once per account", async () => {
    const denied = Object.assign(
      new Error(`User: arn:aws:sts::123456789012:assumed-role/deployer/x is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`),
      {
        name: "AccessDenied",
      },
    );
    sts.on(AssumeRoleCommand).rejects(denied);
    const target = { accountId: ACCOUNT, roleArn: ROLE, purpose: "t" };
    let error: unknown;
    try {
      await credentialsFor(target);
    } catch (e) {
      error = e;
    }
    expect(isAssumeRoleDeniedError(error)).to.equal(true);
    expect(error).to.be.instanceOf(Error);
    const typed = error as AssumeRoleDeniedError;
    expect(typed.accountId).to.equal(ACCOUNT);
    expect(typed.roleArn).to.equal(ROLE);
    expect(typed.message).to.contain(`\`${ACCOUNT}\``).and.contain(`\`${ROLE}\``);
    expect(typed.hint).to.contain("exists").and.contain("trust policy").and.contain("SCP");
    await credentialsFor(target).catch(() => undefined);
    expect(sts.commandCalls(AssumeRoleCommand)).to.have.length(1);
  });

  it("remembers only denials: after a transient STS failure the next caller assumes the role again", async () => {
    const unavailable = Object.assign(new Error("Service unavailable"), { name: "ServiceUnavailable", $metadata: { httpStatusCode: 503, attempts: 8 } });
    sts.on(AssumeRoleCommand).rejectsOnce(unavailable).resolves(credentials(3600_000));
    const target = { accountId: ACCOUNT, roleArn: ROLE, purpose: "t" };
    const error = await credentialsFor(target).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.contain(`\`${ACCOUNT}\``).and.contain("ServiceUnavailable").and.contain("server error (5xx)");
    expect((await credentialsFor(target))?.accessKeyId).to.equal("ASIA3600000");
    expect(sts.commandCalls(AssumeRoleCommand)).to.have.length(2);
  });

  it("uses the caller's own credentials without a role, only for the caller's own account", async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/deployer" });
    expect(await credentialsFor({ accountId: "123456789012", purpose: "t" })).to.equal(undefined);
    let error: unknown;
    try {
      await credentialsFor({ accountId: ACCOUNT, purpose: "t" });
    } catch (e) {
      error = e;
    }
    expect(isCallerAccountMismatchError(error)).to.equal(true);
    expect((error as Error).message)
      .to.contain(`\`${ACCOUNT}\``)
      .and.contain("`123456789012`")
      .and.contain("`roleArn`");
    expect(sts.commandCalls(GetCallerIdentityCommand)).to.have.length(1);
  });

  it("gives SDK clients region, retry settings, timeouts and a credentials provider", async () => {
    sts.on(AssumeRoleCommand).resolves(credentials(3600_000));
    const config = await clientConfig({ accountId: ACCOUNT, roleArn: ROLE, purpose: "t" }, "eu-west-1");
    expect(config).to.deep.include({ region: "eu-west-1", maxAttempts: 8, retryMode: "adaptive" });
    expect(config.requestHandler).to.deep.equal({ connectionTimeout: 5000, requestTimeout: 20000, socketTimeout: 20000, throwOnRequestTimeout: true });
    expect((await config.credentials?.())?.accessKeyId).to.equal("ASIA3600000");
    process.env.AWS_MAX_ATTEMPTS = "3";
    process.env.AWS_RETRY_MODE = "standard";
    expect(await clientConfig({ accountId: ACCOUNT, roleArn: ROLE, purpose: "t" }, "eu-west-1")).to.deep.include({ maxAttempts: 3, retryMode: "standard" });
  });
});
