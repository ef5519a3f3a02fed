/**
 * One account in scope: the Config service-linked role it needs once, a
 * component per governed region that depends on it, and the roles the
 * organization layer needs there (remediation, custom-rule reader).
 */
import * as pulumi from "@pulumi/pulumi";

import type { Account as DomainAccount, Place } from "../config/domain";
import { accountRemediationBody, type AccountRemediationPlan } from "../packs/packPlan";
import { AccountRegion } from "./accountRegion";
import { AccountRole, type AccountRoleArgs } from "./multiaccount/resources/accountRole";
import { ServiceLinkedRole } from "./multiaccount/resources/serviceLinkedRole";
import type { ConfigRecorderInputs } from "../policies/recorderShape";
import { assumeRoleOf } from "../config/access";

export interface AccountArgs {
  readonly account: DomainAccount;
  /** Each governed region of the account: the place and its recorder as desired (components/accountArgs.ts). */
  readonly places: readonly PlaceRecorder[];
  /** Central resources a channel needs before it can be put (bucket policy, topic policies), per region. */
  readonly deliveryReady: (region: string) => pulumi.Input<pulumi.Resource>[];
  readonly s3KmsKeyArn?: pulumi.Input<string>;
  /** IAM roles this account needs for the organization layer (remediation, custom rules). */
  readonly roles: readonly AccountRoleSpec[];
  /**
   * The account's remediation pack, when the selected packs remediate rules (the pack plan's):
   * deployed in every governed region of the account where it has a rule, after the role of
   * purpose `automationRolePurpose`.
   */
  readonly remediation?: {
    readonly plan: AccountRemediationPlan;
    /** Absent when no remediation runs as the project's role (a template's allowed role, or none). */
    readonly automationRolePurpose?: string;
  };
}

export interface PlaceRecorder {
  readonly place: Place;
  readonly desired: ConfigRecorderInputs;
}

/** A role accounts in scope need, created there by the multi-account provider. */
export interface AccountRoleSpec {
  /** Short kebab-case purpose: names the resource (`<purpose>-<account id>`) and keys `Account.roles`. */
  readonly purpose: string;
  /** The role's inputs in this account; undefined where the account needs none (no targeted pack reaching it runs a runbook). */
  args(account: DomainAccount): AccountRoleArgs | undefined;
}

export class Account extends pulumi.ComponentResource {
  /** Absent when the recorder uses a custom role (no service-linked role needed). */
  readonly serviceLinkedRole?: ServiceLinkedRole;
  readonly regions: readonly AccountRegion[];
  /** The account this component covers. */
  readonly accountId: string;
  /** By purpose: the SSM automation role, the approved-images reader role, when configured. */
  readonly roles: Readonly<Record<string, AccountRole>>;

  constructor(name: string, args: AccountArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("aws-config-org:account:Account", name, {}, opts);
    const { account } = args;
    this.accountId = account.id;

    if (account.recorderRole.kind === "service-linked") {
      this.serviceLinkedRole = new ServiceLinkedRole(
        `slr-${account.id}`,
        {
          accountId: account.id,
          ...assumeRoleOf(account.access),
        },
        { parent: this },
      );
    }

    this.roles = Object.fromEntries(
      args.roles.flatMap((spec) => {
        const roleArgs = spec.args(account);
        return roleArgs ? [[spec.purpose, new AccountRole(`${spec.purpose}-${account.id}`, roleArgs, { parent: this })]] : [];
      }),
    );

    // The role before anything names it: the remediation pack in each region waits for it.
    const rolePurpose = args.remediation?.automationRolePurpose;
    const automationRole = rolePurpose !== undefined ? this.roles[rolePurpose] : undefined;
    if (rolePurpose !== undefined && !automationRole) {
      throw new Error(`account ${account.id}: a remediation pack is configured but no \`${rolePurpose}\` role is; this is a wiring bug in index.ts`);
    }
    const remediation = args.remediation;

    this.regions = args.places.map(({ place, desired }) => {
      // This account's id put into the plan's body for the region: nothing rendered or parsed here.
      const templateBody = remediation ? accountRemediationBody(remediation.plan, place.region.name, account.id) : undefined;
      return new AccountRegion(
        `${account.id}-${place.region.name}`,
        {
          place,
          desired,
          ...(args.s3KmsKeyArn ? { s3KmsKeyArn: args.s3KmsKeyArn } : {}),
          dependsOn: [...(this.serviceLinkedRole ? [this.serviceLinkedRole] : []), ...args.deliveryReady(place.region.name)],
          ...(remediation && templateBody !== undefined
            ? { remediation: { packName: remediation.plan.name, templateBody, ...(automationRole ? { automationRole } : {}) } }
            : {}),
        },
        { parent: this },
      );
    });

    this.registerOutputs({ serviceLinkedRole: this.serviceLinkedRole, regions: this.regions, roles: this.roles });
  }
}
