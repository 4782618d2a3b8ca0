import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  compileAddressGlob,
  requoteAddressGlob,
  selectChanges,
  unmatchedPatterns,
} from "../../src/plan/index.js";
import { scenario } from "./arbitraries.js";
import {
  OPTIONS,
  desired,
  field,
  live,
  liveField,
  liveOrg,
  org,
} from "./builders.js";
import { plan } from "../../src/plan/index.js";
import { showcasePlan } from "./showcase.js";

const addresses = (p: { changes: readonly { address: string }[] }) =>
  p.changes.map((c) => c.address);

describe("compileAddressGlob", () => {
  it("matches * within one name and ** across anything, ignoring case", () => {
    const acme = compileAddressGlob('organization["Acme*"]');
    expect(acme('organization["Acme Corp"]')).toBe(true);
    expect(acme('organization["acme corp"]')).toBe(true);
    expect(acme('organization["Globex"]')).toBe(false);
    // A pattern naming an object also matches what is inside it.
    expect(acme('organization["Acme Corp"].detail["Region"]')).toBe(true);
    // `*` stays inside the quotes: it never reaches into another part of the address.
    expect(compileAddressGlob('organization["*"]')('field["x"]')).toBe(false);
    expect(
      compileAddressGlob('organization["*"].detail["Region"]')(
        'organization["A"].detail["Region"]',
      ),
    ).toBe(true);
    expect(
      compileAddressGlob('organization["*"].detail["Region"]')(
        'organization["A"].product["Region"]',
      ),
    ).toBe(false);
    expect(compileAddressGlob("**")('field["anything"]')).toBe(true);
    // Quotes are part of the address: `[*]` matches nothing, `["*"]` any name.
    expect(
      compileAddressGlob("**.product[*]")('organization["A"].product["W"]'),
    ).toBe(false);
    expect(
      compileAddressGlob('**.product["*"]')('organization["A"].product["W"]'),
    ).toBe(true);
  });

  it("takes every other character literally, including regex syntax in names", () => {
    const odd = compileAddressGlob('organization["a.b (c)+"]');
    expect(odd('organization["a.b (c)+"]')).toBe(true);
    expect(odd('organization["aXb (c)+"]')).toBe(false);
    expect(
      compileAddressGlob('organization["Say \\"hi\\"*"]')(
        'organization["Say \\"hi\\" Ltd"]',
      ),
    ).toBe(true);
  });
});

