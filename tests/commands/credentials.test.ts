/**
 * No base credentials at all (issue 24 item 3): every live command says so in one line, with
 * how to provide them, and exits 2, before any per-account work.
 */
import { expect } from "chai";

import { main as costMain } from "../../commands/cost";
import { main as driftMain } from "../../commands/drift";
import { main as findMain } from "../../commands/find";
import { main as organizationMain } from "../../commands/organization";
import { main as policyConfigMain } from "../../commands/policyConfig";
import { main as preflightMain } from "../../commands/preflight";
import { main as reportMain } from "../../commands/report";
import { MissingCredentialsError, requireBaseCredentials } from "../../commands/lib/baseCredentials";
import { bufferIo } from "./fixtures";

/** What the SDK's default chain throws when no provider has anything. */
const noProviders = async () => {
  throw Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });
};
const baseCredentials = (what: string) => requireBaseCredentials(what, noProviders);
const untouched = async (): Promise<never> => {
  throw new Error("nothing past the credential check may run");
};

function expectOneCredentialsLine(err: string, command: string): void {
  const lines = err.trim().split("\n");
  expect(lines, err).to.have.length(1);
  expect(lines[0]).to.include(`error: \`${command}\` needs AWS credentials and none could be loaded`);
  for (const way of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "aws sso login", "`AWS_WEB_IDENTITY_TOKEN_FILE` (OIDC)"]) expect(lines[0]).to.include(way);
  expect(lines[0]).to.not.include("deployment role's permissions").and.not.include("error above");
}

describe("commands without base credentials (issue 24)", () => {
  const aggregatorDeps = { loadDeployment: untouched, aggregator: untouched, baseCredentials };
  const cases: [string, string[], (argv: string[], io: ReturnType<typeof bufferIo>["io"]) => Promise<number>][] = [
    ["preflight --stack prod", ["--stack", "prod"], (a, io) => preflightMain(a, io, { loadDeployment: untouched, inventoryPath: untouched, baseCredentials })],
    ["preflight --stack dev", ["--stack", "dev"], (a, io) => preflightMain(a, io, { loadDeployment: untouched, inventoryPath: untouched, baseCredentials })],
    ["report --stack prod", ["--stack", "prod"], (a, io) => reportMain(a, io, { ...aggregatorDeps, now: () => new Date(0) })],
    ["find --stack prod", ["--stack", "prod", "i-0abc"], (a, io) => findMain(a, io, aggregatorDeps)],
    ["cost --live --stack prod", ["--stack", "prod", "--live"], (a, io) => costMain(a, io, aggregatorDeps)],
    ["drift --stack prod", ["--stack", "prod"], (a, io) => driftMain(a, io, { loadDeployment: untouched, baseCredentials })],
  ];
  for (const [command, argv, run] of cases) {
    it(`\`${command}\`: one line, exit 2, nothing asked per account`, async () => {
      const b = bufferIo();
      expect(await run(argv, b.io)).to.equal(2);
      expectOneCredentialsLine(b.err(), command);
      expect(b.out()).to.equal("");
    });
  }

  it("`organization --stack prod` and `policy-config --live --stack prod`: the same line and code", async () => {
    const org = bufferIo();
    expect(
      await organizationMain(["--stack", "prod"], org.io, {
        organization: async (settings) => (await baseCredentials(`\`organization --stack ${settings.sources.stack}\``), untouched()),
      }),
    ).to.equal(2);
    expectOneCredentialsLine(org.err(), "organization --stack prod");
    const policy = bufferIo();
    expect(await policyConfigMain(["--stack", "prod", "--live", "--check"], policy.io, { baseCredentials })).to.equal(2);
    expectOneCredentialsLine(policy.err(), "policy-config --live --stack prod");
  });

  it("`policy-config --live` on a stack that lists its accounts needs no credentials and says the live organization was not needed", async () => {
    const b = bufferIo();
    expect(await policyConfigMain(["--stack", "dev", "--live"], b.io, { baseCredentials }), b.err()).to.equal(0);
    expect(b.out()).to.equal("wrote policies/config/dev.json (the stack lists its accounts: the live organization was not needed)\n");
  });

  it("`cost --counts` and the other offline paths never ask for credentials", async () => {
    const b = bufferIo();
    await costMain(["--stack", "dev", "--counts", "pricing/counts.example.yaml"], b.io, { loadDeployment: untouched, aggregator: untouched, baseCredentials });
    expect(b.err()).to.not.include("needs AWS credentials");
  });

  it("the real default chain with nothing to load is recognised as missing credentials", async () => {
    const saved = { ...process.env };
    try {
      for (const k of Object.keys(process.env)) if (k.startsWith("AWS_") && k !== "AWS_CA_BUNDLE") delete process.env[k];
      Object.assign(process.env, {
        AWS_CONFIG_FILE: "/nonexistent/config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
        AWS_EC2_METADATA_DISABLED: "true",
      });
      try {
        await requireBaseCredentials("`report --stack prod`");
        expect.fail("credentials were found");
      } catch (e) {
        expect(e).to.be.instanceOf(MissingCredentialsError);
      }
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
