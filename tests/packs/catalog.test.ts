import { expect } from "chai";

import { managedRules, packLibrary, runbooks, MAX_RULES_PER_PACK } from "../../packs";
import { AUTOMATIC_ATTEMPTS, configRuleNameOf, RETRY_SECONDS } from "../../packs/resolve";
import type { ManagedRule, Runbook } from "../../packs/catalog/facts";
import type { PackDefinition } from "../../packs/choices";

const PARAMETER_TYPES = ["String", "CSV", "Int", "Boolean", "StringMap"];
const RUNBOOK_PARAMETER_TYPES = ["String", "Boolean", "StringList"];
const rules = Object.entries(managedRules as Readonly<Record<string, ManagedRule>>);
const books = Object.entries(runbooks as Readonly<Record<string, Runbook>>);
const packs = Object.values(packLibrary) as PackDefinition[];

describe("packs: managed rule catalog integrity", () => {
  it("keys each rule by its own name and has no duplicate identifiers", () => {
    for (const [key, rule] of rules) expect(rule.name, key).to.equal(key);
    const identifiers = rules.map(([, r]) => r.identifier);
    expect(new Set(identifiers).size, `duplicates in ${identifiers.join(", ")}`).to.equal(identifiers.length);
  });

  it("uses AWS's identifier form and records the documented name/identifier mismatches", () => {
    for (const [name, rule] of rules) {
      expect(rule.identifier, name).to.match(/^[A-Z0-9_]+$/);
      expect(rule.docUrl, name).to.equal(`https://docs.aws.amazon.com/config/latest/developerguide/${name}.html`);
    }
    expect(managedRules["restricted-ssh"].identifier).to.equal("INCOMING_SSH_DISABLED");
    expect(managedRules["cloudtrail-enabled"].identifier).to.equal("CLOUD_TRAIL_ENABLED");
  });

  it("types every input parameter and scopes change-triggered rules to resource types", () => {
    for (const [name, rule] of rules) {
      for (const [input, spec] of Object.entries(rule.inputs)) {
        expect(PARAMETER_TYPES, `${name}.${input}`).to.include(spec.type);
        expect(spec.description, `${name}.${input}`).to.not.equal("");
      }
      if (rule.trigger !== "periodic") expect(rule.resourceTypes, name).to.not.be.empty;
      for (const type of rule.resourceTypes) expect(type, name).to.match(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
    }
  });

  it("points every remediation at a catalog runbook and binds only the runbook's parameters", () => {
    for (const [name, rule] of rules) {
      if (!rule.remediation) continue;
      const runbook = (runbooks as Readonly<Record<string, Runbook>>)[rule.remediation.runbook];
      expect(runbook, `${name} -> ${rule.remediation.runbook}`).to.not.equal(undefined);
      for (const param of Object.keys(rule.remediation.parameters)) {
        expect(Object.keys(runbook!.parameters), `${name}: ${param}`).to.include(param);
      }
      const boundToResource = Object.values(rule.remediation.parameters).filter((s) => s.kind === "resourceId");
      expect(boundToResource.length, `${name} passes the resource id at most once`).to.be.at.most(1);
    }
  });

  it("knows the AMI limits AWS documents for the approved-images rules", () => {
    const ids = managedRules["approved-amis-by-id"].inputs.amiIds.constraints;
    expect([ids.maxItems, ids.maxLength]).to.deep.equal([21, 1024]);
    expect(managedRules["approved-amis-by-tag"].inputs.amisByTagKeyAndValue.constraints.maxItems).to.equal(10);
  });
});

describe("packs: runbook catalog integrity", () => {
  it("keys each runbook by its document name, types parameters, and lists least-privilege permissions", () => {
    for (const [key, runbook] of books) {
      expect(runbook.document, key).to.equal(key);
      expect(runbook.docUrl, key).to.match(/^https:\/\/docs\.aws\.amazon\.com\/systems-manager-automation-runbooks\//);
      expect(runbook.parameters, key).to.not.have.property("AutomationAssumeRole");
      for (const [param, spec] of Object.entries(runbook.parameters)) expect(RUNBOOK_PARAMETER_TYPES, `${key}.${param}`).to.include(spec.type);
      for (const permission of runbook.permissions) {
        expect(permission.actions, key).to.not.be.empty;
        for (const action of permission.actions) {
          expect(action, key).to.match(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
          expect(action, `${key}: no wildcard actions`).to.not.contain("*");
        }
        for (const resource of permission.resources) expect(resource, key).to.match(/^(\*|arn:\{partition\}:[a-z0-9-]+:)/);
      }
      expect(runbook.outageRisk, key).to.not.equal("");
    }
  });

  it("is used: every runbook fixes at least one catalog rule", () => {
    const used = new Set<string>(rules.flatMap(([, r]) => (r.remediation ? [r.remediation.runbook] : [])));
    for (const [key] of books) expect(used.has(key), key).to.equal(true);
  });
});

describe("packs: library integrity", () => {
  it("ships the three packs the issue asks for", () => {
    expect(Object.keys(packLibrary)).to.have.members(["data-protection-baseline", "network-and-identity", "approved-images"]);
  });

  it("has unique config rule names, within the 130-rule limit, from catalog rules", () => {
    for (const pack of packs) {
      const names = pack.rules.map(configRuleNameOf);
      expect(new Set(names).size, pack.name).to.equal(names.length);
      expect(names.length, pack.name).to.be.within(1, MAX_RULES_PER_PACK);
      for (const rule of pack.rules) expect(Object.keys(managedRules), pack.name).to.include(rule.rule);
    }
  });

  it("declares every pack parameter it uses, uses every one it declares, with the input's type", () => {
    for (const pack of packs) {
      const used = new Set<string>();
      for (const rule of pack.rules) {
        const catalog = (managedRules as Readonly<Record<string, ManagedRule>>)[rule.rule]!;
        for (const [input, source] of Object.entries(rule.inputs ?? {})) {
          expect(Object.keys(catalog.inputs), `${pack.name}/${rule.rule}`).to.include(input);
          if (source.kind !== "packParameter") continue;
          used.add(source.name);
          const param = pack.parameters[source.name];
          expect(param, `${pack.name}: ${source.name}`).to.not.equal(undefined);
          expect(param!.type, `${pack.name}.${source.name} feeds ${rule.rule}.${input}`).to.equal(catalog.inputs[input]!.type);
        }
        for (const source of Object.values(rule.remediationParameters ?? {})) {
          if (source.kind === "packParameter") {
            used.add(source.name);
            expect(pack.parameters[source.name], `${pack.name}: ${source.name}`).to.not.equal(undefined);
          }
        }
      }
      expect([...used].sort(), pack.name).to.deep.equal(Object.keys(pack.parameters).sort());
    }
  });

  it("defaults to automatic only with runbooks that are safe unattended, within AWS's retry bounds", () => {
    for (const pack of packs) {
      for (const rule of pack.rules) {
        const catalog = (managedRules as Readonly<Record<string, ManagedRule>>)[rule.rule]!;
        const { mode, maximumAttempts, retrySeconds } = rule.remediation;
        if (mode !== "off") expect(catalog.remediation, `${pack.name}/${rule.rule} has a runbook`).to.not.equal(undefined);
        if (mode === "automatic") {
          const runbook = (runbooks as Readonly<Record<string, Runbook>>)[catalog.remediation!.runbook]!;
          expect(runbook.unattendedSafe, `${pack.name}/${rule.rule}: ${runbook.outageRisk}`).to.equal(true);
        }
        if (maximumAttempts !== undefined) expect(maximumAttempts).to.be.within(AUTOMATIC_ATTEMPTS.min, AUTOMATIC_ATTEMPTS.max);
        if (retrySeconds !== undefined) expect(retrySeconds).to.be.within(RETRY_SECONDS.min, RETRY_SECONDS.max);
      }
    }
  });

  it("keeps Multi-AZ, public-RDS, SSH and SNS-encryption remediation manual, and blocks public S3 access automatically", () => {
    const modeOf = (pack: string, rule: string) => packLibrary[pack]!.rules.find((r) => configRuleNameOf(r) === rule)!.remediation.mode;
    expect(modeOf("data-protection-baseline", "rds-multi-az-support")).to.equal("manual");
    expect(modeOf("data-protection-baseline", "rds-instance-public-access-check")).to.equal("manual");
    expect(modeOf("network-and-identity", "restricted-ssh")).to.equal("manual");
    expect(modeOf("data-protection-baseline", "s3-bucket-level-public-access-prohibited")).to.equal("automatic");
    // The default key is AWS managed: unattended, it would silence service publishers.
    expect(modeOf("data-protection-baseline", "sns-encrypted-kms")).to.equal("manual");
  });
});
