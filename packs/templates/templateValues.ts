/**
 * Values in a CloudFormation template as the template reader resolves them: literals, `Ref`s to
 * the template's parameters and `Fn::Sub`s of them; pseudo parameters stay for the account and
 * region to fill.
 */

/** `AWS::AccountId`, `AWS::Region`, `AWS::Partition`, `AWS::NoValue`, …: CloudFormation's pseudo parameters. */
export const PSEUDO_PARAMETERS = /^AWS::/;

/** True when the value is a parameter Ref or an Fn::Sub of parameters (and pseudo parameters) only. */
export function refersToParameters(value: unknown, parameterNames: readonly string[]): boolean {
  if (!isRecord(value)) return typeof value === "string";
  if (typeof value.Ref === "string") return parameterNames.includes(value.Ref) || PSEUDO_PARAMETERS.test(value.Ref);
  const sub = value["Fn::Sub"];
  return typeof sub === "string" && [...sub.matchAll(/\$\{([^}!]+)\}/g)].every(([, name]) => parameterNames.includes(name!) || PSEUDO_PARAMETERS.test(name!));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * A string from a literal, a `Ref` to a template parameter, or an `Fn::Sub` of
 * parameters; `${AWS::AccountId}`, `${AWS::Region}`, `${AWS::Partition}` stay
 * for the caller to fill per account and region. Undefined when not a string.
 */
export function resolveString(value: unknown, parameters: ReadonlyMap<string, string>): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === "string") {
    if (PSEUDO_PARAMETERS.test(value.Ref)) return `\${${value.Ref}}`;
    return parameters.get(value.Ref);
  }
  const sub = value["Fn::Sub"];
  if (typeof sub === "string") {
    let unresolved = false;
    const out = sub.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
      if (PSEUDO_PARAMETERS.test(name)) return whole;
      const v = parameters.get(name);
      if (v === undefined) unresolved = true;
      return v ?? whole;
    });
    return unresolved ? undefined : out;
  }
  return undefined;
}
