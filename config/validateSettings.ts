/**
 * Step 4 of the config pipeline: what the settings mean, checked across fields and files.
 * Every rule that needs only the stack's own inputs lives here (rules that need the
 * organization's accounts are config/validateDeployment.ts). Returns every problem, each
 * naming the key or inventory entry and how to fix it; an empty list means usable.
 */
import { bucketNameProblems } from "../aws/s3Names";
import { validateAllowList } from "../rules/approved-images/allowList";
import type { PackSelection, RemediationMode } from "../packs/choices";
import { validatePackSelections } from "../packs/resolve";
import { targetSettingsProblems } from "./targeted";
import type { Settings } from "./defaults";
import type { RecordingProfile } from "./domain";
import { profileProblems } from "./profiles";
import { knownRoleNamesOf, roleAlarmProblems } from "./roleAlarms";
import { dataEventsProblems } from "./trailSelectors";
import { CONFIG_REGIONS, isConfigRegion, partitionOf } from "./regions";
import { EXCLUDED_ACCOUNT_KEYS, type AccountDefaultsInput, type StackConfigInput } from "./schema";
import { stackKey } from "./schemaCheck";
import { validateTamperProtection } from "./tamperProtectionScp";
import { guardDutyProblems } from "./guardDuty";
import { newAccountsProblems } from "./newAccounts";
import { accountEventPatterns } from "./accountEventPatterns";

