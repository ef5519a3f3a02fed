/**
 * Error kinds from the shapes the SDK gives (seen against moto behind tests/helpers/faultProxy.ts:
 * a reset arrives as `TimeoutError` with code `ECONNRESET`, a 500 without a code as `Unknown`,
 * an HTML body as the deserializer's `SyntaxError`). The fault suite (faultsNet.test.ts) runs
 * the real paths; this pins the table, including kinds no proxy can produce.
 */
import { expect } from "chai";
import { errorKind, isExpiredCredentials, placeError } from "../../../components/multiaccount/awsErrors";

const sdkError = (name: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(`${name} happened`), { name, ...fields });

describe("AWS error kinds", () => {
  const cases: [string, Error, string | undefined, string][] = [
    ["throttling after retries", sdkError("ThrottlingException", { $metadata: { httpStatusCode: 400, attempts: 8 } }), "eu-west-1", "throttled"],
    ["HTTP 429", sdkError("TooManyRequests", { $metadata: { httpStatusCode: 429 } }), "eu-west-1", "throttled"],
    ["a request timeout", sdkError("TimeoutError", { code: "ETIMEDOUT" }), "eu-west-1", "timed-out"],
    ["a reset (the SDK names it TimeoutError)", sdkError("TimeoutError", { code: "ECONNRESET" }), "eu-west-1", "network"],
    ["DNS", sdkError("Error", { code: "ENOTFOUND" }), "eu-west-1", "network"],
    ["500 without a code", sdkError("Unknown", { $metadata: { httpStatusCode: 500 } }), "eu-west-1", "service-error"],
    ["503", sdkError("ServiceUnavailableException", { $metadata: { httpStatusCode: 503 } }), "eu-west-1", "service-error"],
    ["an HTML body", sdkError("SyntaxError", { $metadata: { httpStatusCode: 200 } }), "eu-west-1", "unparseable-response"],
    ["ExpiredTokenException", sdkError("ExpiredTokenException"), "eu-west-1", "credentials-expired"],
    ["ExpiredToken (query protocol)", sdkError("ExpiredToken"), undefined, "credentials-expired"],
    ["UnrecognizedClientException outside opt-in regions", sdkError("UnrecognizedClientException"), "eu-west-1", "credentials-invalid"],
    ["UnrecognizedClientException in an opt-in region", sdkError("UnrecognizedClientException"), "af-south-1", "region-not-enabled"],
    ["InvalidClientTokenId in an opt-in region", sdkError("InvalidClientTokenId"), "me-central-1", "region-not-enabled"],
    ["no credentials at all", sdkError("CredentialsProviderError"), "eu-west-1", "credentials-missing"],
    ["access denied", sdkError("AccessDeniedException", { $metadata: { httpStatusCode: 403 } }), "eu-west-1", "access-denied"],
    ["anything else", sdkError("InvalidParameterValueException", { $metadata: { httpStatusCode: 400 } }), "eu-west-1", "other"],
  ];
  for (const [what, error, region, kind] of cases) {
    it(`${what}: ${kind}`, () => expect(errorKind(error, region)).to.equal(kind));
  }

  it("only an expired or rejected session token calls for a new AssumeRole, and not in a disabled opt-in region", () => {
    expect(isExpiredCredentials(sdkError("ExpiredTokenException"), "eu-west-1")).to.equal(true);
    expect(isExpiredCredentials(sdkError("InvalidClientTokenId"), "eu-west-1")).to.equal(true);
    expect(isExpiredCredentials(sdkError("UnrecognizedClientException"), "af-south-1")).to.equal(false);
    expect(isExpiredCredentials(sdkError("AccessDeniedException"), "eu-west-1")).to.equal(false);
    expect(isExpiredCredentials(sdkError("ThrottlingException"), "eu-west-1")).to.equal(false);
  });

  it("a caller's hint for a specific error wins over the kind's; the message names account, region and API", () => {
    const error = placeError("PutDeliveryChannel `x`", "111111111111", "eu-west-1", sdkError("NoSuchBucketException", { $metadata: { httpStatusCode: 400 } }), {
      NoSuchBucketException: "Create the bucket",
    });
    expect(error.message).to.contain("PutDeliveryChannel `x` failed in account `111111111111` region `eu-west-1`").and.contain("Create the bucket");
  });

  it("access denied names the role and, without the call's context (a stubbed client), the action from the operation text", () => {
    const error = placeError(
      "GetRole `r`",
      "111111111111",
      undefined,
      sdkError("AccessDenied", { $metadata: { httpStatusCode: 403 } }),
      {},
      "arn:aws:iam::111111111111:role/Deploy",
    );
    expect(error.message)
      .to.contain("GetRole `r` failed in account `111111111111`")
      .and.contain("The role `arn:aws:iam::111111111111:role/Deploy` may not call `GetRole`");
  });
});
