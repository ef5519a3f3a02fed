/**
 * Two of the template reader's checks (readTemplatePack.ts) that walk the whole YAML tree: every
 * `Ref`, `Fn::If`, `Condition` and `${…}` in `Fn::Sub` names something the template defines, and
 * no value still holds a placeholder AWS's samples ask the user to replace.
 */
import { isMap, isScalar, isSeq, type Node } from "yaml";

import { toPlain } from "./cloudFormationYaml";
import { PLACEHOLDER } from "./remediationRoles";
import { isRecord, PSEUDO_PARAMETERS } from "./templateValues";

/** What the checks know of the template, and where they report. */
export interface ReferenceContext {
  readonly parameterNames: readonly string[];
  readonly logicalIds: ReadonlySet<string>;
  readonly conditionNames: ReadonlySet<string>;
  /** The template's Parameters as a message lists them. */
  readonly choices: string;
  /** Keys whose values are not checked for placeholders (descriptions, and the remediation role, checked on its own). */
  readonly placeholderExempt: readonly string[];
  line(node: unknown): number | undefined;
  report(line: number | undefined, message: string): void;
}

/** `Ref`, `Fn::If`, `Condition` and `${…}` in `Fn::Sub` must name something the template defines. */
export function checkReferences(nodes: readonly unknown[], ctx: ReferenceContext): void {
  const visit = (node: unknown) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : "";
        checkIntrinsic(key, toPlain(pair.value), ctx.line(pair.key), ctx);
        visit(pair.value);
      }
    } else if (isSeq(node)) {
      node.items.forEach(visit);
    }
    const tag = (node as Node | null)?.tag;
    if (typeof tag === "string" && tag.startsWith("!")) {
      const plain = toPlain(node) as Record<string, unknown>;
      const [key] = Object.keys(plain);
      checkIntrinsic(key!, plain[key!], ctx.line(node), ctx);
    }
  };
  nodes.forEach(visit);
}

function checkIntrinsic(key: string, value: unknown, at: number | undefined, ctx: ReferenceContext): void {
  const { parameterNames, logicalIds, conditionNames } = ctx;
  if (key === "Ref" && typeof value === "string") {
    if (!PSEUDO_PARAMETERS.test(value) && !parameterNames.includes(value) && !logicalIds.has(value)) {
      ctx.report(at, `\`Ref: ${value}\` names no parameter or resource of the template (its Parameters: ${ctx.choices})`);
    }
  } else if ((key === "Fn::If" && Array.isArray(value)) || (key === "Condition" && typeof value === "string")) {
    const condition = Array.isArray(value) ? value[0] : value;
    if (typeof condition === "string" && !conditionNames.has(condition))
      ctx.report(at, `\`${key}\` names the condition \`${condition}\`, which the template's Conditions do not define`);
  } else if (key === "Fn::Sub") {
    const template = Array.isArray(value) ? value[0] : value;
    const variables = Array.isArray(value) && isRecord(value[1]) ? Object.keys(value[1]) : [];
    for (const [, variable] of typeof template === "string" ? template.matchAll(/\$\{([^}!]+)\}/g) : []) {
      const name = variable!.split(".")[0]!;
      if (!PSEUDO_PARAMETERS.test(variable!) && !parameterNames.includes(name) && !logicalIds.has(name) && !variables.includes(name)) {
        ctx.report(at, `\`Fn::Sub\` uses \`\${${variable}}\`, which names no parameter or resource of the template`);
      }
    }
  }
}

/** Text a sample asks the user to replace, anywhere but the exempt keys. */
export function checkPlaceholders(node: Node | null | undefined, path: readonly string[], ctx: ReferenceContext): void {
  if (!node) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (ctx.placeholderExempt.includes(key)) continue;
      checkPlaceholders(pair.value as Node, [...path, key], ctx);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) checkPlaceholders(item as Node, path, ctx);
  } else if (isScalar(node) && typeof node.value === "string") {
    for (const [placeholder] of node.value.matchAll(PLACEHOLDER)) {
      ctx.report(
        ctx.line(node),
        `\`${path.join(".")}\` still holds the placeholder \`${placeholder}\`: put the real value in (or a template parameter the pack sets)`,
      );
    }
  }
}
