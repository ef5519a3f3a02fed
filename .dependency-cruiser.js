/**
 * The project's layers, checked by `npm test` (dependency-cruiser). Bottom to top:
 *   aws/ startup/         AWS's own naming and shapes (ARNs, policy documents, pagination); the
 *                         program's start-up checks (stale build, stack capture)
 *   rules/                Lambda code: self-contained, ships as archives
 *   policies/             the CrossGuard pack: its own package, imports nothing of the program
 *   packs/                conformance pack catalog, library, templates, rendering, the pack plan
 *   config/               the config pipeline and the domain
 *   components/           Pulumi components and the multi-account provider
 *   offline/              the program under mocks, the plan model, synthetic organizations
 *   commands/ bench/ deployments/ index.ts   entry points
 * A module may import from its own layer and the layers below, never above; no cycles.
 * Tests are outside the layers.
 */
const layer = (name, allowed) => ({
  name: `layer-${name}`,
  comment: `${name}/ may import only from ${allowed.join(", ") || "itself"}`,
  severity: "error",
  from: { path: `^${name}/` },
  to: {
    path: "^(aws|startup|rules|policies|packs|config|components|offline|commands|bench|deployments|index\\.ts)(/|$)",
    pathNot: `^(${[name, ...allowed].join("|")})(/|$)`,
  },
});

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "import circles", from: { pathNot: "^tests/" }, to: { circular: true } },
    layer("aws", []),
    layer("startup", []),
    layer("rules", ["aws"]),
    layer("policies", []),
    layer("packs", ["aws", "rules", "policies"]),
    layer("config", ["aws", "rules", "packs", "policies"]),
    layer("components", ["aws", "rules", "packs", "config", "policies"]),
    layer("offline", ["aws", "rules", "packs", "config", "components", "policies", "index\\.ts"]),
    {
      name: "lifecycles-only-from-registry",
      comment: "the provider lifecycles are loaded by the registry alone (the shim loads the registry by path)",
      severity: "error",
      from: { path: "^(?!components/multiaccount/registry\\.ts$)(?!tests/)(?!bench/)", pathNot: "^components/multiaccount/lifecycles/" },
      to: { path: "^components/multiaccount/lifecycles/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)node_modules/|^dist/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
