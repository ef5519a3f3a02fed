/**
 * aws-config-org: AWS Config in every account and governed region of an AWS
 * Organization, and the organization layer on top.
 *
 * This file only composes: config -> organization model -> central component
 * -> a component per account (and, inside, per region) -> outputs.
 */
import * as pulumi from "@pulumi/pulumi";

import { accessTo } from "./config/access";
import { discoverOrganization, ousOfInterest } from "./config/discovery";
import { placesOf, type Account as DomainAccount, type Deployment, type Place } from "./config/domain";
import { ConfigError } from "./config/errors";
import { loadDeployment } from "./config/pipeline";
import { invokeOrganizationLister, pulumiSources } from "./config/pulumiSources";
import { Account, type AccountRoleSpec } from "./components/account";
import { accountArgsOf } from "./components/accountArgs";
import { ApprovedImagesRule, approvedImagesReaderArgs } from "./components/central/approvedImagesRule";
import { Central } from "./components/central/central";
import { approvedImagesRuleArgsOf, centralArgsOf, organizationLayerArgsOf, organizationReadiness } from "./components/central/centralArgs";
import { OrganizationLayer } from "./components/central/organizationLayer";
import { earlierAliases } from "./components/central/typeTokens";
import { AUTOMATION_ROLE_PURPOSE, automationRoleArgs } from "./components/central/remediation";
import { centralAwsProvider, centralProviders } from "./components/central/centralProviders";
import { providerSettings } from "./components/multiaccount/providerSettings";
import { stackOutputs } from "./components/outputs";
import { NewAccountDeployments } from "./components/newAccountDeployments";
import { PROJECT_ROOT } from "./config/sources";
import { staleBuildMessage } from "./startup/compiledSources";
import { applyRuntimeSettings } from "./startup/runtimeSettings";

// Start-up, before any resource: pulumi runs the compiled program (Pulumi.yaml `main`), so refuse
// a dist/ older than its sources; then no stack per promise and no SDK debug message per resource
// (startup/runtimeSettings.ts; its modules say what each keeps and what it costs).
const staleBuild = staleBuildMessage(__filename, PROJECT_ROOT);
if (staleBuild) throw new pulumi.RunError(staleBuild);
applyRuntimeSettings();

/** Accounts declared between two turns of the event loop. */
const ACCOUNTS_PER_TURN = 10;