describe("selectChanges", () => {
  it("keeps the targeted changes and, like terraform -target, what they depend on", () => {
    const selected = selectChanges(showcasePlan(), {
      target: ['organization["Acme Corp"].detail["Region"]'],
    });
    // The Region field change only adds APAC, which this value does not use: not needed.
    expect(addresses(selected)).toEqual([
      'organization["Acme Corp"]',
      'organization["Acme Corp"].detail["Region"]',
    ]);
    expect(selected.summary).toEqual({
      create: 0,
      update: 1,
      rename: 1,
      delete: 0,
      replace: 0,
    });
    expect(selected.unsupported).toEqual([]);
  });

  it("excludes changes and everything that depends on them", () => {
    const selected = selectChanges(showcasePlan(), {
      exclude: ['organization["ACME*"]', 'field["Legacy"]'],
    });
    expect(addresses(selected)).not.toContain(
      'organization["Acme Corp"].detail["Region"]',
    );
    expect(addresses(selected)).not.toContain('field["Legacy"]');
    expect(addresses(selected)).toContain('field["Region"]');
    expect(addresses(selected)).toContain('organization["Globex"]');
    expect(selected.unsupported).toEqual([]);

    const withoutField = selectChanges(showcasePlan(), {
      exclude: ['field["Region"]'],
    });
    // No Region value uses the option the field change adds: none of them is dropped.
    expect(addresses(withoutField)).toContain(
      'organization["Acme Corp"].detail["Region"]',
    );
    expect(addresses(withoutField)).not.toContain('field["Region"]');
    expect(addresses(withoutField)).toContain('organization["Old Co"]');
  });

  it("ties a value to its field's change only when the value needs it", () => {
    const full = plan(
      desired({
        fields: [
          // Adds APAC and removes US (destructive); renames Level to Tier.
          field("Region", "SELECT", { options: ["AU", "EU", "APAC"] }),
          field("Tier", "TEXT", { previousNames: ["Level"] }),
          field("Website", "TEXT"),
        ],
        organizations: [
          org("Acme", { details: { Region: "EU" } }),
          org("Globex", { details: { Region: "APAC" } }),
          org("Initech", { details: { Tier: "Gold" } }),
          org("Hooli", { details: { Website: "https://hooli.example" } }),
        ],
      }),
      live({
        fields: [
          liveField("Region", "SELECT", ["AU", "EU", "US"]),
          liveField("Level", "TEXT"),
        ],
        organizations: [
          liveOrg("Acme", { details: { Region: "US" } }),
          liveOrg("Globex", { details: { Region: "AU" } }),
          liveOrg("Initech"),
          liveOrg("Hooli"),
        ],
      }),
      OPTIONS,
    );
    const deps = Object.fromEntries(
      full.changes.map((c) => [c.address, c.dependsOn]),
    );
    expect(deps['organization["Acme"].detail["Region"]']).toEqual([]);
    expect(deps['organization["Globex"].detail["Region"]']).toEqual([
      'field["Region"]',
    ]);
    expect(deps['organization["Initech"].detail["Tier"]']).toEqual([
      'field["Tier"]',
    ]);
    expect(deps['organization["Hooli"].detail["Website"]']).toEqual([
      'field["Website"]',
    ]);
    // --target on one organization does not drag in the destructive field change…
    const acme = selectChanges(full, { target: ['organization["Acme"]'] });
    expect(addresses(acme)).toEqual(['organization["Acme"].detail["Region"]']);
    expect(acme.changes.some((c) => c.destructive)).toBe(false);
    // …and --exclude of the field drops only the values that need it.
    const withoutRegion = selectChanges(full, { exclude: ['field["Region"]'] });
    expect(addresses(withoutRegion)).toContain(
      'organization["Acme"].detail["Region"]',
    );
    expect(addresses(withoutRegion)).not.toContain(
      'organization["Globex"].detail["Region"]',
    );
  });

  it("treats the one-after-another order of new fields as an order, not a need", () => {
    const full = plan(
      desired({
        fields: [
          field("Region", "TEXT"),
          field("Xa", "TEXT"),
          field("Yb", "TEXT"),
        ],
        organizations: [org("Acme", { details: { Yb: "hello" } })],
      }),
      live({
        fields: [liveField("Region", "TEXT")],
        organizations: [liveOrg("Acme")],
      }),
      OPTIONS,
    );
    // The order: Yb is created after Xa.
    expect(
      full.changes.find((c) => c.address === 'field["Yb"]')!.dependsOn,
    ).toEqual(['field["Xa"]']);
    // --exclude of Xa keeps Yb and the value that needs Yb, no longer waiting for Xa.
    const withoutXa = selectChanges(full, { exclude: ['field["Xa"]'] });
    expect(withoutXa.changes.map((c) => [c.address, c.dependsOn])).toEqual([
      ['field["Yb"]', []],
      ['organization["Acme"].detail["Yb"]', ['field["Yb"]']],
    ]);
    // --target of Yb does not pull in Xa.
    const onlyYb = selectChanges(full, { target: ['field["Yb"]'] });
    expect(addresses(onlyYb)).toEqual(['field["Yb"]']);
  });

  it("selects everything with no patterns, and nothing for a pattern that matches nothing", () => {
    const all = showcasePlan();
    expect(selectChanges(all, {})).toEqual(all);
    const none = selectChanges(all, { target: ["organization[Acme Corp]"] });
    expect(none.changes).toEqual([]);
    expect(none.summary).toEqual({
      create: 0,
      update: 0,
      rename: 0,
      delete: 0,
      replace: 0,
    });
    expect(
      unmatchedPatterns(all, {
        target: ["organization[Acme Corp]", 'field["Region"]'],
      }),
    ).toEqual(["organization[Acme Corp]"]);
  });

  it("never keeps a change without its prerequisites, and keeps plan order", () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(
          fc.constantFrom(
            'field["*"]',
            'organization["A*"]',
            'organization["*"].detail["T*"]',
            '**.product["*"]',
            'organization["G*"]',
          ),
          { maxLength: 2 },
        ),
        fc.array(
          fc.constantFrom(
            'field["R*"]',
            'organization["H*"]',
            '**.detail["*"]',
          ),
          { maxLength: 2 },
        ),
        ({ desired, live }, target, exclude) => {
          const full = plan(desired, live, OPTIONS);
          const selected = selectChanges(full, { target, exclude });
          const kept = new Set(addresses(selected));
          for (const change of selected.changes) {
            for (const dependency of change.dependsOn)
              expect(kept).toContain(dependency);
          }
          const order = addresses(full).filter((a) => kept.has(a));
          expect(addresses(selected)).toEqual(order);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("requoteAddressGlob", () => {
  it("quotes the names the shell left bare, and leaves quoted patterns alone", () => {
    expect(requoteAddressGlob("organization[Acme]")).toBe(
      'organization["Acme"]',
    );
    expect(requoteAddressGlob("organization[Acme*].detail[Region]")).toBe(
      'organization["Acme*"].detail["Region"]',
    );
    expect(requoteAddressGlob('organization["Acme"]')).toBeUndefined();
    expect(requoteAddressGlob("**.product")).toBeUndefined();
  });

  it("quotes a pattern into one that matches the address the user meant", () => {
    const requoted = requoteAddressGlob("organization[Acme Corp]") ?? "";
    expect(compileAddressGlob(requoted)('organization["Acme Corp"]')).toBe(
      true,
    );
  });
});
