import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";

import { managedRules } from "../../packs";
import { catalogOf, managedRuleCatalog, type ManagedRuleCatalogData } from "../../packs/catalog/managedRuleCatalog";
import { parseTemplate, toPlainForTests } from "./templates/templateFixtures";

const CATALOG_JSON = path.join(__dirname, "../../packs/catalog/managed-rules.json");
const TEMPLATES = path.join(__dirname, "../fixtures/templates");
const PARAMETER_TYPES = [null, "String", "CSV", "int", "double", "boolean", "StringMap"];
const catalog = managedRuleCatalog();

describe("packs: managed-rule catalog data", () => {
  const data = JSON.parse(fs.readFileSync(CATALOG_JSON, "utf8")) as ManagedRuleCatalogData;

  it("parses and records how many rules it holds, from which sources, read when", () => {
    expect(data.rules.length).to.equal(data.count);
    expect(data.count).to.be.greaterThan(800);
    expect(data.readOn).to.equal("2026-12-01");
    expect(Object.keys(data.source)).to.include.members(["live-list", "developer-guide-2023", "sample-packs"]);
  });

  it("has well-formed entries", () => {
    for (const rule of data.rules) {
      const at = `${rule.name} (${rule.identifier})`;
      expect(rule.name, at).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.identifier, at).to.match(/^[A-Z0-9]+(_[A-Z0-9]+)*$/);
      expect(rule.docUrl, at).to.match(/^https:\/\/docs\.aws\.amazon\.com\/config\/latest\/developerguide\/[a-z0-9-]+\.html$/);
      expect(rule.sources, at).to.not.be.empty;
      for (const source of rule.sources) expect(Object.keys(data.source), at).to.include(source);
      for (const type of rule.resourceTypes) expect(type, at).to.match(/^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/);
      for (const parameter of rule.parameters) {
        expect(parameter.name, at).to.match(/^[A-Za-z0-9_.]+$/);
        expect(PARAMETER_TYPES, `${at}.${parameter.name}`).to.include(parameter.type);
        expect([true, false, null], `${at}.${parameter.name}`).to.include(parameter.optional);
      }
      if (rule.trigger) {
        expect(rule.trigger.configurationChanges || rule.trigger.periodic, at).to.equal(true);
        expect(rule.trigger.defaultFrequency, at).to.equal(rule.trigger.periodic ? "TwentyFour_Hours" : undefined);
      }
      if (rule.availability) {
        expect(Object.keys(data.regionsDocumented), at).to.include(rule.availability.source);
        for (const region of rule.availability.notAvailableIn) expect(region, at).to.match(/^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d$/);
      }
    }
  });

  it("has no duplicate identifiers or names", () => {
    const identifiers = data.rules.map((r) => r.identifier);
    const names = data.rules.map((r) => r.name);
    expect(identifiers.filter((id, i) => identifiers.indexOf(id) !== i)).to.deep.equal([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).to.deep.equal([]);
    const duplicated = { ...data, rules: [...data.rules, { ...data.rules[0]!, name: "another-name" }] };
    expect(() => catalogOf(duplicated)).to.throw(`identifier \`${data.rules[0]!.identifier}\` appears twice`);
  });

  it("holds every identifier the built-in packs use", () => {
    for (const rule of Object.values(managedRules)) {
      expect(catalog.byIdentifier(rule.identifier)?.name, rule.identifier).to.equal(rule.name);
    }
  });

  it("holds every managed identifier in the test templates", () => {
    let seen = 0;
    for (const file of fs.readdirSync(TEMPLATES)) {
      const { document, errors } = parseTemplate(fs.readFileSync(path.join(TEMPLATES, file), "utf8"));
      if (errors.length > 0) continue; // the not-YAML case
      const resources = (toPlainForTests(document.get("Resources", true)) ?? {}) as Record<string, any>;
      for (const resource of Object.values(resources)) {
        const source = resource?.Properties?.Source;
        if (source?.Owner !== "AWS") continue;
        // The unknown-identifier cases name identifiers AWS does not have on purpose.
        if (
          file === "invalid-unknown-identifier.yaml" ||
          file === "invalid-misspelt-identifier.yaml" ||
          (file === "invalid-several.yaml" && source.SourceIdentifier === "EC2_IMDSV2_REQUIRED")
        ) {
          expect(catalog.byIdentifier(source.SourceIdentifier), `${file}: ${source.SourceIdentifier}`).to.equal(undefined);
          continue;
        }
        expect(catalog.byIdentifier(source.SourceIdentifier), `${file}: ${source.SourceIdentifier}`).to.not.equal(undefined);
        seen++;
      }
    }
    expect(seen).to.be.greaterThan(110);
  });
});

describe("packs: managed-rule catalog lookups", () => {
  it("finds rules by identifier and by name, including names that differ from the identifier", () => {
    expect(catalog.byName("restricted-ssh")?.identifier).to.equal("INCOMING_SSH_DISABLED");
    expect(catalog.byIdentifier("CLOUD_TRAIL_ENABLED")?.name).to.equal("cloudtrail-enabled");
    expect(catalog.byIdentifier("AWS_CONFIG_PROCESS_CHECK")?.kind).to.equal("process-check");
    expect(catalog.byIdentifier("NOT_A_RULE")).to.equal(undefined);
  });

  it("answers region availability from the rule's region note", () => {
    // lambda-function-xray-enabled: not available in ap-southeast-7, mx-central-1, ap-east-2, cn-northwest-1.
    expect(catalog.regionStatus("LAMBDA_FUNCTION_XRAY_ENABLED", "ap-southeast-7")).to.equal("not-available");
    expect(catalog.availableIn("LAMBDA_FUNCTION_XRAY_ENABLED", "us-east-1")).to.equal(true);
    // A 2023 note does not speak for Regions launched after it was read.
    expect(catalog.byIdentifier("S3_BUCKET_VERSIONING_ENABLED")?.availability?.source).to.equal("developer-guide-2023");
    expect(catalog.regionStatus("S3_BUCKET_VERSIONING_ENABLED", "mx-central-1")).to.equal("undocumented");
    expect(catalog.availableIn("S3_BUCKET_VERSIONING_ENABLED", "mx-central-1")).to.equal(false);
    expect(catalog.regionStatus("NOT_A_RULE", "us-east-1")).to.equal("unknown-rule");
  });

  it("honours 'only available in' notes", () => {
    const only = catalog.rules.find((r) => r.availability?.onlyIn?.length === 1)!;
    expect(only.availability!.onlyIn).to.deep.equal(["us-east-1"]);
    expect(catalog.availableIn(only.identifier, "us-east-1")).to.equal(true);
    expect(catalog.regionStatus(only.identifier, "eu-west-1")).to.equal("not-available");
  });
});
