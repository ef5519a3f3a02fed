/**
 * What the state keeps per account-region, in bytes (sizes, not times): the provider text
 * every multi-account resource stores twice, a recorder's whole inputs and outputs, and an
 * account pack's body, kept once. File and S3 backends write the whole state at every
 * checkpoint (bench/upModel.ts), so these multiply by the number of steps.
 */
import { expect } from "chai";

import { serializedProviderSizes } from "../../components/multiaccount/serializedSize";
import { accountPackOutputs, recorderOutputs, recorderStateBytes, snapshotEntryBytes } from "../../bench/stateSize";
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
/**
 * An account remediation pack's snapshot entry beyond its body: the body is kept once, in the
 * inputs (about 11 KB); the outputs keep its SHA-256 and rule names. Measured 2026-12-07 at
 * 10 × 17 under Pulumi mocks: 14.1 KB an entry of which 11.0 KB body (25.0 KB with the body
 * also in the outputs).
 */
const PACK_OVERHEAD_BUDGET = 4 * 1024;

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

  it("keeps an account remediation pack's body once: its outputs hold the body's hash and rule names", async () => {
    const org = syntheticOrganization(6, 4);
    try {
      const run = await runProgram({ stack: "state-size", config: org.config, configOnly: true });
      const packs = run.resources.filter((r) => r.type === TYPES.accountPack);
      expect(packs.length).to.be.greaterThan(10);
      for (const p of packs) {
        const body = Buffer.byteLength(String(p.inputs.templateBody));
        expect(body, p.name).to.be.above(1024);
        const outputs = accountPackOutputs(p.inputs);
        expect(outputs, p.name).to.not.have.property("templateBody");
        expect(outputs.templateBodySha256, p.name).to.match(/^[0-9a-f]{64}$/);
        expect(outputs.configRuleNames, p.name).to.be.an("array").that.is.not.empty;
        expect(outputs.__provider, p.name).to.equal(p.inputs.__provider);
        expect(snapshotEntryBytes(p) - body, p.name)
          .to.be.above(0)
          .and.below(PACK_OVERHEAD_BUDGET);
      }
    } finally {
      org.cleanup();
    }
  });
});
