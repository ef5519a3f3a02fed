#!/usr/bin/env node
/**
 * The first step of every npm script (package.json): stops, in one line that says how to
 * switch, when the Node running it is older than package.json's `engines.node` (`>=N`).
 * Without it an older Node fails deep inside a tool (dependency-cruiser's "Your node version
 * is not supported") or, worse, runs the commands without a word. Written for any Node, old
 * ones included: no syntax newer than they read.
 */
"use strict";

var fs = require("fs");
var path = require("path");

var ROOT = path.join(__dirname, "..");

/** Why `version` does not satisfy `engines` (`>=N`), with how to switch; undefined when it does. */
function nodeVersionProblem(version, engines, nvmrc, nodePath) {
  var minimum = /^>=\s*(\d+)$/.exec(String(engines || "").trim());
  if (!minimum) return "package.json `engines.node` is `" + engines + "`: write it as `>=<major>`";
  var major = Number((/^v?(\d+)\./.exec(version) || [])[1]);
  if (major >= Number(minimum[1])) return undefined;
  return (
    "aws-config-org needs Node " +
    engines +
    " and this shell runs Node " +
    version +
    (nodePath ? " (" + nodePath + ")" : "") +
    ': switch this shell with `eval "$(scripts/use-node24)"`, or `nvm use` (reads .nvmrc: ' +
    nvmrc +
    "); a switch lasts only for the shell it ran in, so do it again in every new shell"
  );
}

function readProject(root) {
  var pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  var nvmrc = fs.existsSync(path.join(root, ".nvmrc")) ? fs.readFileSync(path.join(root, ".nvmrc"), "utf8").trim() : "(missing)";
  return { engines: (pkg.engines && pkg.engines.node) || "", nvmrc: nvmrc };
}

if (require.main === module) {
  var project = readProject(ROOT);
  var problem = nodeVersionProblem(process.version, project.engines, project.nvmrc, process.execPath);
  if (problem) {
    process.stderr.write("error: " + problem + "\n");
    process.exit(1);
  }
}

module.exports = { nodeVersionProblem: nodeVersionProblem, readProject: readProject };
