/**
 * Pre-run commands of a stack's Pulumi Deployments: install dependencies,
 * then run the policy pack in a preview.
 *
 * Why a pre-run preview: deployment settings (pulumiservice 1.3.0, REST API)
 * have no field for `--policy-pack`/`--policy-pack-config`, and the CLI reads
 * neither from the environment. Pre-run commands run after the OIDC exchange
 * (AWS credentials are already in the environment) and before the operation,
 * and each line runs in its own shell; a non-zero exit fails the deployment.
 * So on `preview` (pull requests), `update` (merge) and `remediate-drift`, a
 * mandatory policy violation stops the deployment before anything changes.
 * Drift detection and refresh skip it. The cost: a second preview per run.
 *
 * Before the preview, the stack's policy config is rebuilt from the live
 * organization (`npm run policy-config -- --live`), so a discovering stack is
 * checked against the accounts that exist today, not the offline fixture.
 *
 * Dependencies are installed here (with `skipInstallDependencies` on in the
 * settings) so they exist before the pre-run preview needs them, whatever
 * order the executor uses for its own install step. One `npm ci` at the root
 * installs the policy pack's too: the pack is an npm workspace of the root
 * package (checked by repositoryLayout.ts), and its modules resolve from the
 * root node_modules.
 * Then the program is compiled: Pulumi.yaml runs `dist/index.js` (the compiled program), for
 * the pre-run preview and for the deployment's own operation after it.
 */

export interface PreRunInput {
  readonly organization: string;
  readonly project: string;
  readonly stack: string;
  /** Policy pack folder relative to the repository root. */
  readonly policyPack: string;
  /** Policy pack config file relative to the repository root. */
  readonly policyPackConfig: string;
}

/** Operations (`PULUMI_CI_OPERATION`) that run the policy pack first. */
export const POLICY_GATED_OPERATIONS = ["preview", "update", "remediate-drift"] as const;

export function preRunCommands(input: PreRunInput): string[] {
  for (const [k, v] of Object.entries(input)) {
    // Values are interpolated into shell lines: allow only what names and paths need.
    if (!/^[A-Za-z0-9_./-]+$/.test(v)) throw new Error(`pre-run commands: \`${k}\` is \`${v}\`, which has characters unsafe in a shell line`);
  }
  const stackRef = `${input.organization}/${input.project}/${input.stack}`;
  const policyPreview = [
    "pulumi preview",
    `--stack ${stackRef}`,
    `--policy-pack ${input.policyPack}`,
    `--policy-pack-config ${input.policyPackConfig}`,
    "--non-interactive",
    "--suppress-progress",
  ].join(" ");
  return [
    "npm ci --no-audit --no-fund",
    "npm run -s build",
    // The committed config of a `discover: true` stack reflects the offline fixture:
    // rebuild it from the live organization so coverage is checked against today's accounts.
    `npm run -s policy-config -- --stack ${input.stack} --live`,
    `case "$PULUMI_CI_OPERATION" in ${POLICY_GATED_OPERATIONS.join("|")}) ${policyPreview} ;; ` +
      `*) echo "policy pack preview skipped for operation $PULUMI_CI_OPERATION" ;; esac`,
  ];
}
