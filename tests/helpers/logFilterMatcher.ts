/**
 * A small implementation of CloudWatch Logs JSON filter patterns, enough to check the role
 * alarms' pattern against sample CloudTrail records: `{ <expr> }` with `$.a.b` selectors,
 * `=` and `!=` on double-quoted strings where `*` matches any text, `&&`, `||` and
 * parentheses. Mixing `&&` and `||` without parentheses is refused (the pattern under test
 * never relies on a precedence). Syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Token = { kind: "(" | ")" | "&&" | "||" } | { kind: "selector"; path: string[] } | { kind: "op"; op: "=" | "!=" } | { kind: "string"; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "(" || c === ")") (tokens.push({ kind: c }), i++);
    else if (source.startsWith("&&", i) || source.startsWith("||", i)) (tokens.push({ kind: source.slice(i, i + 2) as "&&" | "||" }), (i += 2));
    else if (source.startsWith("!=", i)) (tokens.push({ kind: "op", op: "!=" }), (i += 2));
    else if (c === "=") (tokens.push({ kind: "op", op: "=" }), i++);
    else if (c === '"') {
      const end = source.indexOf('"', i + 1);
      if (end < 0) throw new Error(`unterminated string at ${i}`);
      tokens.push({ kind: "string", value: source.slice(i + 1, end) });
      i = end + 1;
    } else if (source.startsWith("$.", i)) {
      const m = /^\$\.([A-Za-z0-9_.-]+)/.exec(source.slice(i))!;
      tokens.push({ kind: "selector", path: m[1]!.split(".") });
      i += m[0].length;
    } else throw new Error(`unexpected \`${c}\` at ${i}`);
  }
  return tokens;
}

function valueAt(record: Json, path: readonly string[]): Json | undefined {
  let node: Json | undefined = record;
  for (const key of path) {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    node = (node as Record<string, Json>)[key];
  }
  return node;
}

function glob(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(text);
}

/** Whether a JSON log event matches the pattern. Throws on a pattern outside the subset. */
export function matchesJsonFilterPattern(pattern: string, record: Json): boolean {
  const trimmed = pattern.trim();
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) throw new Error("a JSON filter pattern is enclosed in { }");
  const tokens = tokenize(trimmed.slice(1, -1));
  let at = 0;
  const expr = (): boolean => {
    let result = term();
    let joiner: "&&" | "||" | undefined;
    while (at < tokens.length && (tokens[at]!.kind === "&&" || tokens[at]!.kind === "||")) {
      const kind = tokens[at++]!.kind as "&&" | "||";
      if (joiner && joiner !== kind) throw new Error("`&&` and `||` mixed without parentheses");
      joiner = kind;
      const right = term();
      result = kind === "&&" ? result && right : result || right;
    }
    return result;
  };
  const term = (): boolean => {
    const t = tokens[at++];
    if (!t) throw new Error("pattern ends early");
    if (t.kind === "(") {
      const inner = expr();
      if (tokens[at++]?.kind !== ")") throw new Error("missing `)`");
      return inner;
    }
    if (t.kind !== "selector") throw new Error(`expected a selector, got \`${t.kind}\``);
    const op = tokens[at++];
    const value = tokens[at++];
    if (op?.kind !== "op" || value?.kind !== "string") throw new Error('expected `= "..."` or `!= "..."` after a selector');
    const actual = valueAt(record, t.path);
    const equal = typeof actual === "string" && glob(value.value, actual);
    return op.op === "=" ? equal : !equal;
  };
  const result = expr();
  if (at !== tokens.length) throw new Error(`unexpected \`${tokens[at]!.kind}\` after the expression`);
  return result;
}
