import { expect } from "chai";
import { clientTransport, DEFAULT_PROVIDER_SETTINGS, providerSettings } from "../../../components/multiaccount/providerSettings";

describe("provider settings (concurrency, retries, timeouts)", () => {
  it("defaults every setting when nothing is set, or a variable is empty", () => {
    expect(providerSettings({})).to.deep.equal({
      maxPerAccount: 4,
      maxTotal: 32,
      maxAttempts: 8,
      retryMode: "adaptive",
      connectTimeoutMs: 5_000,
      requestTimeoutMs: 20_000,
    });
    expect(providerSettings({ AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS: "" })).to.deep.equal(DEFAULT_PROVIDER_SETTINGS);
  });

  it("reads each variable", () => {
    const settings = providerSettings({
      AWS_CONFIG_ORG_MAX_PER_ACCOUNT: "2",
      AWS_CONFIG_ORG_MAX_TOTAL: "10",
      AWS_MAX_ATTEMPTS: "3",
      AWS_RETRY_MODE: "standard",
      AWS_CONFIG_ORG_CONNECT_TIMEOUT_MS: "1000",
      AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS: "45000",
    });
    expect(settings).to.deep.equal({ maxPerAccount: 2, maxTotal: 10, maxAttempts: 3, retryMode: "standard", connectTimeoutMs: 1000, requestTimeoutMs: 45000 });
  });

  it("rejects every bad value in one error, naming each variable, what it accepts and its default", () => {
    const read = () =>
      providerSettings({
        AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS: "0",
        AWS_CONFIG_ORG_CONNECT_TIMEOUT_MS: "5s",
        AWS_MAX_ATTEMPTS: "100",
        AWS_RETRY_MODE: "fast",
      });
    expect(read).to.throw("4 problems");
    expect(read).to.throw("`AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS` must be an integer from 1 to 600000 (milliseconds), got `0`; unset it to use 20000");
    expect(read).to.throw("`AWS_CONFIG_ORG_CONNECT_TIMEOUT_MS` must be an integer from 1 to 600000 (milliseconds), got `5s`; unset it to use 5000");
    expect(read).to.throw("`AWS_MAX_ATTEMPTS` must be an integer from 1 to 20, got `100`; unset it to use 8");
    expect(read).to.throw("`AWS_RETRY_MODE` must be one of `standard`, `adaptive`, `legacy`, got `fast`; unset it to use adaptive");
  });

  it("gives every client connection, request and socket timeouts that throw, so a stalled attempt is retried", () => {
    expect(clientTransport(providerSettings({ AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS: "700", AWS_CONFIG_ORG_CONNECT_TIMEOUT_MS: "300" }))).to.deep.equal({
      maxAttempts: 8,
      retryMode: "adaptive",
      requestHandler: { connectionTimeout: 300, requestTimeout: 700, socketTimeout: 700, throwOnRequestTimeout: true },
    });
  });
});
