/**
 * How the tests find or provision moto and cfn-lint (pythonTools.ts), with
 * stand-in `python3`, venv `python` and `cfn-lint` executables on a temporary
 * PATH. Each records its calls, so a test sees whether a virtual environment
 * was made and pip was run; none reaches a network.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { expect } from "chai";

import { readPins, resolveCfnLint, resolveMoto, TestToolsError, VENV_DIR, type ToolsContext } from "./pythonTools";

/** The machine's python3: imports moto at $FAKE_SYSTEM_MOTO (or not at all) and makes venvs. */
const SYSTEM_PYTHON = `#!/bin/sh
echo "python3 $*" >> "$FAKE_LOG"
if [ "$1" = "-c" ]; then
  [ -n "$FAKE_SYSTEM_MOTO" ] && { echo "$FAKE_SYSTEM_MOTO"; exit 0; }
  echo "ModuleNotFoundError: No module named 'moto'" >&2; exit 1
fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  [ -n "$FAKE_NO_VENV" ] && { echo "The virtual environment was not created successfully because ensurepip is not available." >&2; exit 1; }
  /bin/mkdir -p "$4/bin" && /bin/cp "$FAKE_TEMPLATES/venv-python" "$4/bin/python" && exit 0
fi
exit 64
`;

/** A venv's python: imports moto once pip has installed it; pip fails when $FAKE_PIP_FAIL is set. */
const VENV_PYTHON = `#!/bin/sh
bin="\${0%/*}"
echo "venv-python $*" >> "$FAKE_LOG"
if [ "$1" = "-c" ]; then
  [ -f "$bin/../fake-moto" ] && { /bin/cat "$bin/../fake-moto"; exit 0; }
  echo "ModuleNotFoundError: No module named 'moto'" >&2; exit 1
fi
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  [ -n "$FAKE_PIP_FAIL" ] && { echo "ERROR: Could not find a version that satisfies the requirement moto[server]==9.9.1 (from versions: none)" >&2; exit 1; }
  echo "$FAKE_VENV_MOTO" > "$bin/../fake-moto" && /bin/cp "$FAKE_TEMPLATES/venv-cfn-lint" "$bin/cfn-lint" && exit 0
fi
exit 64
`;

const cfnLintPrinting = (version: string) => `#!/bin/sh\necho "cfn-lint ${version}"\n`;

