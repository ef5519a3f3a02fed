/**
 * tools/engine/provision's choices, with fake `pulumi` binaries on a PATH of the test's
 * own: a CLI on PATH at or above the minimum is used as it is, an older one is not, and a
 * machine with neither a usable CLI nor Go gets one line that says what to install.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

import { PROJECT_ROOT } from "./pulumiCli";

const PROVISION = path.join(PROJECT_ROOT, "tools", "engine", "provision");

describe("tools/engine/provision", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "provision-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A PATH with bash and node, and the given fake `pulumi` (and its language host). */
  function fakePath(version?: string): string {
    const bin = path.join(dir, "bin");
    mkdirSync(bin, { recursive: true });
    for (const tool of ["bash", "node", "dirname", "readlink", "sort", "head"]) {
      const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
      symlinkSync(found, path.join(bin, tool));
    }
    if (version) {
      writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho ${version}\n`);
      writeFileSync(path.join(bin, "pulumi-language-nodejs"), "#!/bin/sh\n");
      chmodSync(path.join(bin, "pulumi"), 0o755);
      chmodSync(path.join(bin, "pulumi-language-nodejs"), 0o755);
    }
    return bin;
  }

  function provision(bin: string) {
    return spawnSync(path.join(bin, "bash"), [PROVISION], {
      encoding: "utf8",
      env: {
        PATH: bin,
        HOME: dir,
        XDG_CACHE_HOME: path.join(dir, "cache"),
        PULUMI_HOME: path.join(dir, "pulumi-home"),
        AWS_CONFIG_ORG_ENGINE_NO_DOWNLOAD: "1",
      },
    });
  }

  it("uses a pulumi on PATH at or above the minimum, as it is", () => {
    const bin = fakePath("v3.280.1");
    const r = provision(bin);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim().split("\n").pop()).to.equal(bin);
  });

  it("passes over an older pulumi, and without Go says in one line what to install", () => {
    const r = provision(fakePath("v3.100.0"));
    expect(r.status).to.equal(1);
    expect(r.stderr).to.include("older than 3.265.0");
    const last = r.stderr.trim().split("\n").pop()!;
    expect(last).to.match(/^engine: no Pulumi CLI: install it .*or install Go/);
    expect(r.stdout).to.equal("");
  });
});
