/**
 * The deployments program's own config, parsed once and validated with every
 * problem reported together. Keys live in the `aws-config-org-deployments`
 * namespace (deployments/Pulumi.<stack>.yaml):
 *
 * @example
 * config:
 *   aws-config-org-deployments:organization: acme            # Pulumi organization
 *   aws-config-org-deployments:repository: acme/aws-config-org
 *   aws-config-org-deployments:branch: main                  # default `main`
 *   aws-config-org-deployments:oidcRoleArn: arn:aws:iam::123456789012:role/pulumi-deployments-aws-config-org
 *   aws-config-org-deployments:stacks:
 *     - dev
 *     - name: prod
 *       oidcRoleArn: arn:aws:iam::123456789012:role/pulumi-deployments-aws-config-org-prod
 */

/** Keys a stack entry may set; the rest come from the top level. */
export interface StackDeploymentSettings {
  /** Stack name of the aws-config-org project (`dev`, `prod`, `shard-1`). */
  readonly stack: string;
  /** IAM role Pulumi Deployments assumes with its OIDC token (`AssumeRoleWithWebIdentity`). */
  readonly oidcRoleArn: string;
  /** `RoleSessionName` of that call; Pulumi's `${stack.name}`-style placeholders are allowed. */
  readonly sessionName: string;
  /** Cron (UTC, 5 fields) of the drift-detection run. */
  readonly driftSchedule: string;
  /**
   * Whether a drift run that finds drift runs `pulumi up --refresh` (Pulumi's remediate-drift).
   * On by default: the scheduled run detects with `pulumi refresh --preview-only` and only the
   * remediation puts a stopped recorder, a deleted channel or a narrowed recording group back
   * (issue 23). Off: drift is reported, people decide.
   */
  readonly autoRemediate: boolean;
  /** `pulumi up` on every push to the branch. */
  readonly deployCommits: boolean;
  /** `pulumi preview` on every pull request to the branch. */
  readonly previewPullRequests: boolean;
  /** Policy pack config for this stack, relative to the repository root (`policies/config/<stack>.json`). */
  readonly policyPackConfig: string;
}

export interface DeploymentsConfig {
  /** Pulumi organization that owns the stacks (also the `aud` of its OIDC tokens). */
  readonly organization: string;
  /** Pulumi project whose stacks get deployment settings (`name` in the root Pulumi.yaml). */
  readonly project: string;
  /** GitHub repository, `owner/name`, reached through the Pulumi GitHub app. */
  readonly repository: string;
  /** Branch that deploys on push and that pull requests target. */
  readonly branch: string;
  /** Policy pack folder, relative to the repository root. */
  readonly policyPack: string;
  /** Deployments' path filters: pushes that change only excluded paths deploy nothing. */
  readonly pathFilters: readonly string[];
  /** Repository root to check the layout against, relative to deployments/ (default `..`). */
  readonly repositoryRoot: string;
  readonly stacks: readonly StackDeploymentSettings[];
}

export const CONFIG_NAMESPACE = "aws-config-org-deployments";

export const DEFAULTS = {
  project: "aws-config-org",
  branch: "main",
  policyPack: "policies",
  /** 05:00 UTC daily. */
  driftSchedule: "0 5 * * *",
  autoRemediate: true,
  deployCommits: true,
  previewPullRequests: true,
  /** Changes to docs, this program or CI alone do not touch the organization. */
  pathFilters: ["!docs/**", "!deployments/**", "!.github/**", "!**/*.md"],
  repositoryRoot: "..",
} as const;

/** Placeholders Pulumi Deployments substitutes in an AWS OIDC session name. */
export const SESSION_NAME_PLACEHOLDERS = ["organization.name", "project.name", "stack.name", "operation", "deployment.version", "deployment.id"] as const;

const TOP_LEVEL_KEYS = [
  "organization",
  "project",
  "repository",
  "branch",
  "oidcRoleArn",
  "sessionName",
  "driftSchedule",
  "autoRemediate",
  "policyPack",
  "pathFilters",
  "repositoryRoot",
  "stacks",
] as const;

const STACK_KEYS = ["name", "oidcRoleArn", "sessionName", "driftSchedule", "autoRemediate", "deployCommits", "previewPullRequests"] as const;