export = async () => {
  // 0. The multi-account provider's settings (environment: concurrency, retries, timeouts) are read in
  //    its host process, which has this process's environment; a bad value stops the run here, before any resource.
  try {
    providerSettings();
  } catch (e) {
    throw new pulumi.RunError((e as Error).message);
  }

  // 1-2. Config, parsed and validated once (config/pipeline.ts); with `discover: true`, the
  //      organization's accounts through the management account. Bad input stops here, before any resource.
  const discoveryProviders = new Map<string, ReturnType<typeof centralAwsProvider>>();
  const deployment: Deployment = await withReadableConfigErrors(() =>
    loadDeployment(pulumiSources(), (settings) => {
      const managementId = settings.base.managementAccountId;
      const provider = centralAwsProvider(settings.base, managementId, accessTo(settings.base.accessRules, managementId));
      discoveryProviders.set(managementId, provider);
      return discoverOrganization(invokeOrganizationLister(provider), ousOfInterest(settings));
    }),
  );

  // 3. Central accounts: delivery bucket, delegated administration (one stack of a sharded project owns them).
  const providers = deployment.ownsCentral ? centralProviders(deployment, discoveryProviders) : undefined;
  const central = providers ? new Central("organization", centralArgsOf(deployment, providers)) : undefined;

  // 4. Every account in scope, every governed region: recorder, channel, recording; and in
  //    every account the roles the organization layer needs (remediation, custom-rule reader).
  const placesByAccount = new Map<string, Place[]>();
  for (const place of placesOf(deployment)) placesByAccount.set(place.account.id, [...(placesByAccount.get(place.account.id) ?? []), place]);
  // Every pack as the pipeline planned it once (packs/packPlan.ts): nothing is rendered here. With
  // `packs[i].targets`, each account's remediation pack and automation role are those planned for
  // the packs that reach it (config/packTargets.ts): only their remediated rules and runbooks.
  const { automation, organizationPacks } = deployment.packPlan;
  const packsOf = (a: DomainAccount) => deployment.reach?.accountPacks?.[a.id] ?? deployment.packPlan;
  const automationRoleIn = (a: DomainAccount) => {
    const plan = packsOf(a).automation;
    return plan.runbooks.length > 0 ? automationRoleArgs(deployment, a, plan) : undefined;
  };
  const roles: AccountRoleSpec[] = [
    ...(automation.runbooks.length > 0 ? [{ purpose: AUTOMATION_ROLE_PURPOSE, args: automationRoleIn }] : []),
    ...(deployment.approvedImages ? [{ purpose: "approved-images-reader", args: (a: DomainAccount) => approvedImagesReaderArgs(deployment, a) }] : []),
  ];
  // Remediation reaches each account through its own conformance pack, with its literal role ARN
  // (packs/accountPack.ts). Template remediations may run as a role of the user's own (or none):
  // then the pack comes without the project's role.
  const remediationOf = (a: DomainAccount) => {
    const { accountRemediation, automation: own } = packsOf(a);
    return accountRemediation
      ? { remediation: { plan: accountRemediation, ...(own.runbooks.length > 0 ? { automationRolePurpose: AUTOMATION_ROLE_PURPOSE } : {}) } }
      : {};
  };
  const wiring = {
    deliveryReady: (region: string) => central?.deliveryReady(region) ?? [],
    ...(central?.delivery.key ? { s3KmsKeyArn: central.delivery.key.arn } : {}),
    roles,
  };
  const accounts: Account[] = [];
  let previousBatch: Promise<void> = Promise.resolve();
  for (const [i, account] of deployment.accounts.entries()) {
    accounts.push(
      new Account(`account-${account.id}`, accountArgsOf(deployment, account, placesByAccount.get(account.id) ?? [], { ...wiring, ...remediationOf(account) })),
    );
    // Pace the declarations: at most two batches of accounts in flight, each waiting until the
    // engine has registered the batch before it. Otherwise every resource of a large organization
    // is held in memory, pending, at once (npm run bench: 1,000 × 17 from 102 s / 3.56 GB to
    // 79 s / 2.35 GB on the real path).
    if (i % ACCOUNTS_PER_TURN === ACCOUNTS_PER_TURN - 1) {
      await previousBatch;
      previousBatch = registered(accounts.slice(-ACCOUNTS_PER_TURN));
    }
  }

  // 5. Once the recorders are declared, what needs them (components/central/central.ts says why
  //    these are not inside the central component): the aggregator and the packs in every region
  //    (organization packs carry detection only; a pack whose rules are all remediated has none),
  //    and the approved-images custom rule, beyond the managed rules' limits, when configured.
  const organization =
    central && providers
      ? new OrganizationLayer(
          "organization-layer",
          {
            ...organizationLayerArgsOf(deployment, providers.forAccount(deployment.securityAccountId), providers.nativeSecurity, organizationPacks),
            ...organizationReadiness(central, accounts),
          },
          { parent: central },
        )
      : undefined;
  if (central && providers && deployment.approvedImages) {
    new ApprovedImagesRule(
      "approved-images",
      approvedImagesRuleArgsOf(deployment, deployment.approvedImages, providers.forAccount(deployment.securityAccountId)),
      {
        parent: central,
        aliases: earlierAliases("ApprovedImagesRule"),
      },
    );
  }

  // 6. New accounts governed within minutes (stack `newAccounts`, any stack of a sharded project): Organizations'
  //    account events start a deployment of this stack. It needs `discover: true`, so discovery's provider exists.
  if (deployment.newAccounts) {
    const managementId = deployment.managementAccountId;
    new NewAccountDeployments("new-accounts", {
      deployment,
      settings: deployment.newAccounts,
      managementProvider: discoveryProviders.get(managementId) ?? centralAwsProvider(deployment, managementId, accessTo(deployment.accessRules, managementId)),
    });
  }

  return stackOutputs(deployment, central, organization);
};

/** Resolves once the engine has registered every recorder of these accounts. */
function registered(batch: readonly Account[]): Promise<void> {
  const urns = batch.flatMap((a) => a.regions.map((r) => r.recorder.urn));
  return new Promise((resolve) => pulumi.all(urns).apply(() => resolve()));
}

/** A config problem is the user's to fix: report it as one message, without a stack trace. */
async function withReadableConfigErrors<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
    throw e;
  }
}