/** The error `fn` throws, which must be a TestToolsError. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(TestToolsError);
    return (error as Error).message;
  }
  throw new Error("expected a TestToolsError");
}

const PINS = "# test pins\nmoto[server]==9.9.1\ncfn-lint==8.8.8\n";

describe("tests/environment: finding or provisioning moto and cfn-lint", () => {
  let tmp: string;
  let root: string;
  let bin: string;
  let templates: string;
  let logFile: string;
  let requirementsFile: string;
  let progress: string[];

  function write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode: 0o755 });
  }

  function context(vars: Record<string, string> = {}): ToolsContext {
    return {
      root,
      requirementsFile,
      env: { PATH: bin, FAKE_LOG: logFile, FAKE_TEMPLATES: templates, FAKE_VENV_MOTO: "9.9.1", ...vars },
      log: (line) => progress.push(line),
    };
  }

  const calls = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").trim().split("\n") : []);
  const pipCalls = () => calls().filter((c) => c.startsWith("venv-python -m pip install"));
  const venv = (...parts: string[]) => path.join(root, VENV_DIR, ...parts);

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "python-tools-"));
    root = path.join(tmp, "project");
    bin = path.join(tmp, "bin");
    templates = path.join(tmp, "templates");
    logFile = path.join(tmp, "calls.log");
    requirementsFile = path.join(root, "requirements.txt");
    progress = [];
    write(requirementsFile, PINS);
    fs.mkdirSync(bin, { recursive: true });
    write(path.join(templates, "venv-python"), VENV_PYTHON);
    write(path.join(templates, "venv-cfn-lint"), cfnLintPrinting("8.8.8"));
  });

  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("uses the machine's python3 and cfn-lint when they are the pinned versions, and makes no environment", () => {
    write(path.join(bin, "python3"), SYSTEM_PYTHON);
    write(path.join(bin, "cfn-lint"), cfnLintPrinting("8.8.8"));
    const ctx = context({ FAKE_SYSTEM_MOTO: "9.9.1" });
    expect(resolveMoto(ctx)).to.deep.equal({ command: path.join(bin, "python3"), version: "9.9.1", source: "machine" });
    expect(resolveCfnLint(ctx)).to.deep.equal({ command: path.join(bin, "cfn-lint"), version: "8.8.8", source: "machine" });
    expect(fs.existsSync(venv())).to.equal(false);
    expect(calls())
      .to.have.length(1)
      .and.satisfy((c: string[]) => c[0]!.startsWith("python3 -c "));
    expect(progress).to.deep.equal([]);
  });

  it("creates .venv-tools with the machine's python3 when moto is missing, installs the pins once, and reuses it", () => {
    write(path.join(bin, "python3"), SYSTEM_PYTHON);
    const moto = resolveMoto(context());
    expect(moto).to.deep.equal({ command: venv("bin", "python"), version: "9.9.1", source: "venv" });
    expect(calls()).to.include(`python3 -m venv --clear ${venv()}`);
    expect(pipCalls()).to.have.length(1);
    expect(pipCalls()[0]).to.contain(`-r ${requirementsFile}`);
    expect(progress).to.have.length(1);
    expect(progress[0]).to.contain("python3").and.contain(`creating ${VENV_DIR}/`).and.contain("requirements.txt");
    expect(fs.readFileSync(venv("installed-requirements.txt"), "utf8")).to.equal(PINS);

    // No cfn-lint on PATH: the same environment serves it, without installing again.
    expect(resolveCfnLint(context())).to.deep.equal({ command: venv("bin", "cfn-lint"), version: "8.8.8", source: "venv" });
    expect(resolveMoto(context())).to.deep.equal(moto);
    expect(pipCalls()).to.have.length(1);
  });

  it("prefers the pinned environment over a machine moto of another version, and says why", () => {
    write(path.join(bin, "python3"), SYSTEM_PYTHON);
    expect(resolveMoto(context({ FAKE_SYSTEM_MOTO: "5.1.0" })).source).to.equal("venv");
    expect(progress[0]).to.contain("the machine's moto is 5.1.0, not the pinned 9.9.1");
  });

  it("prefers the pinned environment over a machine cfn-lint of another version", () => {
    write(path.join(bin, "python3"), SYSTEM_PYTHON);
    write(path.join(bin, "cfn-lint"), cfnLintPrinting("1.0.0"));
    expect(resolveCfnLint(context()).command).to.equal(venv("bin", "cfn-lint"));
    expect(progress[0]).to.contain("the machine's cfn-lint is 1.0.0, not the pinned 8.8.8");
  });

  it("says Python 3 is needed, and how to install it, when there is no python3 on PATH", () => {
    const message = errorOf(() => resolveMoto(context()));
    expect(message).to.match(
      /^Python 3 is not on PATH \(no `python3`\), and the tests need it: moto 9\.9\.1 and cfn-lint 8\.8\.8 \(requirements\.txt\) are Python tools/,
    );
    expect(message).to.contain("Install Python 3.9 or newer with its venv module (Debian/Ubuntu: `apt-get install python3 python3-venv`");
    expect(message).to.contain("nothing globally");
    expect(fs.existsSync(venv())).to.equal(false);
  });

  it("says pip could not reach its index, leaves the environment unmarked, and tries again next time", () => {
    write(path.join(bin, "python3"), SYSTEM_PYTHON);
    const message = errorOf(() => resolveMoto(context({ FAKE_PIP_FAIL: "1" })));
    expect(message).to.contain("pip could not install requirements.txt (moto 9.9.1 and cfn-lint 8.8.8) into .venv-tools/");
    expect(message).to.contain("Could not find a version that satisfies the requirement").and.contain("set PIP_INDEX_URL");
    expect(fs.existsSync(venv("installed-requirements.txt"))).to.equal(false);
    expect(resolveMoto(context()).source).to.equal("venv");
    expect(pipCalls()).to.have.length(2);
  });

  it("names the missing venv module when python3 cannot make an environment", () => {
    write(path.join(bin, "python3"), SYSTEM_PYTHON);
    const message = errorOf(() => resolveCfnLint(context({ FAKE_NO_VENV: "1" })));
    expect(message).to.contain("ensurepip is not available").and.contain("on Debian/Ubuntu `apt-get install python3-venv`");
  });

  it("refuses an environment whose install does not report the pinned versions", () => {
    write(path.join(bin, "python3"), SYSTEM_PYTHON);
    expect(errorOf(() => resolveMoto(context({ FAKE_VENV_MOTO: "9.9.0" })))).to.contain("its moto is 9.9.0, not the pinned 9.9.1: remove .venv-tools/");
    expect(fs.existsSync(venv("installed-requirements.txt"))).to.equal(false);
  });

  it("installs again when the pins change", () => {
    write(path.join(bin, "python3"), SYSTEM_PYTHON);
    resolveMoto(context());
    const newPins = PINS.replace("9.9.1", "9.9.2");
    fs.writeFileSync(requirementsFile, newPins);
    expect(resolveMoto(context({ FAKE_VENV_MOTO: "9.9.2" })).version).to.equal("9.9.2");
    expect(pipCalls()).to.have.length(2);
    expect(fs.readFileSync(venv("installed-requirements.txt"), "utf8")).to.equal(newPins);
  });

  it("wants every tool pinned to one exact version", () => {
    write(requirementsFile, "moto[server]>=5\ncfn-lint==1.51.0\nflask\n");
    expect(errorOf(() => readPins(requirementsFile))).to.contain("line 1 `moto[server]>=5` is not `name==version`; line 3 `flask` is not `name==version`");
    expect([...readPins(path.join(__dirname, "requirements.txt")).keys()]).to.deep.equal(["moto", "cfn-lint"]);
  });
});
