/**
 * What a template pack puts into each account's remediation pack: every rule the template
 * remediates, with its `AWS::Config::RemediationConfiguration`, and whatever those resources
 * refer to (template Parameters, Conditions, Mappings), so the part is a valid template on its
 * own. The organization pack keeps the template's other rules (templates/templateForRegion.ts
 * leaves these out of it): no rule is evaluated in both.
 *
 * The part is merged into one account pack with the built-in packs' remediated rules and the
 * other templates' parts, so everything it names is renamed with a per-pack prefix (`Ref`,
 * `Fn::If`, `Condition`, `Fn::Sub` variables, `Fn::GetAtt`, `Fn::FindInMap`, `DependsOn`):
 * two templates may both have a `S3TargetBucket` parameter. Each carried Parameter's `Default`
 * is the pack's effective value (the user's `packs[i].parameters` value, else the template's
 * default), so the account pack needs no input parameters of its own.
 *
 * Pure: plain values in, plain values out; the role is filled per account by accountPack.ts.
 */
import { logicalIdOf } from "./render";
import { toPlain } from "./templates/cloudFormationYaml";
import type { RemediationRole, TemplatePack } from "./templates/types";

/** One remediation the part carries, under its renamed logical id. */
export interface PartRemediation {
  readonly logicalId: string;
  readonly configRuleName: string;
  /** The SSM document (`TargetId`). */
  readonly runbook: string;
  readonly role: RemediationRole;
}

export interface TemplateAccountPart {
  /** The template pack's name (`packs[i].name`). */
  readonly pack: string;
  readonly file: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly mappings: Readonly<Record<string, unknown>>;
  /** Rules and remediations, renamed; `AutomationAssumeRole` still as the template wrote it. */
  readonly resources: Readonly<Record<string, unknown>>;
  readonly remediations: readonly PartRemediation[];
  /** `ConfigRuleName`s of the rules the part carries. */
  readonly ruleNames: readonly string[];
}

type Plain = unknown;
type PlainMap = Record<string, Plain>;

const PSEUDO = /^AWS::/;

/** The logical ids a template's remediated rules and their remediations have in the template. */
export function remediatedLogicalIds(pack: TemplatePack): { readonly rules: ReadonlySet<string>; readonly remediations: ReadonlySet<string> } {
  const remediated = new Set(pack.remediations.map((r) => r.configRuleName));
  return {
    rules: new Set(pack.rules.filter((r) => remediated.has(r.configRuleName)).map((r) => r.logicalId)),
    remediations: new Set(pack.remediations.map((r) => r.logicalId)),
  };
}

/** The runbooks a template runs as the project's automation role (whose policy must cover them). */
export function projectRoleRunbooks(pack: TemplatePack): string[] {
  return pack.remediations.filter((r) => r.role.kind === "project").map((r) => r.targetId);
}

/** The pack's account part, or undefined when the template remediates nothing. */
export function templateAccountPart(packName: string, pack: TemplatePack): TemplateAccountPart | undefined {
  if (pack.remediations.length === 0) return undefined;
  const root = (toPlain(pack.document.contents) ?? {}) as PlainMap;
  const section = (key: string): PlainMap => (isMap(root[key]) ? root[key] : {});
  const allParameters = section("Parameters");
  const allConditions = section("Conditions");
  const allMappings = section("Mappings");
  const allResources = section("Resources");

  const moved = remediatedLogicalIds(pack);
  const movedIds = new Set([...moved.rules, ...moved.remediations]);
  const prefix = `${logicalIdOf(packName)}Tpl`;
  const names = { parameters: new Set<string>(), conditions: new Set<string>(), mappings: new Set<string>() };

  // What the moved resources name, then what the named conditions name, until nothing new appears.
  const pending: Plain[] = [...movedIds].map((id) => allResources[id]);
  const seenConditions = new Set<string>();
  while (pending.length > 0) {
    const found = referencesIn(pending.pop(), allParameters, allConditions, allMappings);
    found.parameters.forEach((p) => names.parameters.add(p));
    found.mappings.forEach((m) => names.mappings.add(m));
    for (const condition of found.conditions) {
      names.conditions.add(condition);
      if (!seenConditions.has(condition)) {
        seenConditions.add(condition);
        pending.push(allConditions[condition]);
      }
    }
  }

  const rename = renamer(prefix, { ...names, resources: movedIds });
  const effective = new Map<string, string>();
  for (const p of pack.parameters) if (p.default !== undefined) effective.set(p.name, p.default);
  for (const p of pack.inputParameters) effective.set(p.parameterName, p.parameterValue);

  const parameters: PlainMap = {};
  for (const name of [...names.parameters].sort()) {
    const spec = { ...(allParameters[name] as PlainMap) };
    const value = effective.get(name);
    if (value !== undefined) spec.Default = value;
    parameters[prefix + name] = spec;
  }
  const conditions: PlainMap = {};
  for (const name of [...names.conditions].sort()) conditions[prefix + name] = rename(allConditions[name]);
  const mappings: PlainMap = {};
  for (const name of [...names.mappings].sort()) mappings[prefix + name] = allMappings[name];

  const resources: PlainMap = {};
  for (const [id, resource] of Object.entries(allResources)) {
    if (!movedIds.has(id) || !isMap(resource)) continue;
    const out: PlainMap = {};
    for (const [key, value] of Object.entries(resource)) {
      if (key === "Condition" && typeof value === "string") out[key] = prefix + value;
      else if (key === "DependsOn") {
        // Ordering on a resource that stays in the organization pack means nothing in another pack: drop it.
        const kept = [value]
          .flat()
          .filter((d) => typeof d === "string" && movedIds.has(d))
          .map((d) => prefix + (d as string));
        if (kept.length > 0) out[key] = Array.isArray(value) ? kept : kept[0];
      } else out[key] = rename(value);
    }
    resources[prefix + id] = out;
  }
  return {
    pack: packName,
    file: pack.file,
    parameters,
    conditions,
    mappings,
    resources,
    remediations: pack.remediations.map((r) => ({ logicalId: prefix + r.logicalId, configRuleName: r.configRuleName, runbook: r.targetId, role: r.role })),
    ruleNames: pack.rules.filter((r) => moved.rules.has(r.logicalId)).map((r) => r.configRuleName),
  };
}

