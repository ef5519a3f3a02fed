#!/usr/bin/env node
/**
 * `aws-config-org <command> [options]`: runs one of the project's commands
 * (commands/*.ts) under ts-node, with nothing of its own on stdout, so
 * `npx aws-config-org plan --stack prod --json` prints only the JSON (an
 * `npm run` script prints npm's banner first). The npm scripts run through
 * here too. Options are the command's own: they are passed on untouched and
 * parsed by the command (commander, commands/lib/cli.ts).
 */
"use strict";

const { spawn } = require("node:child_process");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");

/**
 * Every command: its entry file relative to the project root and the Node
 * flags it starts with (the plan keeps a small young generation: its peak
 * memory at 1,000 accounts, see bench/index.ts PLAN_NODE_FLAGS).
 */
const COMMANDS = {
  plan: { file: "commands/plan.ts", nodeFlags: ["--max-semi-space-size=32"] },
  preflight: { file: "commands/preflight.ts", nodeFlags: [] },
  drift: { file: "commands/drift.ts", nodeFlags: [] },
  report: { file: "commands/report.ts", nodeFlags: [] },
  cost: { file: "commands/cost.ts", nodeFlags: [] },
  find: { file: "commands/find.ts", nodeFlags: [] },
  "policy-config": { file: "commands/policyConfig.ts", nodeFlags: [] },
  organization: { file: "commands/organization.ts", nodeFlags: [] },
};

/** The exit code for bad usage (commands/lib/exitCodes.ts). */
const USAGE_EXIT = 2;

function usage() {
  return [
    "usage: aws-config-org <command> [options]   (`aws-config-org <command> --help` for its options)",
    `commands: ${Object.keys(COMMANDS).join(", ")}`,
  ].join("\n");
}

function main(argv) {
  // The Node version first, with how to switch (scripts/check-node.js), before anything else can fail on it.
  const { nodeVersionProblem, readProject } = require("../scripts/check-node.js");
  const project = readProject(ROOT);
  const nodeProblem = nodeVersionProblem(process.version, project.engines, project.nvmrc, process.execPath);
  if (nodeProblem) {
    process.stderr.write(`aws-config-org: ${nodeProblem}\n`);
    return process.exit(USAGE_EXIT);
  }
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? process.stderr : process.stdout).write(`${usage()}\n`);
    return process.exit(name === undefined ? USAGE_EXIT : 0);
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`aws-config-org: unknown command \`${name}\`\n${usage()}\n`);
    return process.exit(USAGE_EXIT);
  }
  const register = require.resolve("ts-node/register/transpile-only", { paths: [ROOT] });
  const child = spawn(process.execPath, [...command.nodeFlags, "-r", register, path.join(ROOT, command.file), ...args], { stdio: "inherit" });
  // The child gets the terminal's signals itself; pass on the ones sent to this process alone.
  const forward = (signal) => child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, forward);
  child.on("error", (error) => {
    process.stderr.write(`aws-config-org: cannot start \`${name}\`: ${error.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.removeListener(s, forward);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

if (require.main === module) main(process.argv.slice(2));

module.exports = { COMMANDS };