export function validateSettings(settings: Settings): string[] {
  const problems: string[] = [];
  const { base, inventory, regionNames } = settings;
  const { written } = settings;
  const key = (path: string) => stackKey(base, path);
  const inv = inventory.path;

  // Regions.
  for (const r of regionNames) {
    if (!isConfigRegion(r))
      problems.push(`${key("regions")} lists \`${r}\`, which is not a region with an AWS Config endpoint: check the spelling (e.g. \`eu-west-1\`)`);
  }
  const partitions = new Set(regionNames.map(partitionOf).filter(Boolean));
  if (partitions.size > 1) problems.push(`${key("regions")} mixes partitions (${[...partitions].join(", ")}): one stack governs one partition`);
  const homeRegion = base.homeRegion;
  if (homeRegion && !regionNames.includes(homeRegion)) {
    problems.push(
      `${key("homeRegion")} is \`${homeRegion}\`, which is not in ${key("regions")}: add it to \`regions\`${regionNames.length > 0 ? ` or pick one of ${regionNames.map((r) => `\`${r}\``).join(", ")}` : ""}`,
    );
  } else if (homeRegion && isConfigRegion(homeRegion) && !CONFIG_REGIONS[homeRegion]!.supportsGlobalIamTypes) {
    problems.push(
      `${key("homeRegion")} is \`${homeRegion}\`, where AWS Config does not record global IAM types: choose a region that does (e.g. \`us-east-1\`)`,
    );
  }

  // Central accounts: `securityAccountId` equal to `managementAccountId` is a one-account pilot, accepted:
  // the management account then runs the organization layer itself, with no delegated administrator
  // registered (AWS registers only member accounts as one; config/centralRoles.ts).

  // Profiles, each against AWS's rules; OU profiles name existing ones.
  for (const profile of Object.values(base.profiles)) {
    problems.push(...profileProblems(profile, `profiles.${profile.name}`, inv));
  }
  for (const [ou, profileName] of Object.entries(inventory.ouProfiles)) {
    if (!base.profiles[profileName]) {
      problems.push(`\`ouProfiles.${ou}\` in ${inv} names profile \`${profileName}\`, which does not exist: use one of ${names(base.profiles)}`);
    }
  }

  // Account entries: duplicates, exclusion rules, per-account settings.
  const seen = new Map<string, number>();
  inventory.accounts.forEach((entry, i) => {
    const where = `\`accounts[${i}]\` (${entry.id}${entry.name ? `, ${entry.name}` : ""}) in ${inv}`;
    const first = seen.get(entry.id);
    if (first !== undefined) problems.push(`${where} repeats account ${entry.id}, already listed as \`accounts[${first}]\`: merge the two entries`);
    else seen.set(entry.id, i);
    if (entry.exclude === true) {
      const overrides = Object.keys(entry).filter((k) => !EXCLUDED_ACCOUNT_KEYS.includes(k));
      if (overrides.length > 0)
        problems.push(
          `${where} is excluded but also sets ${overrides.map((k) => `\`${k}\``).join(", ")}: an excluded account gets nothing, so remove those keys or drop \`exclude: true\``,
        );
      if (!entry.reason) problems.push(`${where} is excluded without a \`reason\`: say why (it appears in the stack outputs)`);
      if (entry.id === base.securityAccountId || entry.id === base.logArchiveAccountId)
        problems.push(
          `${where} is excluded, but it is the ${entry.id === base.securityAccountId ? "security" : "log archive"} account: central accounts must be in scope`,
        );
    } else {
      if (entry.reason !== undefined) problems.push(`${where} has a \`reason\` but no \`exclude: true\`: add \`exclude: true\` or remove \`reason\``);
      problems.push(...accountSettingProblems(entry, where, regionNames, base.profiles));
      if (typeof entry.adopt === "object") {
        const regions = entry.regions ?? inventory.defaults.regions ?? regionNames;
        for (const r of Object.keys(entry.adopt)) {
          if (!regions.includes(r))
            problems.push(`${where} adopts a recorder in \`${r}\`, which is not one of its regions: fix the region key under \`adopt\``);
        }
      }
      if (typeof entry.adopt === "string" && entry.adopt.startsWith("AWSConfigurationRecorderFor")) {
        problems.push(
          `${where} adopts \`${entry.adopt}\`, a service-linked recorder that belongs to another AWS service: it cannot be adopted; remove \`adopt\``,
        );
      }
    }
  });
  problems.push(...accountSettingProblems(inventory.defaults, `\`defaults\` in ${inv}`, regionNames, base.profiles));
  if (!settings.discover && inventory.accounts.length === 0 && inventory.parsed) {
    problems.push(`the inventory ${inv} lists no accounts and does not say \`discover: true\`: list the accounts or turn on discovery`);
  }

  // The schema may have refused the name (this step still runs beside its problems): then it has named it.
  const bucketName = written.deliveryBucketName;
  if (typeof bucketName === "string" && bucketName.length > 0) {
    const broken = bucketNameProblems(bucketName);
    if (broken.length > 0)
      problems.push(
        `${key("delivery.bucketName")} is \`${bucketName}\`, which S3 refuses: ${broken.join("; ")} (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)`,
      );
  }

  // Notification endpoints: what SNS would take for the protocol (it refuses a subscription it cannot reach).
  base.subscriptions.forEach((s, i) => {
    if (s.endpoint !== s.endpoint.trim()) {
      const at = s.endpoint !== s.endpoint.trimStart() ? (s.endpoint !== s.endpoint.trimEnd() ? "at both ends" : "at the start") : "at the end";
      problems.push(
        `${key(`notifications.subscriptions[${i}].endpoint`)} is ${JSON.stringify(s.endpoint)}, with a space ${at}: remove it (write \`${s.endpoint.trim()}\`)`,
      );
      return;
    }
    const problem = endpointProblem(s.protocol, s.endpoint);
    if (problem) problems.push(`${key(`notifications.subscriptions[${i}].endpoint`)} is \`${s.endpoint}\`: ${problem}`);
  });

  // Packs, shard, tamper protection, the approved-images rule.
  // A remediation mode the schema refused is already named by it: the pack checks see it as `off`, so
  // the rest of the entry (does the pack have that rule?) is still checked and the mode is reported once.
  problems.push(...validatePackSelections(base.packs.map(withKnownRemediationModes)));
  problems.push(...targetSettingsProblems(settings));
  problems.push(...shardProblems(written.shard, key("shard")));
  problems.push(...validateTamperProtection(base.tamperProtection, `${base.project}:tamperProtection`).map((p) => `stack config ${p}`));
  problems.push(...organizationTrailProblems(written.organizationTrail, key));
  if (base.organizationTrail) problems.push(...dataEventsProblems(base.organizationTrail.dataEvents, base.partition, key));
  problems.push(
    ...roleAlarmProblems(
      {
        alarms: base.roleAlarms,
        subscriptions: base.subscriptions,
        trailLogs: !base.organizationTrail ? "none" : base.organizationTrail.cloudWatchLogs ? "trail-with-logs" : "trail-without-logs",
        knownRoleNames: knownRoleNamesOf(base.accessRules),
      },
      key,
    ),
  );
  problems.push(...guardDutyProblems(written.guardDuty, key, base.subscriptions));
  problems.push(
    ...newAccountsProblems(
      written.newAccounts,
      {
        project: base.project,
        stack: base.stack,
        discover: settings.discover,
        shardKind: base.shard.kind,
        shardOus: base.shard.kind === "ou" ? base.shard.ous : [],
        partition: base.partition,
        movePatternLength: JSON.stringify(accountEventPatterns(base.shard)["account-moved"] ?? {}).length,
        keyMarkedSecret: written.newAccountsMarkedSecret === true,
        peopleSubscribed: base.subscriptions.filter((s) => s.protocol !== "sqs").length,
      },
      key,
    ),
  );
  if (base.approvedImages) {
    problems.push(...validateAllowList(base.approvedImages.allowList, `${base.project}:approvedImages.allowList`).map((p) => `stack config ${p}`));
  }
  return problems;
}

/**
 * Why an endpoint does not fit its protocol, or nothing. SNS's Subscribe: an email endpoint
 * is an address, an https endpoint a URL beginning `https://`, an sqs endpoint a queue ARN
 * (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html).
 */
