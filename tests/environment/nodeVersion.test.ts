import * as path from "node:path";

import { expect } from "chai";

import { packageEngines, unsupportedNode } from "./nodeVersion";

describe("tests/environment: the Node the tests run on", () => {
  it("accepts the minimum major and newer", () => {
    expect(unsupportedNode("v22.0.0", ">=22")).to.equal(undefined);
    expect(unsupportedNode("v24.22.3", ">=22")).to.equal(undefined);
  });

  it("refuses an older Node and says how to get a newer one", () => {
    expect(unsupportedNode("v20.20.2", ">=22")).to.equal(
      'the tests run on Node >=22 and this is Node v20.20.2: put a newer Node first on PATH (`eval "$(scripts/use-node24)"`, see the README) and run them again',
    );
  });

  it("wants `engines.node` as `>=<major>`, and the package's is", () => {
    expect(unsupportedNode("v24.0.0", "^22 || ^24")).to.contain("write it as `>=<major>`");
    expect(packageEngines(path.join(__dirname, "..", ".."))).to.match(/^>=\d+$/);
  });
});
