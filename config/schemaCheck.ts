/**
 * Step 2 of the config pipeline: the stack config and the inventory against their JSON
 * Schemas (config/schema.ts), every error turned into a message that names the key and says
 * how to fix it. What passes is typed by the schema itself (`StackConfigInput`,
 * `InventoryInput`); nothing here applies defaults or checks meaning.
 */
import Ajv, { type ErrorObject } from "ajv";
import * as YAML from "yaml";

import { INVENTORY_SCHEMA, STACK_CONFIG_SCHEMA, type InventoryInput, type StackConfigInput } from "./schema";
import { duplicateKeyText, type DeploymentSources } from "./sources";

// `verbose` gives each error its data and schema: messages quote the bad value and list the allowed keys.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateStackConfig = ajv.compile<StackConfigInput>(STACK_CONFIG_SCHEMA);
const validateInventory = ajv.compile<InventoryInput>(INVENTORY_SCHEMA);

export interface CheckedSources {
  readonly config: StackConfigInput;
  readonly inventory: InventoryInput;
  readonly problems: readonly string[];
  /** The inventory file was read and is YAML (its schema may still have refused it). */
  readonly inventoryParsed: boolean;
}

/** How a stack config key is named in messages: stack config `aws-config-org:delivery.bucketName`. */
export function stackKey(sources: Pick<DeploymentSources, "project" | "stack">, path: string): string {
  return path ? `stack config \`${sources.project}:${path}\`` : `stack config of \`${sources.stack}\``;
}

/** Checks both inputs against their schemas. The values are typed as the schema says only when `problems` is empty. */
export function checkSchemas(sources: DeploymentSources): CheckedSources {
  const problems: string[] = [];
  const cfg = sources.config;
  if (!validateStackConfig(cfg)) problems.push(...schemaProblems(validateStackConfig.errors, (p) => stackKey(sources, p)));

  let inventory: unknown = {};
  let inventoryParsed = false;
  const inv = sources.inventory;
  const invKey = (path: string) => (path ? `\`${path}\` in ${inv.path}` : `the inventory ${inv.path}`);
  if (inv.readError !== undefined) {
    problems.push(
      `the inventory ${inv.path} (stack config \`${sources.project}:accounts\`) cannot be read: ${inv.readError}. ` +
        `Create it or point \`${sources.project}:accounts\` at the right file (relative to the project root)`,
    );
  } else {
    const doc = YAML.parseDocument(inv.text ?? "", { uniqueKeys: true });
    // A repeated key is reported, and the rest of the file still checked (the last value wins, as YAML 1.1 readers do).
    const duplicates = doc.errors.filter((e) => e.code === "DUPLICATE_KEY");
    problems.push(
      ...doc.errors.map(
        (e) =>
          `the inventory ${inv.path} ${e.code === "DUPLICATE_KEY" ? duplicateKeyText(inv.text ?? "", e) : `is not valid YAML: ${e.message.split("\n")[0]}`}`,
      ),
    );
    if (doc.errors.length === duplicates.length) {
      inventory = (duplicates.length > 0 ? YAML.parseDocument(inv.text ?? "", { uniqueKeys: false }) : doc).toJS() ?? {};
      inventoryParsed = true;
      if (typeof inventory !== "object" || inventory === null || Array.isArray(inventory)) {
        problems.push(`the inventory ${inv.path} must be a mapping with \`accounts:\` (and optionally \`discover: true\`)`);
        inventory = {};
      } else if (!validateInventory(inventory)) {
        problems.push(...schemaProblems(validateInventory.errors, invKey));
      }
    }
  }
  return { config: cfg as StackConfigInput, inventory: inventory as InventoryInput, problems, inventoryParsed };
}