function endpointProblem(protocol: string, endpoint: string): string | undefined {
  switch (protocol) {
    case "email":
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(endpoint) ? undefined : "an `email` endpoint is an email address such as `security-team@example.com`";
    case "https":
      if (/^http:\/\//i.test(endpoint))
        return "an `https` subscription must use an `https://` URL, not `http://` (SNS would deliver over plain HTTP): change the scheme";
      return /^https:\/\/[^\s/]+/i.test(endpoint) ? undefined : "an `https` endpoint is a URL such as `https://hooks.example.com/config`";
    case "sqs":
      return /^arn:[\w-]+:sqs:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/.test(endpoint)
        ? undefined
        : "an `sqs` endpoint is a queue ARN such as `arn:aws:sqs:eu-west-1:111122223333:config-events`";
    default:
      return undefined;
  }
}

const REMEDIATION_MODES: readonly string[] = ["off", "manual", "automatic"] satisfies readonly RemediationMode[];

function withKnownRemediationModes(selection: PackSelection): PackSelection {
  const remediation = Object.fromEntries(Object.entries(selection.remediation).map(([rule, mode]) => [rule, REMEDIATION_MODES.includes(mode) ? mode : "off"]));
  return { ...selection, remediation } as PackSelection;
}

function names(profiles: Readonly<Record<string, RecordingProfile>>): string {
  return Object.keys(profiles)
    .map((n) => `\`${n}\``)
    .join(", ");
}

function accountSettingProblems(
  entry: AccountDefaultsInput,
  where: string,
  regionNames: readonly string[],
  profiles: Readonly<Record<string, RecordingProfile>>,
): string[] {
  const problems: string[] = [];
  if (entry.profile !== undefined && !profiles[entry.profile]) {
    problems.push(`${where} uses profile \`${entry.profile}\`, which does not exist: use one of ${names(profiles)} or define it under \`profiles:\``);
  }
  const regions = entry.regions ?? regionNames;
  for (const r of entry.regions ?? []) {
    if (!regionNames.includes(r))
      problems.push(`${where} lists region \`${r}\`, which the stack does not govern: add it to the stack's \`regions\` or remove it here`);
  }
  if (entry.globalTypesRegion !== undefined) {
    if (!regions.includes(entry.globalTypesRegion))
      problems.push(
        `${where} records global types in \`${entry.globalTypesRegion}\`, which is not one of its regions (${regions.join(", ")}): pick one of them`,
      );
    else if (isConfigRegion(entry.globalTypesRegion) && !CONFIG_REGIONS[entry.globalTypesRegion]!.supportsGlobalIamTypes)
      problems.push(`${where} records global types in \`${entry.globalTypesRegion}\`, where AWS Config does not record global IAM types: pick an older region`);
  }
  return problems;
}

function shardProblems(raw: StackConfigInput["shard"], where: string): string[] {
  if (!raw) return [];
  const kinds = (["ous", "accountIds", "index"] as const).filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1)
    return [`${where} must set exactly one of \`ous\`, \`accountIds\` or \`index\`+\`count\` (found ${kinds.length ? kinds.join(", ") : "none"})`];
  if (kinds[0] === "index" && (raw.count === undefined || raw.index! > raw.count))
    return [`${where} is shard ${raw.index} of ${String(raw.count)}: \`index\` runs from 1 to \`count\``];
  return [];
}

/** `PutRetentionPolicy` accepts only these values (CloudWatch Logs API reference). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** CloudTrail trail names: 3-128 characters of letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit, no `..`, `._`, `-.` etc. */
const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$/;

function organizationTrailProblems(raw: StackConfigInput["organizationTrail"], key: (path: string) => string): string[] {
  if (!raw) return [];
  const problems: string[] = [];
  if (raw.name !== undefined && (!TRAIL_NAME.test(raw.name) || /[._-]{2}/.test(raw.name))) {
    problems.push(
      `${key("organizationTrail.name")} is \`${raw.name}\`: a CloudTrail trail name has 3-128 letters, digits, \`.\`, \`_\` or \`-\`, starts and ends with a letter or digit, and has no two adjacent \`.\`/\`_\`/\`-\``,
    );
  }
  const days = raw.cloudWatchLogs?.retentionDays;
  if (days !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    problems.push(
      `${key("organizationTrail.cloudWatchLogs.retentionDays")} is ${days}, which CloudWatch Logs does not accept: use one of ${LOG_RETENTION_DAYS.join(", ")}`,
    );
  }
  if (raw.enabled !== true && (raw.kms !== undefined || raw.cloudWatchLogs !== undefined || raw.name !== undefined || raw.dataEvents !== undefined)) {
    problems.push(`${key("organizationTrail")} sets options but not \`enabled: true\`: no trail is created, so add \`enabled: true\` or remove the options`);
  }
  return problems;
}
