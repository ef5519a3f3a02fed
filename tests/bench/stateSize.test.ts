/**
 * What the state keeps per account-region, in bytes (sizes, not times): the provider text
 * every multi-account resource stores twice, and a recorder's whole inputs and outputs. File
 * and S3 backends write the whole state at every checkpoint (bench/upModel.ts), so these
 * multiply by the number of steps.
 */
import { expect } from "chai";

import { serializedProviderSizes } from "../../components/multiaccount/serializedSize";
import { recorderOutputs, recorderStateBytes } from "../../bench/stateSize";
import { runProgram } from "../../offline/mockRun";
import { TYPES } from "../../offline/planModel";
import { syntheticOrganization } from "../../offline/syntheticOrganization";

const PROVIDER_BUDGET = 1024;
/**
 * 3 KB until 2026-12, then 3.25 KB: outside an account's global-types region a recorder of all
 * supported types names its exclusions (the IAM types and AWS::RDS::GlobalCluster, which AWS
 * would otherwise record in every region: docs/aws-constraints.md), about 130 bytes each in
 * inputs and outputs.
 */
const PLACE_BUDGET = 3.25 * 1024;

describe("state size per account-region", function () {
  this.timeout(60_000);

  it("keeps every kind's provider text under 1 KB", async () => {
    const sizes = await serializedProviderSizes();
    expect(Object.keys(sizes)).to.have.members(["ConfigRecorder", "ServiceLinkedRole", "TrustedServiceAccess", "AccountRole", "AccountConformancePack"]);
    for (const [kind, bytes] of Object.entries(sizes)) expect(bytes, kind).to.be.above(0).and.below(PROVIDER_BUDGET);
  });

  it("keeps a recorder's inputs and outputs under 3 KB per place on average", async () => {
    const org = syntheticOrganization(12, 4);
    try {
      const run = await runProgram({ stack: "state-size", config: org.config, configOnly: true });
      const recorders = run.resources.filter((r) => r.type === TYPES.recorder);
      expect(recorders.length).to.be.greaterThan(30);
      for (const r of recorders) {
        // The estimate counts the provider text twice, as the state does (inputs, and outputs where the host adds it).
        expect(r.inputs.__provider, r.name).to.be.a("string");
        expect(recorderOutputs(r.inputs).__provider, r.name).to.equal(r.inputs.__provider);
        expect(recorderStateBytes(r.inputs), r.name).to.be.above(2 * (r.inputs.__provider as string).length);
      }
      const sizes = recorders.map((r) => recorderStateBytes(r.inputs));
      expect(sizes.reduce((a, b) => a + b, 0) / sizes.length, "mean bytes per place").to.be.below(PLACE_BUDGET);
      // Places on the lean profile list the excluded types: the largest stays within a third more.
      expect(Math.max(...sizes), "largest place").to.be.below(PLACE_BUDGET * 1.34);
    } finally {
      org.cleanup();
    }
  });
});