/** Turns ajv's errors into messages that name the key and say how to fix it. */
function schemaProblems(errors: ErrorObject[] | null | undefined, describe: (path: string) => string): string[] {
  const problems: string[] = [];
  for (const e of errors ?? []) {
    const path = pathOf(e.instancePath);
    const where = describe(path);
    switch (e.keyword) {
      case "additionalProperties": {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
        problems.push(
          `unknown key \`${key}\` in ${where}: ` +
            (allowed.length ? `allowed keys are ${allowed.map((k) => `\`${k}\``).join(", ")}; check the spelling` : "remove it"),
        );
        break;
      }
      case "required":
        problems.push(`${where} is missing \`${(e.params as { missingProperty: string }).missingProperty}\`: add it`);
        break;
      case "pattern":
        problems.push(patternProblem(where, e));
        break;
      case "enum":
        problems.push(
          `${where} is ${JSON.stringify(e.data)}: use one of ${(e.params as { allowedValues: unknown[] }).allowedValues
            .map((v) => `\`${String(v)}\``)
            .join(", ")}`,
        );
        break;
      case "type":
        problems.push(typeProblem(where, path, e));
        break;
      case "anyOf":
        break; // its branches report the detail
      default:
        problems.push(boundProblem(where, e));
    }
  }
  return [...new Set(problems)];
}

function patternProblem(where: string, e: ErrorObject): string {
  const value = JSON.stringify(e.data);
  const pattern = (e.params as { pattern: string }).pattern;
  if (pattern === "^[0-9]{12}$") {
    const digits = typeof e.data === "string" ? e.data.replace(/\D/g, "").length : 0;
    return `${where} is ${value}${digits > 0 && /^\d+$/.test(String(e.data)) ? ` (${digits} digits)` : ""}: an AWS account id is exactly 12 digits; check it against the organization`;
  }
  if (pattern.startsWith("^o-"))
    return `${where} is ${value}: an organization id looks like \`o-a1b2c3d4e5\` (see \`aws organizations describe-organization\`)`;
  if (pattern.startsWith("^(r-")) return `${where} is ${value}: a target is a root id (\`r-ab12\`) or an OU id (\`ou-ab12-cd34ef56\`)`;
  if (pattern.startsWith("^AWS::")) return `${where} is ${value}: a resource type looks like \`AWS::S3::Bucket\``;
  if (pattern.startsWith("^arn:")) return `${where} is ${value}: give a role ARN such as \`arn:aws:iam::111122223333:role/ConfigRecorder\``;
  if (pattern.startsWith("^[\\w+=")) return `${where} is ${value}: an IAM role name has 1-64 letters, digits or \`+=,.@-_\``;
  return `${where} is ${value}: it must match \`${pattern}\``;
}

/**
 * A value of the wrong type. A number where an id belongs is what YAML makes of an unquoted
 * id: a 12-digit id keeps its digits, a shorter one may have lost leading zeros (YAML reads
 * `011111111111` as 11111111111), so the zeros are suggested only then.
 */
function typeProblem(where: string, path: string, e: ErrorObject): string {
  const type = (e.params as { type: string }).type;
  if (typeof e.data === "number" && /id$/i.test(path) && Number.isInteger(e.data) && e.data >= 0) {
    const digits = String(e.data);
    if (digits.length === 12) return `${where} must be a string: quote it ('${digits}') so YAML keeps it a string`;
    if (digits.length < 12) {
      return `${where} must be a string, and YAML read the number ${digits} (${digits.length} digits): if the id began with zeros YAML dropped them, so quote it as written in the organization (e.g. '${digits.padStart(12, "0")}')`;
    }
    return `${where} is the number ${digits} (${digits.length} digits): an AWS account id is a quoted 12-digit string`;
  }
  if (type === "boolean") return booleanProblem(where, e.data);
  if (type === "array") return listProblem(where, e);
  return `${where} must be ${type}, not ${JSON.stringify(e.data)}`;
}

/** YAML 1.2 (Pulumi's reader) reads `yes`, `no`, `on` and `off` as strings: say which boolean to write. */
function booleanProblem(where: string, data: unknown): string {
  const word = typeof data === "string" ? data.trim().toLowerCase() : undefined;
  const truthy = ["yes", "y", "on", "true", "enabled", "enable", "1"];
  const falsy = ["no", "n", "off", "false", "disabled", "disable", "0"];
  const meant = word && truthy.includes(word) ? "true" : word && falsy.includes(word) ? "false" : undefined;
  if (meant)
    return `${where} is the string ${JSON.stringify(data)}, not a boolean: write \`${meant}\` (YAML reads \`yes\`, \`no\`, \`on\` and \`off\` as text)`;
  return `${where} must be \`true\` or \`false\`, not ${JSON.stringify(data)}`;
}

/** A list given as one value or as a mapping: show the list it should be, with its own entries. */
function listProblem(where: string, e: ErrorObject): string {
  const key =
    where
      .replace(/^.*`[^`:]*:?([^`]*)`.*$/, "$1")
      .split(".")
      .pop() ?? "key";
  const items = (e.parentSchema as { items?: { required?: string[] } }).items;
  if (typeof e.data === "string" || typeof e.data === "number") {
    const parts = typeof e.data === "string" ? e.data.split(/[\s,]+/).filter(Boolean) : [String(e.data)];
    return `${where} must be a list, not the single value ${JSON.stringify(e.data)}: write \`${key}: [${parts.join(", ")}]\`, or one \`- ${parts[0]}\` line per entry under \`${key}:\``;
  }
  if (typeof e.data === "object" && e.data !== null && !Array.isArray(e.data)) {
    const names = Object.keys(e.data);
    const fields = items?.required ?? [];
    const example =
      fields.length > 0 ? `\`${key}:\` then \`- ${fields.map((f) => `${f}: …`).join(", ")}\` per entry` : `\`${key}:\` then one \`- …\` line per entry`;
    return `${where} must be a list, not a mapping${names.length > 0 ? ` (with keys ${names.map((n) => `\`${n}\``).join(", ")})` : ""}: write ${example}, without the names above the entries`;
  }
  return `${where} must be a list, not ${JSON.stringify(e.data)}`;
}

/** Size and count bounds (and anything else ajv reports) in the project's words rather than ajv's. */
function boundProblem(where: string, e: ErrorObject): string {
  const limit = (e.params as { limit?: number }).limit;
  switch (e.keyword) {
    case "minItems":
      return limit === 1
        ? `${where} is empty: list at least one entry, or remove the key`
        : `${where} has ${(e.data as unknown[]).length} entries: list at least ${limit}`;
    case "maxItems":
      return `${where} has ${(e.data as unknown[]).length} entries: at most ${limit} are allowed`;
    case "minLength":
      return `${where} is ${JSON.stringify(e.data)}: give at least ${limit} character${limit === 1 ? "" : "s"}`;
    case "maxLength":
      return `${where} is ${String(e.data).length} characters long: at most ${limit} are allowed`;
    case "minimum":
    case "exclusiveMinimum":
      return `${where} is ${JSON.stringify(e.data)}: it must be ${e.keyword === "minimum" ? "at least" : "more than"} ${limit}`;
    case "maximum":
    case "exclusiveMaximum":
      return `${where} is ${JSON.stringify(e.data)}: it must be ${e.keyword === "maximum" ? "at most" : "less than"} ${limit}`;
    case "uniqueItems": {
      // ajv reports the two positions of one repeated value (`i` and `j`).
      const { i, j } = e.params as { i: number; j: number };
      const items = e.data as unknown[];
      const value = items[i];
      return `${where} lists ${typeof value === "string" ? `\`${value}\`` : JSON.stringify(value)} twice (entries ${Math.min(i, j) + 1} and ${Math.max(i, j) + 1}): remove the repeat`;
    }
    case "const":
      return `${where} is ${JSON.stringify(e.data)}: it must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return `${where} is not valid here (${e.keyword}): see the configuration reference in README.md`;
  }
}

/** `/accounts/2/id` -> `accounts[2].id` */
function pathOf(instancePath: string): string {
  return instancePath
    .split("/")
    .filter(Boolean)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i === 0 ? "" : "."}${part.replace(/~1/g, "/").replace(/~0/g, "~")}`))
    .join("");
}
