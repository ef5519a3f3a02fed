/**
 * The central components' type tokens: one scheme, and the earlier tokens kept as aliases
 * (components/central/typeTokens.ts). The program runs under Pulumi mocks; the URNs below are
 * in the engine's scheme (the qualified type names every parent's type; the mock monitor's own
 * URNs name only the nearest), rebuilt from what the program registered. A child's aliases are
 * not registered: the engine derives them from its parent's, which this test does the same way
 * (a parent alias's qualified type, then the child's type and name). That the real engine does
 * so, a `pulumi up` with the earlier code and a preview with this one shows (the stand-in plugin
 * run in the closing note of this change: no create, delete or replace).
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";

import { CENTRAL_TYPES, EARLIER_TYPES } from "../../../components/central/typeTokens";
import type { RegisteredAlias } from "../../../offline/mockRun";
import { runProgram, type MockedResource, type TestRun } from "../../helpers/program";

const EARLIER = JSON.parse(readFileSync(path.join(__dirname, "../../fixtures/central/earlierTypeUrns.json"), "utf8")) as Record<"dev" | "prod", string[]>;
const STACK_TYPE = "pulumi:pulumi:Stack";

/** The engine's URNs for a run: qualified type chain by resource, and every URN each resource answers to. */
function engineView(run: TestRun, stack: string) {
  const byMockUrn = new Map(run.resources.map((r) => [r.urn, r]));
  const parentOf = (r: MockedResource) => (r.parent ? byMockUrn.get(r.parent) : undefined);
  const qualified = new Map<MockedResource, string>();
  const qualifiedType = (r: MockedResource): string => {
    const known = qualified.get(r);
    if (known) return known;
    const parent = parentOf(r);
    const type = parent && parent.type !== STACK_TYPE ? `${qualifiedType(parent)}$${r.type}` : r.type;
    qualified.set(r, type);
    return type;
  };
  const urn = (type: string, name: string) => `urn:pulumi:${stack}::aws-config-org::${type}::${name}`;
  const typeOf = (u: string) => u.split("::")[2]!;
  const aliasUrn = (r: MockedResource, a: RegisteredAlias): string => {
    if ("urn" in a) return a.urn;
    const parentType = a.noParent
      ? undefined
      : a.parentUrn
        ? typeOf(engineUrnOfMock(a.parentUrn))
        : parentOf(r) && parentOf(r)!.type !== STACK_TYPE
          ? qualifiedType(parentOf(r)!)
          : undefined;
    const type = a.type || r.type;
    return urn(parentType ? `${parentType}$${type}` : type, a.name || r.name);
  };
  const engineUrnOfMock = (mockUrn: string) => {
    const r = byMockUrn.get(mockUrn);
    if (!r) throw new Error(`no registered resource ${mockUrn}`);
    return urn(qualifiedType(r), r.name);
  };
  const answers = new Map<MockedResource, string[]>();
  const answersOf = (r: MockedResource): string[] => {
    const known = answers.get(r);
    if (known) return known;
    const own = (r.aliases ?? []).map((a) => aliasUrn(r, a));
    const parent = parentOf(r);
    const inherited = parent
      ? answersOf(parent)
          .slice(1)
          .map((pa) => urn(`${typeOf(pa)}$${r.type}`, r.name))
      : [];
    const all = [urn(qualifiedType(r), r.name), ...own, ...inherited];
    answers.set(r, all);
    return all;
  };
  return { urnOf: (r: MockedResource) => answersOf(r)[0]!, answersOf };
}

for (const stack of ["dev", "prod"] as const) {
  describe(`central type tokens: ${stack}`, () => {
    let run: TestRun;
    before(async () => {
      run = await runProgram(stack);
    });

    it("gives every component of the central component one scheme, but for the exception the file names", () => {
      const central = run.resources.find((r) => r.type === CENTRAL_TYPES.Central)!;
      const children = run.resources.filter((r) => r.parent === central.urn && !r.custom);
      expect(children.length).to.be.greaterThan(3);
      for (const c of children) {
        expect(Object.values(CENTRAL_TYPES), c.name).to.include(c.type);
        if (c.type !== CENTRAL_TYPES.ComplianceTopics) expect(c.type, c.name).to.match(/^aws-config-org:central:[A-Z][A-Za-z]+$/);
      }
      expect(
        run.resources.some((r) => Object.values(EARLIER_TYPES).includes(r.type)),
        "no resource under an earlier token",
      ).to.equal(false);
    });

    it("reaches every URN the earlier tokens produced through exactly one resource's alias, and no current URN is one of them", () => {
      const view = engineView(run, stack);
      const current = new Set(run.resources.map(view.urnOf));
      const reached = new Map<string, string[]>();
      for (const r of run.resources) for (const a of view.answersOf(r).slice(1)) reached.set(a, [...(reached.get(a) ?? []), view.urnOf(r)]);
      expect(EARLIER[stack].length, "the fixture holds the earlier URNs").to.be.greaterThan(0);
      for (const earlier of EARLIER[stack]) {
        expect(current.has(earlier), `${earlier} is a current URN: its token did not change`).to.equal(false);
        expect(reached.get(earlier), `${earlier}: no resource answers to it`).to.have.length(1);
        // The same resource: same name, and the same type, or the renamed component's new token.
        const [now] = reached.get(earlier)!;
        expect(now!.split("::").pop()).to.equal(earlier.split("::").pop());
        const earlierType = earlier.split("::")[2]!.split("$").pop()!;
        const renamed = Object.entries(EARLIER_TYPES).find(([, old]) => old === earlierType)?.[0] as keyof typeof CENTRAL_TYPES | undefined;
        expect(now!.split("::")[2]!.split("$").pop()).to.equal(renamed ? CENTRAL_TYPES[renamed] : earlierType);
      }
    });
  });
}
