/** Messages that were half right (issue 24 item 5): each names the key, the value and the fix. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";

import { bucketNameProblems } from "../../aws/s3Names";
import { ConfigError } from "../../config/errors";
import { parseStack } from "../../config/pipeline";
import { readStackConfigFile } from "../../config/sources";
import { expectOneProblem, inventory, problemsFrom, sources } from "../helpers/stackSources";

const devProblems = (overrides: Record<string, unknown>) => problemsFrom(() => parseStack("dev", { overrides }));

describe("config messages that say which, where and how (issue 24)", () => {
  it("a repeated region is named, with both positions", () => {
    expectOneProblem(
      sources({ regions: ["us-east-1", "eu-west-1", "us-east-1"] }, inventory([])),
      "stack config `aws-config-org:regions` lists `us-east-1` twice (entries 1 and 3): remove the repeat",
    );
  });

  it("a misspelt managed rule identifier gets a did-you-mean from the catalog", () => {
    const problems = devProblems({ "aws-config-org:packs": [{ name: "typo", template: "tests/fixtures/templates/invalid-misspelt-identifier.yaml" }] });
    expect(problems.join("\n"))
      .to.include("rule `cloudtrail-enabled` names `CLOUD_TRAIL_ENABLD`, which is not an AWS Config managed rule identifier")
      .and.include("did you mean `CLOUD_TRAIL_ENABLED`");
  });

  it("`enabled: yes` says to write `true`, `off` to write `false`", () => {
    expectOneProblem(
      sources({ tamperProtection: { enabled: "yes", targets: ["r-ab12"] } }, inventory([])),
      'stack config `aws-config-org:tamperProtection.enabled` is the string "yes", not a boolean: write `true`',
    );
    expectOneProblem(
      sources({ ownsCentral: "off" }, inventory([])),
      'stack config `aws-config-org:ownsCentral` is the string "off", not a boolean: write `false`',
    );
  });

  it("an email endpoint with a trailing space points at the space", () => {
    expectOneProblem(
      sources({ notifications: { subscriptions: [{ protocol: "email", endpoint: "security@example.com " }] } }, inventory([])),
      'stack config `aws-config-org:notifications.subscriptions[0].endpoint` is "security@example.com ", with a space at the end: remove it (write `security@example.com`)',
    );
  });

  it("`regions` as a string and `subscriptions` as a map show the list they should be", () => {
    expect(devProblems({ "aws-config-org:regions": "us-east-1" })).to.include(
      'stack config `aws-config-org:regions` must be a list, not the single value "us-east-1": write `regions: [us-east-1]`, or one `- us-east-1` line per entry under `regions:`',
    );
    expect(
      devProblems({ "aws-config-org:notifications": { subscriptions: { security: { protocol: "email", endpoint: "security@example.com" } } } }),
    ).to.include(
      "stack config `aws-config-org:notifications.subscriptions` must be a list, not a mapping (with keys `security`): write `subscriptions:` then `- protocol: …, endpoint: …` per entry, without the names above the entries",
    );
  });

  it("a bucket name S3 refuses says which naming rule it breaks", () => {
    const problem = expectOneProblem(
      sources({ delivery: { bucketName: "Config_Logs" } }, inventory([])),
      "stack config `aws-config-org:delivery.bucketName` is `Config_Logs`, which S3 refuses",
    );
    expect(problem).to.include("only lowercase letters, digits, `.` and `-`, not `C`, `_`, `L` (write it in lower case)").and.include("bucketnamingrules.html");
    expect(bucketNameProblems("ab")).to.deep.equal(["a bucket name has 3 to 63 characters, this one 2"]);
    expect(bucketNameProblems("config..logs")).to.deep.equal(["a bucket name has no two adjacent periods (`..`)"]);
    expect(bucketNameProblems("10.0.0.1")).to.deep.equal(["a bucket name is not formatted as an IP address"]);
    expect(bucketNameProblems("-config-logs")).to.deep.equal(["a bucket name begins and ends with a letter or a digit"]);
    expect(bucketNameProblems("xn--config")).to.deep.equal(["a bucket name does not begin with `xn--` (reserved by S3)"]);
    expect(bucketNameProblems("config-s3alias")).to.deep.equal(["a bucket name does not end with `-s3alias` (reserved by S3)"]);
    expect(bucketNameProblems("aws-config-org-111111111111-us-east-1")).to.deep.equal([]);
  });

  it("a repeated key in Pulumi.<stack>.yaml is named, with both lines", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "duplicate-key-"));
    try {
      fs.writeFileSync(
        path.join(dir, "Pulumi.x.yaml"),
        "config:\n  aws-config-org:homeRegion: us-east-1\n  aws-config-org:regions: [us-east-1]\n  aws-config-org:homeRegion: eu-west-1\n",
      );
      expect(() => readStackConfigFile(dir, "x")).to.throw(
        ConfigError,
        "Pulumi.x.yaml repeats the key `aws-config-org:homeRegion` (line 4, first on line 2): keep one of them (YAML keeps only the last)",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
