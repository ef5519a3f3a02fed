/** The shared CLI pieces: renderers, output-format flags, pagination, progress switch. */
import { expect } from "chai";
import * as path from "path";
import { inventoryPathOf, loadDeployment } from "../../commands/lib/deployment";
import { outputFormatOf } from "../../commands/lib/cli";
import { UsageError } from "../../commands/lib/exitCodes";
import { progressEnabled } from "../../commands/lib/progress";
import { breakLongWords, renderCsv, renderMarkdown, renderTable, usd, type TableSpec } from "../../commands/lib/render";
import { allPages } from "../../aws/pages";

const spec: TableSpec<{ name: string; note: string; n: number }> = {
  columns: [
    { header: "Name", value: (r) => r.name },
    { header: "Note", value: (r) => r.note },
    { header: "N", value: (r) => r.n, align: "right" },
  ],
  rows: [
    { name: "a,b", note: 'say "hi"', n: 1 },
    { name: "pipe|name", note: "two\nlines", n: 22 },
  ],
};

describe("commands/lib: rendering", () => {
  it("writes RFC 4180 CSV", () => {
    expect(renderCsv(spec)).to.equal('Name,Note,N\n"a,b","say ""hi""",1\npipe|name,"two\nlines",22\n');
  });

  it("escapes Markdown table cells and right-aligns numbers", () => {
    expect(renderMarkdown(spec)).to.equal('| Name | Note | N |\n| --- | --- | ---: |\n| a,b | say "hi" | 1 |\n| pipe\\|name | two<br>lines | 22 |\n');
  });

  it("wraps long cells in tables instead of truncating them", () => {
    const arn = "arn:aws:iam::333333333333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig";
    const text = renderTable({ columns: [{ header: "Role", value: (r: { arn: string }) => r.arn }], rows: [{ arn }] }, 40);
    expect(text).not.to.contain("…");
    expect(text.replace(/[│\s]/g, "")).to.contain(arn);
    expect(breakLongWords("short " + "x".repeat(12), 5)).to.equal("short xxxxx\nxxxxx\nxx");
  });

  it("prints dollars with the sign first", () => {
    expect(usd(1234.5)).to.equal("$1,234.50");
    expect(usd(-0.02)).to.equal("-$0.02");
    expect(usd(-0.001)).to.equal("$0.00");
  });
});

describe("commands/lib: flags, pages, progress", () => {
  it("takes one output format, a table by default", () => {
    expect(outputFormatOf({})).to.equal("table");
    expect(outputFormatOf({ markdown: true })).to.equal("markdown");
    expect(() => outputFormatOf({ json: true, csv: true })).to.throw(UsageError, "choose one output format, not `--json` and `--csv`");
  });

  it("follows NextToken to the end and refuses a repeated token", async () => {
    const tokens: (string | undefined)[] = [];
    const pages = await allPages(async (t) => (tokens.push(t), t === undefined ? { NextToken: "2" } : t === "2" ? { NextToken: "3" } : {}));
    expect(pages).to.have.length(3);
    expect(tokens).to.deep.equal([undefined, "2", "3"]);
    await allPages(async () => ({ NextToken: "same" })).then(
      () => expect.fail("a repeated token must stop the loop"),
      (e: Error) => expect(e.message).to.contain("the same `NextToken` twice"),
    );
  });

  it("draws progress only on a terminal, never with JSON or --no-progress", () => {
    expect(progressEnabled({ format: "table", isTty: true })).to.equal(true);
    expect(progressEnabled({ format: "table", isTty: false })).to.equal(false);
    expect(progressEnabled({ format: "json", isTty: true })).to.equal(false);
    expect(progressEnabled({ format: "csv", isTty: true, requested: false })).to.equal(false);
  });
});

describe("commands/lib: the stack's Deployment", () => {
  it("loads a listed inventory, and a discovered one from an organization snapshot file", async () => {
    const dev = await loadDeployment({ stack: "dev" });
    expect(dev.stack).to.equal("dev");
    expect(dev.accounts.length).to.be.greaterThan(0);
    expect(await inventoryPathOf("dev")).to.equal("accounts/dev.yaml");
    const prod = await loadDeployment({ stack: "prod", organizationFile: path.join(__dirname, "../../accounts/fixtures/prod-organization.json") });
    expect(prod.discovered).to.equal(true);
    expect(prod.accounts.length).to.be.greaterThan(0);
  });

  it("names a snapshot file it cannot use", async () => {
    await loadDeployment({ stack: "prod", organizationFile: "/nonexistent/org.json" }).then(
      () => expect.fail("expected an InputError"),
      (e: Error) => expect(e.message).to.contain("`--organization /nonexistent/org.json` is not a usable organization snapshot"),
    );
  });
});