interface Names {
  readonly parameters: ReadonlySet<string>;
  readonly conditions: ReadonlySet<string>;
  readonly mappings: ReadonlySet<string>;
  readonly resources: ReadonlySet<string>;
}

/** Parameters, Conditions and Mappings a value names through intrinsic functions. */
function referencesIn(
  value: Plain,
  parameters: PlainMap,
  conditions: PlainMap,
  mappings: PlainMap,
): { parameters: string[]; conditions: string[]; mappings: string[] } {
  const found = { parameters: [] as string[], conditions: [] as string[], mappings: [] as string[] };
  const isParameter = (name: string) => Object.hasOwn(parameters, name);
  const visit = (node: Plain): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isMap(node)) return;
    for (const [key, inner] of Object.entries(node)) {
      if (key === "Ref" && typeof inner === "string" && isParameter(inner)) found.parameters.push(inner);
      else if (key === "Condition" && typeof inner === "string" && Object.hasOwn(conditions, inner)) found.conditions.push(inner);
      else if (key === "Fn::If" && Array.isArray(inner) && typeof inner[0] === "string" && Object.hasOwn(conditions, inner[0])) found.conditions.push(inner[0]);
      else if (key === "Fn::FindInMap" && Array.isArray(inner) && typeof inner[0] === "string" && Object.hasOwn(mappings, inner[0]))
        found.mappings.push(inner[0]);
      else if (key === "Fn::Sub") {
        const [text, variables] = Array.isArray(inner) ? [inner[0], inner[1]] : [inner, undefined];
        for (const name of subVariables(text)) {
          if (!(isMap(variables) && Object.hasOwn(variables, name)) && isParameter(name)) found.parameters.push(name);
        }
      }
      visit(inner);
    }
  };
  visit(value);
  return found;
}

/** `${Name}` and `${Name.Attr}` in an `Fn::Sub` string, without pseudo parameters and `${!literal}`. */
function subVariables(text: Plain): string[] {
  if (typeof text !== "string") return [];
  return [...text.matchAll(/\$\{([^}!][^}]*)\}/g)].map(([, v]) => v!.split(".")[0]!).filter((v) => !PSEUDO.test(v));
}

/** A copy of `value` with every name in `names` prefixed where an intrinsic function uses it. */
function renamer(prefix: string, names: Names): (value: Plain) => Plain {
  const known = (name: unknown, set: ReadonlySet<string>) => typeof name === "string" && set.has(name);
  const rename = (node: Plain): Plain => {
    if (Array.isArray(node)) return node.map(rename);
    if (!isMap(node)) return node;
    const out: PlainMap = {};
    for (const [key, inner] of Object.entries(node)) {
      if (key === "Ref" && (known(inner, names.parameters) || known(inner, names.resources))) out[key] = prefix + (inner as string);
      else if (key === "Condition" && known(inner, names.conditions)) out[key] = prefix + (inner as string);
      else if ((key === "Fn::If" || key === "Fn::FindInMap" || key === "Fn::GetAtt") && Array.isArray(inner)) {
        const set = key === "Fn::If" ? names.conditions : key === "Fn::FindInMap" ? names.mappings : names.resources;
        out[key] = [known(inner[0], set) ? prefix + (inner[0] as string) : inner[0], ...inner.slice(1).map(rename)];
      } else if (key === "Fn::Sub") {
        const [text, variables] = Array.isArray(inner) ? [inner[0], inner[1]] : [inner, undefined];
        const local = isMap(variables) ? new Set(Object.keys(variables)) : new Set<string>();
        const substituted =
          typeof text === "string"
            ? text.replace(/\$\{([^}!][^}]*)\}/g, (whole, variable: string) => {
                const [name] = variable.split(".");
                return !local.has(name!) && (names.parameters.has(name!) || names.resources.has(name!)) ? `\${${prefix}${variable}}` : whole;
              })
            : text;
        out[key] = Array.isArray(inner) ? [substituted, ...(variables === undefined ? [] : [rename(variables)])] : substituted;
      } else out[key] = rename(inner);
    }
    return out;
  };
  return rename;
}

function isMap(value: Plain): value is PlainMap {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