/** Every problem of the config, one per line. */
export class DeploymentsConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} problem(s) in the \`${CONFIG_NAMESPACE}\` config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "DeploymentsConfigError";
  }
}

const PATTERNS = {
  organization: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/,
  project: /^[A-Za-z0-9_.-]{1,100}$/,
  stack: /^[A-Za-z0-9_.-]{1,100}$/,
  repository: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
  branch: /^(?!\/)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/-]+(?<!\/)$/,
  roleArn: /^arn:(aws|aws-us-gov|aws-cn):iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/,
  relativePath: /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_./-]+$/,
  cronField: /^[0-9*,/-]+$/,
};

/**
 * Parses the namespace's raw values (strings as given, lists and booleans
 * already decoded) into settings, or throws {@link DeploymentsConfigError}.
 */
export function parseDeploymentsConfig(raw: Readonly<Record<string, unknown>>): DeploymentsConfig {
  const problems: string[] = [];
  const key = (k: string) => `\`${CONFIG_NAMESPACE}:${k}\``;

  for (const k of Object.keys(raw)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(k)) {
      problems.push(`${key(k)} is not a setting of this program: use one of ${TOP_LEVEL_KEYS.map((x) => `\`${x}\``).join(", ")}`);
    }
  }

  const organization = requiredString(raw, "organization", PATTERNS.organization, "your Pulumi organization name, e.g. `acme`", problems, key);
  const project = optionalString(raw, "project", DEFAULTS.project, PATTERNS.project, "the `name` in the root Pulumi.yaml", problems, key);
  const repository = requiredString(raw, "repository", PATTERNS.repository, "the GitHub repository as `owner/name`", problems, key);
  const branch = optionalString(raw, "branch", DEFAULTS.branch, PATTERNS.branch, "a branch name such as `main`", problems, key).replace(/^refs\/heads\//, "");
  const policyPack = optionalString(
    raw,
    "policyPack",
    DEFAULTS.policyPack,
    PATTERNS.relativePath,
    "a folder relative to the repository root, e.g. `policies`",
    problems,
    key,
  );
  const repositoryRoot = typeof raw.repositoryRoot === "string" && raw.repositoryRoot.length > 0 ? raw.repositoryRoot : DEFAULTS.repositoryRoot;
  if (raw.repositoryRoot !== undefined && typeof raw.repositoryRoot !== "string") problems.push(`${key("repositoryRoot")} must be a path string`);

  const defaultRoleArn = raw.oidcRoleArn;
  if (defaultRoleArn !== undefined) checkRoleArn(defaultRoleArn, key("oidcRoleArn"), problems);
  const defaultSessionName = raw.sessionName;
  if (defaultSessionName !== undefined) checkSessionName(defaultSessionName, key("sessionName"), problems);
  const defaultDrift = raw.driftSchedule ?? DEFAULTS.driftSchedule;
  if (raw.driftSchedule !== undefined) checkCron(raw.driftSchedule, key("driftSchedule"), problems);
  const defaultAutoRemediate = booleanOr(raw, "autoRemediate", DEFAULTS.autoRemediate, problems, key);

  let pathFilters: readonly string[] = DEFAULTS.pathFilters;
  if (raw.pathFilters !== undefined) {
    if (!Array.isArray(raw.pathFilters) || raw.pathFilters.some((p) => typeof p !== "string" || p.trim() === "")) {
      problems.push(`${key("pathFilters")} must be a list of glob patterns (\`!docs/**\` excludes), e.g. \`["!docs/**"]\``);
    } else {
      pathFilters = raw.pathFilters as string[];
    }
  }

  const stacks: StackDeploymentSettings[] = [];
  if (!Array.isArray(raw.stacks) || raw.stacks.length === 0) {
    problems.push(`${key("stacks")} is required: list the stacks to deploy, e.g. \`[dev, prod]\``);
  } else {
    raw.stacks.forEach((entry: unknown, i: number) => {
      const where = `${key("stacks")}[${i}]`;
      const e: Record<string, unknown> = typeof entry === "string" ? { name: entry } : isRecord(entry) ? entry : {};
      if (typeof entry !== "string" && !isRecord(entry)) {
        problems.push(`${where} must be a stack name or \`{name: …}\``);
        return;
      }
      for (const k of Object.keys(e)) {
        if (!(STACK_KEYS as readonly string[]).includes(k)) {
          problems.push(`${where}.${k} is not a stack setting: use ${STACK_KEYS.map((x) => `\`${x}\``).join(", ")}`);
        }
      }
      const name = e.name;
      if (typeof name !== "string" || !PATTERNS.stack.test(name)) {
        problems.push(`${where}.name is \`${String(name)}\`: a stack name uses letters, digits, \`_.-\` (e.g. \`prod\`)`);
        return;
      }
      const roleArn = e.oidcRoleArn ?? defaultRoleArn;
      if (roleArn === undefined) {
        problems.push(`stack \`${name}\` has no OIDC role: set ${key("oidcRoleArn")} or \`oidcRoleArn\` on the stack entry (see docs/deployment.md)`);
      } else if (e.oidcRoleArn !== undefined) {
        checkRoleArn(e.oidcRoleArn, `${where}.oidcRoleArn`, problems);
      }
      const sessionName = e.sessionName ?? defaultSessionName ?? `pulumi-${project}-${name}`.slice(0, 64);
      if (e.sessionName !== undefined) checkSessionName(e.sessionName, `${where}.sessionName`, problems);
      if (e.sessionName === undefined && defaultSessionName === undefined)
        checkSessionName(sessionName, `the default session name for stack \`${name}\` (set ${key("sessionName")})`, problems);
      const driftSchedule = e.driftSchedule ?? defaultDrift;
      if (e.driftSchedule !== undefined) checkCron(e.driftSchedule, `${where}.driftSchedule`, problems);
      const flag = (k: "autoRemediate" | "deployCommits" | "previewPullRequests", fallback: boolean): boolean => {
        if (e[k] === undefined) return fallback;
        if (typeof e[k] !== "boolean") {
          problems.push(`${where}.${k} must be \`true\` or \`false\``);
          return fallback;
        }
        return e[k] as boolean;
      };
      stacks.push({
        stack: name,
        oidcRoleArn: String(roleArn),
        sessionName: String(sessionName),
        driftSchedule: String(driftSchedule),
        autoRemediate: flag("autoRemediate", defaultAutoRemediate),
        deployCommits: flag("deployCommits", DEFAULTS.deployCommits),
        previewPullRequests: flag("previewPullRequests", DEFAULTS.previewPullRequests),
        policyPackConfig: `${policyPack.replace(/\/+$/, "")}/config/${name}.json`,
      });
    });
    const names = stacks.map((s) => s.stack);
    for (const dup of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
      problems.push(`${key("stacks")} lists \`${dup}\` more than once: one settings resource per stack`);
    }
  }

  if (problems.length > 0) throw new DeploymentsConfigError(problems);
  return { organization, project, repository, branch, policyPack: policyPack.replace(/\/+$/, ""), pathFilters, repositoryRoot, stacks };
}

