/**
 * What the state keeps, estimated from the resources the offline plan registers
 * (lib/mockRun.ts): per account-region (a ConfigRecorder's inputs and outputs) and for the
 * whole snapshot (every resource's entry). Sizes, so the benchmark can model checkpoint
 * writes and a test can hold the line on them.
 */
import { packOutputs } from "../components/multiaccount/lifecycles/accountConformancePack";
import type { AccountConformancePackInputs } from "../components/multiaccount/resources/accountConformancePack";
import type { MockedResource } from "../offline/mockRun";

/**
 * A recorder's outputs after a first create, as the dynamic provider host stores them: the
 * provider's `outs` (its inputs plus the names and action create decided, configRecorder.ts)
 * with `__provider` added by the host.
 */
export function recorderOutputs(inputs: Record<string, unknown>): Record<string, unknown> {
  const recorder = inputs.recorder as { name?: unknown } | undefined;
  const channel = inputs.deliveryChannel as { name?: unknown } | undefined;
  return { ...inputs, recorderName: recorder?.name, deliveryChannelName: channel?.name, createAction: inputs.adopt ? "adopt" : "create" };
}

/** Bytes of JSON a recorder's state entry holds in its inputs and outputs (provider text included). */
export function recorderStateBytes(inputs: Record<string, unknown>): number {
  return Buffer.byteLength(JSON.stringify({ inputs, outputs: recorderOutputs(inputs) }));
}

/**
 * An account conformance pack's outputs after a first create, as the provider returns them
 * (accountConformancePack.ts `packOutputs`: the body replaced by its hash and rule names) with
 * `__provider` kept from the inputs, as the host adds it. The ARN is AWS's shape for the place.
 */
export function accountPackOutputs(inputs: Record<string, unknown>): Record<string, unknown> {
  const pack = inputs as unknown as AccountConformancePackInputs;
  const arn = `arn:aws:config:${pack.region}:${pack.accountId}:conformance-pack/${pack.conformancePackName}/conformance-pack-abcdef`;
  return { ...packOutputs(pack, arn, false), __provider: inputs.__provider };
}

const OUTPUTS_OF: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
  "pulumi-nodejs:dynamic/multiaccount:ConfigRecorder": recorderOutputs,
  "pulumi-nodejs:dynamic/multiaccount:AccountConformancePack": accountPackOutputs,
};

/**
 * Bytes of one resource's entry in the snapshot (`pulumi stack export` shape: urn, custom,
 * type, inputs, outputs, parent, dependencies, provider), with outputs from the plan's mock.
 */
export function snapshotEntryBytes(resource: MockedResource): number {
  const outputs = OUTPUTS_OF[resource.type]?.(resource.inputs) ?? resource.state;
  return Buffer.byteLength(
    JSON.stringify({
      urn: resource.urn,
      custom: resource.custom,
      type: resource.type,
      inputs: resource.inputs,
      outputs,
      ...(resource.parent ? { parent: resource.parent } : {}),
      ...(resource.dependsOn.length ? { dependencies: resource.dependsOn } : {}),
      ...(resource.provider ? { provider: resource.provider } : {}),
    }),
  );
}
