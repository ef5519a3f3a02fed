/**
 * CloudFormation YAML: the short-form intrinsic tags (`!Ref`, `!Sub`, `!If`, …)
 * as `yaml` custom tags, so templates parse without warnings and re-emit with
 * their tags intact, plus a converter from the YAML tree to plain values in
 * CloudFormation's long form (`{ "Fn::If": [...] }`, `{ Ref: "X" }`) and line
 * numbers for messages.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Tags } from "yaml";

/** Intrinsic functions with a short form in YAML templates (CloudFormation user guide, "Intrinsic function reference"). */
const FUNCTIONS = [
  "Ref",
  "Condition",
  "Base64",
  "Cidr",
  "FindInMap",
  "GetAtt",
  "GetAZs",
  "ImportValue",
  "Join",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "And",
  "Equals",
  "If",
  "Not",
  "Or",
  "ToJsonString",
  "Length",
] as const;

/** Each short tag may stand on a scalar, a sequence or a mapping; the tree keeps the tag, the converter reads it. */
const CLOUDFORMATION_TAGS: Tags = FUNCTIONS.flatMap((fn) => [
  { tag: `!${fn}`, resolve: (value: string) => value },
  { tag: `!${fn}`, collection: "seq" as const, resolve: (value: unknown) => value as never },
  { tag: `!${fn}`, collection: "map" as const, resolve: (value: unknown) => value as never },
]);

export interface ParsedTemplate {
  readonly document: Document.Parsed;
  readonly lines: LineCounter;
  /** Parser errors, each with its line. */
  readonly errors: readonly { readonly message: string; readonly line?: number }[];
}

export function parseTemplate(text: string): ParsedTemplate {
  const lines = new LineCounter();
  const document = parseDocument(text, { customTags: CLOUDFORMATION_TAGS, lineCounter: lines, uniqueKeys: true });
  const errors = [...document.errors, ...document.warnings].map((e) => ({
    message: e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""),
    line: e.linePos?.[0]?.line,
  }));
  return { document, lines, errors };
}

/** The 1-based line a node starts on, when the parser recorded its position. */
export function lineOf(node: unknown, lines: LineCounter): number | undefined {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}

/** The long-form key for a short tag: `!Ref` → `Ref`, `!If` → `Fn::If`. */
function longForm(tag: string): string {
  const fn = tag.slice(1);
  return fn === "Ref" || fn === "Condition" ? fn : `Fn::${fn}`;
}

/** The node as plain values, short tags turned into CloudFormation's long form. */
export function toPlain(node: unknown): unknown {
  if (node === null || node === undefined) return node ?? null;
  const tag = (node as Node).tag;
  let value: unknown;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) out[String(isScalar(pair.key) ? pair.key.value : pair.key)] = toPlain(pair.value);
    value = out;
  } else if (isSeq(node)) {
    value = node.items.map(toPlain);
  } else if (isScalar(node)) {
    value = node.value;
  } else {
    value = node;
  }
  if (typeof tag === "string" && tag.startsWith("!")) {
    // `!GetAtt A.B` is the scalar form of `Fn::GetAtt: [A, B]`.
    if (tag === "!GetAtt" && typeof value === "string") {
      const dot = value.indexOf(".");
      return { "Fn::GetAtt": [value.slice(0, dot), value.slice(dot + 1)] };
    }
    return { [longForm(tag)]: value };
  }
  return value;
}

/** The map node's entry for a key, with the key node (for its line). */
export function entriesOf(node: unknown): { key: string; keyNode: unknown; value: unknown }[] {
  if (!isMap(node)) return [];
  return node.items.map((pair) => ({ key: String(isScalar(pair.key) ? pair.key.value : pair.key), keyNode: pair.key, value: pair.value }));
}

export { isMap, isSeq, isScalar };