function requiredString(
  raw: Readonly<Record<string, unknown>>,
  k: string,
  pattern: RegExp,
  hint: string,
  problems: string[],
  key: (k: string) => string,
): string {
  const v = raw[k];
  if (v === undefined || v === "") {
    problems.push(`${key(k)} is required: ${hint}`);
    return "";
  }
  if (typeof v !== "string" || !pattern.test(v)) problems.push(`${key(k)} is \`${String(v)}\`: expected ${hint}`);
  return String(v);
}

function optionalString(
  raw: Readonly<Record<string, unknown>>,
  k: string,
  fallback: string,
  pattern: RegExp,
  hint: string,
  problems: string[],
  key: (k: string) => string,
): string {
  const v = raw[k];
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !pattern.test(v)) {
    problems.push(`${key(k)} is \`${String(v)}\`: expected ${hint}`);
    return fallback;
  }
  return v;
}

function booleanOr(raw: Readonly<Record<string, unknown>>, k: string, fallback: boolean, problems: string[], key: (k: string) => string): boolean {
  const v = raw[k];
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") {
    problems.push(`${key(k)} must be \`true\` or \`false\``);
    return fallback;
  }
  return v;
}

function checkRoleArn(v: unknown, where: string, problems: string[]): void {
  if (typeof v !== "string" || !PATTERNS.roleArn.test(v)) {
    problems.push(`${where} is \`${String(v)}\`: expected an IAM role ARN, \`arn:aws:iam::<12-digit account>:role/<name>\``);
  }
}

/** AWS `RoleSessionName`: 2–64 of `[\w+=,.@-]`, after Pulumi's placeholders are replaced by a word. */
function checkSessionName(v: unknown, where: string, problems: string[]): void {
  if (typeof v !== "string") {
    problems.push(`${where} must be a string`);
    return;
  }
  for (const m of v.matchAll(/\$\{([^}]*)\}/g)) {
    if (!(SESSION_NAME_PLACEHOLDERS as readonly string[]).includes(m[1])) {
      problems.push(`${where} uses \`\${${m[1]}}\`: Pulumi substitutes only ${SESSION_NAME_PLACEHOLDERS.map((p) => `\`\${${p}}\``).join(", ")}`);
    }
  }
  const literal = v.replace(/\$\{[^}]*\}/g, "x");
  const templated = literal !== v;
  // With placeholders Pulumi trims the name to 64 characters itself.
  if (!/^[\w+=,.@-]+$/.test(literal) || literal.length < 2 || (!templated && literal.length > 64)) {
    problems.push(`${where} is \`${v}\`: a session name is 2 to 64 of letters, digits and \`+=,.@_-\``);
  }
}

/** Five cron fields (minute hour day-of-month month day-of-week), digits and `*,/-` only. */
function checkCron(v: unknown, where: string, problems: string[]): void {
  const fields = typeof v === "string" ? v.trim().split(/\s+/) : [];
  if (fields.length !== 5 || fields.some((f) => !PATTERNS.cronField.test(f))) {
    problems.push(`${where} is \`${String(v)}\`: expected a 5-field cron in UTC, e.g. \`0 5 * * *\` (daily at 05:00)`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
