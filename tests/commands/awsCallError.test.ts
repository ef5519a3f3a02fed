import { expect } from "chai";

import { adviceFor, awsCallError, AwsCallError } from "../../commands/lib/awsCallError";
import { errorKind, HOW_TO_PROVIDE_CREDENTIALS, isNoCredentialsAtAll, kindHint } from "../../components/multiaccount/awsErrors";

/** An SDK-shaped error. */
function sdkError(name: string, message = `${name} happened`, status?: number): Error {
  return Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });
}

describe("commands/lib/awsCallError: the commands' advice reads the provider's one classification", () => {
  const cases: Array<[string, Error, RegExp]> = [
    [
      "no credentials",
      sdkError("CredentialsProviderError", "Could not load credentials from any providers"),
      /^no AWS credentials were found: set `AWS_PROFILE`/,
    ],
    ["a chain that cannot locate credentials", sdkError("Error", "Unable to locate credentials"), /^no AWS credentials were found/],
    ["an HTML answer", sdkError("SyntaxError", "Unexpected token <", 200), /^the answer \(HTTP 200\) was not an AWS API response/],
    ["access denied", sdkError("AccessDeniedException"), /^access denied \(AccessDeniedException\)/],
    [
      "a message that says not authorized",
      sdkError("AuthorizationError", "User: x is not authorized to perform: sns:Publish"),
      /^access denied \(AuthorizationError\)/,
    ],
    ["an expired session", sdkError("ExpiredToken"), /^the credentials are not valid \(ExpiredToken\)/],
    // Not recognised before the classification was shared: fell through to the raw name and message.
    ["a key AWS does not know", sdkError("InvalidAccessKeyId"), /^the credentials are not valid \(InvalidAccessKeyId\)/],
    ["anything else", sdkError("LimitExceededException", "too many"), /^LimitExceededException: too many$/],
  ];
  for (const [what, error, advice] of cases) {
    it(`${what}: ${advice.source}`, () => expect(adviceFor(error)).to.match(advice));
  }

  it("the advice's kind is the provider's kind for the same error", () => {
    expect(errorKind(sdkError("InvalidAccessKeyId"))).to.equal("credentials-invalid");
    expect(errorKind(sdkError("Error", "Unable to locate credentials"))).to.equal("credentials-missing");
  });

  it("one text says how to provide credentials: the provider's hint and the commands' advice carry it alike", () => {
    expect(kindHint("credentials-missing", "sts:GetCallerIdentity", undefined, "123456789012", undefined)).to.include(HOW_TO_PROVIDE_CREDENTIALS);
    expect(adviceFor(sdkError("CredentialsProviderError", "Could not load credentials from any providers"))).to.include(HOW_TO_PROVIDE_CREDENTIALS);
  });

  it("no credentials at all is narrower than the kind: an expired SSO profile keeps the SDK's own words", () => {
    expect(isNoCredentialsAtAll(sdkError("CredentialsProviderError", "Could not load credentials from any providers"))).to.equal(true);
    expect(isNoCredentialsAtAll(sdkError("CredentialsProviderError", "The SSO session associated with this profile has expired"))).to.equal(false);
  });

  it("names the API, the account and the region of the call", () => {
    const error = awsCallError(
      { api: "config:DescribeConfigurationAggregators", accountId: "111122223333", region: "eu-west-1" },
      sdkError("AccessDeniedException"),
    );
    expect(error).to.be.instanceOf(AwsCallError);
    expect(error.message).to.match(/^config:DescribeConfigurationAggregators in account 111122223333 region eu-west-1 failed: access denied/);
  });
});
