/**
 * The templates step of the config pipeline (config/pipeline.ts): the `packs:` entries that
 * name a template (`packs[i].template`), each read and parsed by the sources step, checked here
 * by packs/templates/readTemplatePack.ts against the managed-rule catalog and the governed
 * regions into the `TemplatePack` the defaults step puts on the domain. Its problems join the
 * pipeline's, every problem at once, each naming the pack, the file and the line. Here too: `remediation.<rule>: off` (the only override a
 * template pack takes), and `runbookPermissions` for runbooks the project has no permission data
 * for, which a template remediation running as the project's role must have.
 */
import { managedRuleCatalog } from "../packs/catalog/managedRuleCatalog";
import type { TemplatePackSelection } from "../packs/choices";
import { automationRole } from "../packs/remediationRole";
import { runbookNamed } from "../packs/catalog/runbooks";
import { MAX_S3_TEMPLATE_BYTES, readTemplatePack, templateForRegion, type TemplatePack } from "../packs/templates";
import { targetsOf } from "./targetsOf";
import type { StackConfigInput } from "./schema";
import type { DeploymentSources } from "./sources";

type PackEntry = NonNullable<StackConfigInput["packs"]>[number];

export interface TemplatePacks {
  readonly selections: readonly TemplatePackSelection[];
  readonly problems: readonly string[];
}

/** Whether a `packs:` entry names a template rather than a built-in pack. */
export function isTemplateEntry(entry: PackEntry): entry is PackEntry & { template: string } {
  return typeof entry.template === "string";
}

export function templatePacksOf(sources: DeploymentSources, entries: readonly PackEntry[], governedRegions: readonly string[]): TemplatePacks {
  const selections: TemplatePackSelection[] = [];
  const problems: string[] = [];
  const key = `stack config \`${sources.project}:packs`;
  const catalog = managedRuleCatalog();
  const firstIndex = new Map<string, number>();
  entries.forEach((entry, i) => {
    const seen = firstIndex.get(entry.name);
    // Two built-in selections of one pack are validatePackSelections' to report; any pair with a template is ours.
    if (seen !== undefined && (isTemplateEntry(entry) || isTemplateEntry(entries[seen]!))) {
      problems.push(
        `${key}[${i}].name\`: a pack named \`${entry.name}\` is already declared at \`packs[${seen}]\`; organization pack names must be unique: rename one`,
      );
    }
    if (seen === undefined) firstIndex.set(entry.name, i);
    if (!isTemplateEntry(entry)) {
      if (entry.allowedRemediationRoles !== undefined)
        problems.push(
          `${key}[${i}].allowedRemediationRoles\`: only a template pack (\`template:\`) takes it; built-in packs use the project's automation role`,
        );
      if (entry.runbookPermissions !== undefined)
        problems.push(
          `${key}[${i}].runbookPermissions\`: only a template pack (\`template:\`) takes it; built-in packs use runbooks whose permissions the project knows`,
        );
      return;
    }
    // The template says manual or automatic (`Automatic:`); config may only turn a remediation off.
    const remediationOff = Object.entries(entry.remediation ?? {}).flatMap(([rule, mode]) => {
      if (mode === "off") return [rule];
      problems.push(
        `${key}[${i}].remediation.${rule}\`: a template pack's remediations are the template's own \`AWS::Config::RemediationConfiguration\` resources (their \`Automatic\` says manual or automatic); ` +
          "config takes only `off` here (the rule then stays detection only, in the organization pack): use `off` or edit the template",
      );
      return [];
    });
    const file = sources.templates?.[entry.template];
    if (!file || file.text === undefined) {
      problems.push(
        `${key}[${i}].template\` names \`${entry.template}\` for pack \`${entry.name}\`, which cannot be read: ${file?.readError ?? "it was not read"}; give a path relative to the project root (e.g. \`conformance-packs/<file>.yaml\`)`,
      );
      return;
    }
    const result = readTemplatePack({
      name: entry.name,
      file: entry.template,
      text: file.text,
      ...(file.parsed ? { parsed: file.parsed } : {}),
      ...(entry.parameters ? { parameters: entry.parameters } : {}),
      governedRegions,
      catalog,
      remediationRoleName: automationRole(sources.project).name,
      ...(entry.allowedRemediationRoles ? { allowedRemediationRoles: entry.allowedRemediationRoles } : {}),
      ...(remediationOff.length > 0 ? { remediationOff } : {}),
    });
    if ("problems" in result) problems.push(...result.problems.map((p) => `${key}[${i}]\`: ${p}`));
    else {
      const tooLarge = governedRegions.map((r) => templateForRegion(result.pack, r, catalog)).filter((t) => t.tooLarge);
      for (const t of tooLarge.slice(0, 1)) {
        problems.push(
          `${key}[${i}]\`: pack \`${entry.name}\` (${entry.template}) is ${t.bytes} bytes in ${t.region}; AWS takes at most ${MAX_S3_TEMPLATE_BYTES} even through S3: split the template into several packs`,
        );
      }
      problems.push(...runbookPermissionProblems(result.pack, entry.runbookPermissions ?? {}, `${key}[${i}]`, i));
      selections.push({
        kind: "template",
        name: entry.name,
        file: entry.template,
        pack: result.pack,
        ...(entry.runbookPermissions ? { runbookPermissions: entry.runbookPermissions } : {}),
        ...(entry.targets ? { targets: targetsOf(entry.targets) } : {}),
      });
    }
  });
  return { selections, problems };
}

/**
 * The project's automation role gets, per runbook, the actions of the runbook's "Required IAM
 * permissions" as the catalog records them (packs/catalog/runbooks.ts). A template remediation
 * that runs as that role a runbook the catalog does not know needs its actions given in config;
 * a grant nobody reviewed would be either too narrow to work or too broad to be least privilege.
 */
function runbookPermissionProblems(pack: TemplatePack, given: Readonly<Record<string, readonly string[]>>, at: string, index: number): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const remediation of pack.remediations) {
    if (remediation.role.kind !== "project") continue;
    used.add(remediation.targetId);
    if (runbookNamed(remediation.targetId) || given[remediation.targetId]) continue;
    problems.push(
      `${at}\`: pack \`${pack.name}\` (${pack.file}${remediation.line !== undefined ? `, line ${remediation.line}` : ""}): the remediation of rule \`${remediation.configRuleName}\` runs the runbook ` +
        `\`${remediation.targetId}\` as the project's automation role, and the project has no permission data for it (packs/catalog/runbooks.ts): ` +
        `give the IAM actions from the runbook's page under \`packs[${index}].runbookPermissions.${remediation.targetId}\` (a list of \`service:Action\`, granted on \`*\`), ` +
        `or turn it off with \`packs[${index}].remediation.${remediation.configRuleName}: off\` (the rule then stays detection only)`,
    );
  }
  for (const runbook of Object.keys(given)) {
    if (!used.has(runbook)) {
      problems.push(
        `${at}.runbookPermissions.${runbook}\`: no remediation of pack \`${pack.name}\` runs \`${runbook}\` as the project's automation role: remove the entry`,
      );
    } else if (runbookNamed(runbook)) {
      problems.push(`${at}.runbookPermissions.${runbook}\`: the project knows the permissions of \`${runbook}\` (packs/catalog/runbooks.ts); remove the entry`);
    }
  }
  return problems;
}
