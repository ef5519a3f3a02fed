/**
 * The defaults step keeps what the stack wrote and the meaning step finds every problem in it,
 * reading the typed settings only (config/defaults.ts `Settings.written`, config/validateSettings.ts).
 */
import { expect } from "chai";

import { withDefaults } from "../../config/defaults";
import { CHOOSABLE_FEATURES, RUNTIME_AGENTS } from "../../config/guardDuty";
import type { StackConfigInput } from "../../config/schema";
import { checkSchemas } from "../../config/schemaCheck";
import type { DeploymentSources } from "../../config/sources";
import { validateSettings } from "../../config/validateSettings";

import { expectOneProblem, inventory, problemsOf, sources } from "../helpers/stackSources";

const email = { protocol: "email", endpoint: "security@example.com" };

/** Settings of a stack the schema accepts, as the pipeline's defaults step makes them. */
function settingsOf(src: DeploymentSources) {
  const checked = checkSchemas(src);
  expect(checked.problems, checked.problems.join("\n")).to.deep.equal([]);
  // No template packs in these stacks: the templates step has nothing to give the defaults.
  return withDefaults(src, checked.config, checked.inventory, [], checked.inventoryParsed);
}

describe("config: the defaults step keeps what was written, the meaning step reports it", () => {
  it("keeps an unknown GuardDuty feature and agent as written instead of dropping them", () => {
    const settings = settingsOf(
      sources(
        {
          guardDuty: { enabled: true, features: ["S3_PROTECTION", "RUNTIME_MONITORING"], agentManagement: ["EC2_AGENT", "EC2_AGENT_MANAGEMENT"] },
          notifications: { subscriptions: [email] },
        },
        inventory([]),
      ),
    );
    expect(settings.base.guardDuty).to.deep.include({
      features: ["S3_PROTECTION", "RUNTIME_MONITORING"],
      agentManagement: ["EC2_AGENT", "EC2_AGENT_MANAGEMENT"],
    });
    expect(settings.written.guardDuty).to.deep.include({ features: ["S3_PROTECTION", "RUNTIME_MONITORING"] });
  });

  it("refuses an unknown GuardDuty feature, naming the key, the value and every allowed plan", () => {
    const problem = expectOneProblem(
      sources({ guardDuty: { enabled: true, features: ["S3_DATA_EVENTS", "MALWARE_PROTECTION"] }, notifications: { subscriptions: [email] } }, inventory([])),
      "`aws-config-org:guardDuty.features[1]`",
      "is `MALWARE_PROTECTION`",
      "not a GuardDuty protection plan",
    );
    for (const feature of CHOOSABLE_FEATURES) expect(problem).to.include(`\`${feature}\``);
  });

  it("takes a feature named like an object property for an unknown plan, not for a runtime plan", () => {
    const problems = problemsOf(
      sources(
        { guardDuty: { enabled: true, features: ["constructor"], agentManagement: ["EKS_ADDON_MANAGEMENT"] }, notifications: { subscriptions: [email] } },
        inventory([]),
      ),
    );
    expect(problems, problems.join("\n")).to.have.length(2);
    expect(problems[0]).to.include("`aws-config-org:guardDuty.features[0]` is `constructor`, which is not a GuardDuty protection plan");
    expect(problems[1]).to.include("`aws-config-org:guardDuty.agentManagement` is set, but no runtime plan is chosen");
  });

  it("refuses an agent the chosen plan does not take, naming the key and the agents it does take", () => {
    const problem = expectOneProblem(
      sources(
        { guardDuty: { enabled: true, features: ["RUNTIME_MONITORING"], agentManagement: ["EKS_ADDON"] }, notifications: { subscriptions: [email] } },
        inventory([]),
      ),
      "`aws-config-org:guardDuty.agentManagement[0]`",
      "is `EKS_ADDON`",
    );
    for (const agent of RUNTIME_AGENTS) expect(problem).to.include(`\`${agent}\``);
  });

  it("reads the typed settings only: the raw stack config emptied, every problem is still found", () => {
    const config: Record<string, unknown> = {
      delivery: { bucketName: "Config_Bucket" },
      shard: { ous: ["ou-ab12-cdefghij"], accountIds: ["444444444444"] },
      organizationTrail: { enabled: false, name: "a..b", cloudWatchLogs: { retentionDays: 2 } },
      guardDuty: { enabled: false, features: ["S3_DATA_EVENTS"] },
    };
    const settings = settingsOf(sources(config, inventory([])));
    const expected = [
      "`aws-config-org:delivery.bucketName` is `Config_Bucket`",
      "`aws-config-org:shard` must set exactly one of",
      "`aws-config-org:organizationTrail.name` is `a..b`",
      "`aws-config-org:organizationTrail.cloudWatchLogs.retentionDays` is 2",
      "`aws-config-org:organizationTrail` sets options but not `enabled: true`",
      "`aws-config-org:guardDuty` sets options but not `enabled: true`",
    ];
    const withRaw = validateSettings(settings);
    const withoutRaw = validateSettings({ ...settings, sources: { ...settings.sources, config: {} } });
    expect(withoutRaw).to.deep.equal(withRaw);
    for (const fragment of expected)
      expect(
        withoutRaw.some((p) => p.includes(fragment)),
        `${fragment}\n${withoutRaw.join("\n")}`,
      ).to.equal(true);
  });

  it("carries nothing written when the stack leaves the options out", () => {
    const written: { readonly shard?: StackConfigInput["shard"] } = settingsOf(sources({}, inventory([]))).written;
    expect(written).to.deep.equal({});
  });
});
