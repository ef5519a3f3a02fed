// ESLint (flat config) with typescript-eslint's recommended rules, over the
// program, components, commands and tests; formatting is Prettier's (.prettierrc.json). The policy pack lints as part of
// this tree too; generated and installed folders are ignored.
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
// Last: turns off the stylistic rules that Prettier decides, so lint and format never disagree.
const prettier = require("eslint-config-prettier/flat");

module.exports = tseslint.config(
  { ignores: ["node_modules/", "policies/node_modules/", "dist/", ".scratch/", "tests/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
        Buffer: "readonly",
        setImmediate: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        globalThis: "readonly",
      },
    },
    rules: {
      // Dynamic providers must `require` the SDK inside their methods (pulumi-facts.md §3).
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["tests/**/*.ts"],
    rules: {
      // chai's property assertions (`expect(x).to.be.empty`) are expressions by design.
      "@typescript-eslint/no-unused-expressions": "off",
      // Fixtures stand in for loosely typed AWS and engine payloads.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  prettier,
);
