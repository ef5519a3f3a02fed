/**
 * Pulumi mocks for component tests: records every registered resource with
 * its inputs, provider and parent, computes the few outputs the components
 * read (ARNs, names), and refuses invokes (these components make none).
 */
import * as pulumi from "@pulumi/pulumi";

export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly provider?: string;
  readonly custom: boolean;
}

const SECURITY_ACCOUNT = "222222222222";

function computed(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const region = typeof args.inputs.region === "string" ? args.inputs.region : "eu-west-1";
  const name = String(args.inputs.name ?? args.name);
  switch (args.type) {
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${SECURITY_ACCOUNT}:role${String(args.inputs.path ?? "/")}${name}`, name };
    case "aws:sns/topic:Topic":
      return { arn: `arn:aws:sns:${region}:${SECURITY_ACCOUNT}:${name}` };
    case "aws:kms/key:Key":
      return { arn: `arn:aws:kms:${region}:${SECURITY_ACCOUNT}:key/${args.name}`, keyId: args.name };
    case "aws:lambda/function:Function":
      return { arn: `arn:aws:lambda:${region}:${SECURITY_ACCOUNT}:function:${name}`, name };
    case "aws:s3/bucket:Bucket":
      return { arn: `arn:aws:s3:::${String(args.inputs.bucket)}`, bucket: args.inputs.bucket };
    default:
      return {};
  }
}

/** Installs the mocks; returns the live list of registrations. */
export async function recordResources(): Promise<Registered[]> {
  const registered: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        registered.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs,
          custom: args.custom ?? true,
          ...(args.provider ? { provider: args.provider } : {}),
        });
        return { id: `${args.name}-id`, state: { ...args.inputs, ...computed(args) } };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        throw new Error(`unexpected invoke ${args.token}: these components make none`);
      },
    },
    "aws-config-org",
    "test",
    false,
  );
  return registered;
}

export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Registration is asynchronous: wait until these resources have ids before reading the record. */
export async function settled(resources: readonly pulumi.CustomResource[]): Promise<void> {
  await Promise.all(resources.map((r) => promiseOf(r.id)));
}
