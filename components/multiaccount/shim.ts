/**
 * What the engine stores in `__provider` for every multi-account resource: a
 * few hundred bytes of JavaScript that, in the dynamic provider host, find
 * this project's provider implementations (components/multiaccount/registry.ts)
 * and return the one of its kind.
 *
 * Why: the state keeps `__provider` twice for every resource (in the inputs,
 * and in the outputs, where the dynamic provider host adds it), and file and
 * S3 backends write the whole state again at every checkpoint. The
 * implementation serialized by value is ~60 KB; a forwarding object
 * serialized by `pulumi.runtime.serializeFunction` (what
 * `pulumi.dynamic.Resource` does) is ~3.5 KB, because every one of its six
 * methods is emitted with its own wrapper. This text is written directly:
 * the dynamic provider host only needs a module whose `handler()` returns the
 * provider (`requireFromString(text).handler()`, @pulumi/pulumi
 * cmd/dynamic-provider), and `handler()` may as well return the real
 * implementation. A fix to the provider applies to existing resources at
 * once, including on destroy.
 *
 * Where the implementation is found: the folder it was registered from,
 * relative to the project root (`components/multiaccount`, or
 * `dist/components/multiaccount` when the program runs compiled), looked for
 * from the provider host's working directory upwards: the engine starts the
 * host in the program's directory (the project root, or `dist/`), so state
 * moved to another machine or CI still works. TypeScript sources (tests, `typescript: true`) are compiled
 * on load with the project's own ts-node.
 */
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { DYNAMIC_MODULE, type DynamicResourceKind } from "../../policies/tokens";

/** This folder relative to the project root (the nearest folder above with Pulumi.yaml). */
function relativeImplementationDir(): string {
  const fs = require("fs") as typeof import("fs");
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return path.relative(dir, __dirname).split(path.sep).join("/");
  }
  return "components/multiaccount";
}

/**
 * Runs inside the dynamic provider host, from its text (`Function.prototype.toString`):
 * it may use nothing from this module, only its arguments and `require`. Loaded once per
 * host process (the registry on `globalThis`), shared by every resource and kind.
 */
function loadProvider(kind: string, dir: string): unknown {
  const g = globalThis as { __awsConfigOrgProviders?: Record<string, unknown> };
  return (g.__awsConfigOrgProviders ??= (() => {
    const p = require("path") as typeof import("path"),
      fs = require("fs") as typeof import("fs");
    let at = "";
    for (let root = process.cwd(); !fs.existsSync((at = p.join(root, dir))); root = p.dirname(root)) {
      if (p.dirname(root) === root) throw new Error(`aws-config-org: ${dir} not found in ${process.cwd()} or above`);
    }
    return (require(p.join(at, "registry")) as { LIFECYCLES: Record<string, unknown> }).LIFECYCLES;
  })())[kind];
}

/**
 * Prepended when the program runs from its TypeScript sources (tests, `typescript: true`):
 * the host then needs ts-node to load them. The compiled program's text goes without it.
 */
const REGISTER_TS_NODE = `require.extensions[".ts"] || require("ts-node").register({ transpileOnly: true }), `;

const texts = new Map<DynamicResourceKind, string>();

/** The module text stored in `__provider` for resources of `kind`. */
export function providerModuleText(kind: DynamicResourceKind): string {
  let text = texts.get(kind);
  if (!text) {
    // One line: the compiler's indentation would be a fifth of the bytes, in every resource's state twice.
    const loader = loadProvider.toString().replace(/\n\s*/g, " ");
    const call = `(${loader})(${JSON.stringify(kind)}, ${JSON.stringify(relativeImplementationDir())})`;
    text = `exports.handler = () => (${__filename.endsWith(".ts") ? REGISTER_TS_NODE : ""}${call});\n`;
    texts.set(kind, text);
  }
  return text;
}

/**
 * A resource of the multi-account provider: what `pulumi.dynamic.Resource` registers
 * (type `pulumi-nodejs:dynamic/multiaccount:<kind>`, the provider text in `__provider`,
 * served by the engine's dynamic provider host), with the compact text above.
 */
export abstract class MultiAccountResource extends pulumi.CustomResource {
  protected constructor(kind: DynamicResourceKind, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    if ("__provider" in props) throw new Error(`${kind} \`${name}\`: a multi-account resource must not define the __provider key`);
    super(`pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:${kind}`, name, { ...props, __provider: providerModuleText(kind) }, opts);
  }
}
