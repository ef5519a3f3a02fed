/** `aws-config-org organization`: the live organization written as the offline snapshot the plan reads. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";

import { main } from "../../commands/organization";
import { main as planMain } from "../../commands/plan";
import { readOrganizationSnapshot, type OrganizationSnapshot } from "../../config/discovery";
import { bufferIo } from "./fixtures";

describe("organization: writing the offline snapshot", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "organization-snapshot-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const prod = readOrganizationSnapshot(path.join(__dirname, "../../accounts/fixtures/prod-organization.json"));

  it("writes what the live organization answers as a file the plan reads, asking only for the stack's OUs", async () => {
    const asked: string[][] = [];
    const organization = async (settings: { inventory: { ouProfiles: Record<string, string> } }): Promise<OrganizationSnapshot> => {
      asked.push(Object.keys(settings.inventory.ouProfiles));
      return prod;
    };
    const file = path.join(dir, "prod-organization.json");
    const b = bufferIo();
    expect(await main(["--stack", "prod", "--write", file], b.io, { organization }), b.err()).to.equal(0);
    expect(asked).to.have.length(1);
    expect(b.err()).to.include(`wrote ${file}: 11 account(s), 10 ACTIVE`);
    const written = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(written.$schema).to.match(/organization\.schema\.json$/);
    expect(readOrganizationSnapshot(file)).to.deep.equal({
      accounts: [...prod.accounts].sort((x, y) => x.id.localeCompare(y.id)),
      roots: prod.roots,
      organizationalUnits: prod.organizationalUnits,
      ouMembers: prod.ouMembers,
    });
    const plan = bufferIo();
    expect(await planMain(["--stack", "prod", "--organization", file, "--json"], plan.io), plan.err()).to.equal(0);
    expect(JSON.parse(plan.out()).organizationSource).to.include(file);
  });

  it("refuses a snapshot that does not follow the schema, naming the key", () => {
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(file, JSON.stringify({ accounts: [{ id: 12345, status: "ACTIVE" }], ouMembers: { "ou-x": [] }, extra: 1 }));
    expect(() => readOrganizationSnapshot(file)).to.throw(
      /organization\.schema\.json.*unknown key `extra`.*`accounts\.0\.id` must be a string.*`ouMembers` has a key that is not an OU id/,
    );
  });

  it("names the --organization file that was passed when it is missing, and how to write it", async () => {
    const missing = path.join(dir, "nope.json");
    const b = bufferIo();
    expect(await planMain(["--stack", "prod", "--organization", missing], b.io)).to.equal(2);
    expect(b.err()).to.include(`\`--organization ${missing}\``).and.include(`npx aws-config-org organization --stack prod --write ${missing}`);
  });

  it("says a stack that lists its accounts needs no snapshot", async () => {
    const b = bufferIo();
    expect(await main(["--stack", "dev"], b.io, { organization: async () => prod })).to.equal(2);
    expect(b.err()).to.include("does not say `discover: true`");
  });
});
