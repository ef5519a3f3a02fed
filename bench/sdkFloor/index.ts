/**
 * The Pulumi SDK's own floor for a program of this size: `places` components, each with
 * one custom child whose input is a recorder's AWS-shaped settings (bench/recorderInputs.ts:
 * account, region, role, recording group and mode, delivery channel, ~740 bytes of JSON),
 * and nothing else.
 * No dynamic provider, no config pipeline. Run compiled, through the same language-host
 * launch and fake engine as the program (bench/realPath), and with the program's own
 * start-up settings (startup/runtimeSettings.ts, as index.ts: no per-promise stack capture
 * and no SDK debug message per resource under the language host), so the two figures
 * differ only by what the program does on top of the SDK.
 *
 * Config: `sdk-floor:places` (default 170).
 */
import * as pulumi from "@pulumi/pulumi";

import { applyRuntimeSettings } from "../../startup/runtimeSettings";
import { placeAt, recorderInputs } from "../recorderInputs";

// As index.ts does at start-up: a floor with the SDK's per-promise stacks on (or its debug
// messages sent) would be a floor the program does not stand on (stacks alone took about half
// the floor's CPU at 1,700 places).
applyRuntimeSettings();

/** A custom resource of no provider package the program uses: the engine would find it a default provider. */
class Recorder extends pulumi.CustomResource {
  constructor(name: string, inputs: Record<string, unknown>, opts: pulumi.CustomResourceOptions = {}) {
    super("sdk-floor:index:Recorder", name, inputs, opts);
  }
}

class Place extends pulumi.ComponentResource {
  constructor(name: string, inputs: Record<string, unknown>, opts: pulumi.ComponentResourceOptions = {}) {
    super("sdk-floor:index:Place", name, {}, opts);
    const recorder = new Recorder(`recorder-${name}`, inputs, { parent: this });
    this.registerOutputs({ recorder });
  }
}

export = async () => {
  const places = new pulumi.Config("sdk-floor").getNumber("places") ?? 170;
  for (let i = 0; i < places; i++) {
    const { accountId, region } = placeAt(i);
    new Place(`${accountId}-${region}`, recorderInputs(accountId, region));
  }
  return { places };
};
