/**
 * What the engine stores in `__provider` for every dynamic resource: a small
 * shim that, in the dynamic provider host, loads the real implementation from
 * this project (components/multiaccount/registry) and forwards each call.
 *
 * Why: Pulumi serializes a provider by value, and the state keeps a copy in
 * the inputs and the outputs of EVERY resource. The implementation serialized
 * by value is ~60 KB (120 KB of state per account-region, gigabytes at a
 * thousand accounts); the shim is about a kilobyte. It also means a fix to the
 * provider applies to existing resources at once, including on destroy.
 *
 * Where the implementation is found, in order: the folder of this module's
 * source relative to the working directory (the engine starts the provider
 * host in the project directory, so state moved to another machine or CI
 * still works), then the absolute folder it was serialized from. TypeScript
 * sources are compiled on load with the project's own ts-node.
 *
 * Everything the shim uses is inside the function: module-level imports would
 * be serialized with it.
 */
import * as path from "path";

import type { ResourceProvider } from "@pulumi/pulumi/dynamic";

import type { DynamicResourceKind } from "../../policies/tokens";

/** This folder relative to the project root (the nearest folder above with Pulumi.yaml). */
function relativeImplementationDir(): string {
  const fs = require("fs") as typeof import("fs");
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return path.relative(dir, __dirname);
  }
  return path.join("components", "multiaccount");
}

const shims = new Map<DynamicResourceKind, ResourceProvider>();

/** One shim object per kind: `pulumi.dynamic.Resource` caches the serialized text per object. */
export function providerShim(kind: DynamicResourceKind): ResourceProvider {
  const existing = shims.get(kind);
  if (existing) return existing;
  const relativeDir = relativeImplementationDir();
  const absoluteDir = __dirname;

  const implementation = (): ResourceProvider => {
    const registry = globalThis as { __awsConfigOrgProviders?: Record<string, ResourceProvider> };
    if (!registry.__awsConfigOrgProviders) {
      const nodePath = require("path") as typeof import("path");
      const fs = require("fs") as typeof import("fs");
      const candidates = [nodePath.join(process.cwd(), relativeDir), absoluteDir];
      const dir = candidates.find((d) => fs.existsSync(nodePath.join(d, "registry.js")) || fs.existsSync(nodePath.join(d, "registry.ts")));
      if (!dir) {
        throw new Error(
          `aws-config-org: the multi-account provider's code was not found in ${candidates.map((c) => `\`${c}\``).join(" or ")}: ` +
            "run pulumi from the aws-config-org project directory (with `npm ci` done)",
        );
      }
      if (!fs.existsSync(nodePath.join(dir, "registry.js")) && !require.extensions[".ts"]) {
        const tsNode = require(require.resolve("ts-node", { paths: [dir] })) as { register(o: object): void };
        tsNode.register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
      }
      registry.__awsConfigOrgProviders = (require(nodePath.join(dir, "registry")) as { LIFECYCLES: Record<string, ResourceProvider> }).LIFECYCLES;
    }
    const provider = registry.__awsConfigOrgProviders[kind];
    if (!provider) throw new Error(`aws-config-org: no multi-account provider named \`${kind}\``);
    return provider;
  };

  const shim: ResourceProvider = {
    check: (olds, news) => implementation().check!(olds, news),
    diff: (id, olds, news) => implementation().diff!(id, olds, news),
    create: (inputs) => implementation().create(inputs),
    read: (id, props) => implementation().read!(id, props),
    update: (id, olds, news) => implementation().update!(id, olds, news),
    delete: (id, props) => implementation().delete!(id, props),
  };
  shims.set(kind, shim);
  return shim;
}
