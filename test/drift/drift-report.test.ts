import { describe, expect, it } from "vitest";

import { driftReport, hasDrift } from "../../src/drift/drift-report.js";
import type { IgnoreEntry, IgnoreList } from "../../src/drift/ignore-file.js";
import type { Desired, Live } from "../../src/model/index.js";
import { plan } from "../../src/plan/plan.js";
import {
  OPTIONS,
  at,
  desired,
  field,
  live,
  liveField,
  liveOrg,
  org,
} from "../plan/builders.js";

const NOW = new Date("2026-05-01T12:00:00Z");

function entry(address: string, expires: string, line = 4): IgnoreEntry {
  return {
    address,
    reason: `because ${address}`,
    expires,
    source: { file: ".orgsync-ignore.yaml", line, column: 5 },
  };
}

function ignore(...entries: IgnoreEntry[]): IgnoreList {
  return { file: ".orgsync-ignore.yaml", entries };
}

function report(d: Desired, l: Live, entries: IgnoreEntry[] = []) {
  return driftReport(plan(d, l, OPTIONS), {
    now: NOW,
    ...(entries.length > 0 ? { ignore: ignore(...entries) } : {}),
  });
}

const REGION = ["AU", "EU", "US"];
const fields = [field("Region", "SELECT", { options: REGION })];
const liveFields = [liveField("Region", "SELECT", REGION)];

describe("driftReport", () => {
  it("is clean when the site matches the manifests", () => {
    const result = report(
      desired({
        fields,
        organizations: [org("Acme", { details: { Region: "EU" } })],
      }),
      live({
        fields: liveFields,
        organizations: [liveOrg("Acme", { details: { Region: "EU" } })],
      }),
    );
    expect(hasDrift(result)).toBe(false);
    expect(result.drift).toEqual([]);
    expect(result.summary).toEqual({
      drifted: 0,
      acknowledged: 0,
      expired: 0,
      stale: 0,
    });
    expect(result.checkedAt).toBe("2026-05-01T12:00:00.000Z");
  });

  it("names each drifted item with manifest value, live value and file:line", () => {
    const source = at(7, "orgsync/organizations/acme.yaml");
    const acme = org("Acme", { details: { Region: "EU" } });
    const withSource = {
      ...acme,
      details: [{ ...acme.details[0]!, source }],
    };
    const result = report(
      desired({ fields, organizations: [withSource] }),
      live({
        fields: liveFields,
        organizations: [liveOrg("Acme", { details: { Region: "US" } })],
      }),
    );
    expect(hasDrift(result)).toBe(true);
    expect(result.drift).toEqual([
      {
        address: 'organization["Acme"].detail["Region"]',
        object: 'organization["Acme"]',
        resource: "detail",
        kind: "value-differs",
        manifest: { values: ["EU"] },
        live: { values: ["US"] },
        source,
      },
    ]);
  });

  it("tells the kinds of drift apart", () => {
    const result = report(
      desired({
        fields: [
          field("Region", "SELECT", { options: [...REGION, "APAC"] }),
          field("Tier", "SELECT", {
            options: ["Gold"],
            previousNames: ["Level"],
          }),
          field("Since", "DATE"),
        ],
        organizations: [
          org("Acme", { customers: ["qm:1", "qm:2"] }),
          org("Globex"),
          org("Initech", { ensure: "absent" }),
          org("Umbrella", { previousNames: ["Umbrela"] }),
        ],
      }),
      live({
        fields: [
          ...liveFields,
          liveField("Level", "SELECT", ["Gold"]),
          liveField("Since", "TEXT"),
        ],
        organizations: [
          liveOrg("Acme", { customers: ["qm:1"] }),
          liveOrg("Initech"),
          liveOrg("Umbrela"),
        ],
      }),
    );
    const kinds = Object.fromEntries(
      result.drift.map((item) => [item.address, item.kind]),
    );
    expect(kinds).toEqual({
      'field["Region"]': "value-differs",
      'field["Tier"]': "renamed",
      'field["Since"]': "type-differs",
      'organization["Globex"]': "missing-on-site",
      'organization["Initech"]': "unexpected-on-site",
      'organization["Umbrella"]': "renamed",
      'organization["Acme"].customer["qm:2"]': "missing-on-site",
    });
    const customer = result.drift.find((item) => item.resource === "customer")!;
    expect(customer.manifest).toEqual({ accountId: "qm:2" });
    expect(customer.live).toBeNull();
  });

  it("lets an ignore entry written for a customers difference cover each customer of the organization", () => {
    const result = report(
      desired({
        organizations: [
          org("Acme", { customers: ["qm:1", "qm:2"], pruneCustomers: true }),
          org("Acme Labs", { customers: ["qm:1"] }),
        ],
      }),
      live({
        organizations: [
          liveOrg("Acme", { customers: ["qm:3"] }),
          liveOrg("Acme Labs"),
        ],
      }),
      [entry('organization["Acme"].customers', "2026-06-01")],
    );
    expect(result.acknowledged.map((item) => item.address)).toEqual([
      'organization["Acme"].customer["qm:1"]',
      'organization["Acme"].customer["qm:2"]',
      'organization["Acme"].customer["qm:3"]',
    ]);
    expect(result.drift.map((item) => item.address)).toEqual([
      'organization["Acme Labs"].customer["qm:1"]',
    ]);
  });

  describe("acknowledgements", () => {
    const d = desired({
      fields,
      organizations: [
        org("Acme", { details: { Region: "EU" } }),
        org("Acme Labs", { details: { Region: "AU" } }),
      ],
    });
    const l = live({
      fields: liveFields,
      organizations: [
        liveOrg("Acme", { details: { Region: "US" } }),
        liveOrg("Acme Labs", { details: { Region: "US" } }),
      ],
    });

    it("moves acknowledged drift to its own section and out of the exit code", () => {
      const acknowledging = entry('organization["Acme*"]', "2026-06-30");
      const result = report(d, l, [acknowledging]);
      expect(hasDrift(result)).toBe(false);
      expect(
        new Map(
          result.acknowledged.map((item) => [
            item.address,
            item.acknowledgedBy,
          ]),
        ),
      ).toEqual(
        new Map([
          ['organization["Acme"].detail["Region"]', acknowledging],
          ['organization["Acme Labs"].detail["Region"]', acknowledging],
        ]),
      );
      expect(result.summary).toMatchObject({ drifted: 0, acknowledged: 2 });
    });

    it("acknowledges only what the glob matches", () => {
      const result = report(d, l, [
        entry('organization["Acme"].detail["Region"]', "2026-06-30"),
      ]);
      expect(result.acknowledged.map((item) => item.address)).toEqual([
        'organization["Acme"].detail["Region"]',
      ]);
      expect(result.drift.map((item) => item.address)).toEqual([
        'organization["Acme Labs"].detail["Region"]',
      ]);
    });

    it("still acknowledges on its last day and no longer the day after", () => {
      const lastDay = report(d, l, [
        entry('organization["Acme*"]', "2026-05-01"),
      ]);
      expect(hasDrift(lastDay)).toBe(false);
      expect(lastDay.expiringEntries).toHaveLength(1);

      const expired = entry('organization["Acme*"]', "2026-04-30");
      const after = report(d, l, [expired]);
      expect(hasDrift(after)).toBe(true);
      expect(after.acknowledged).toEqual([]);
      expect(after.drift.map((item) => item.expiredAcknowledgement)).toEqual([
        expired,
        expired,
      ]);
      expect(after.expiredEntries).toEqual([expired]);
      expect(after.summary).toEqual({
        drifted: 2,
        acknowledged: 0,
        expired: 1,
        stale: 0,
      });
    });

    it("prefers an unexpired entry to an expired one, in file order", () => {
      const old = entry('organization["Acme"]', "2026-01-01", 4);
      const first = entry('organization["Acme"].detail["*"]', "2026-12-31", 8);
      const second = entry('organization["Acme*"]', "2026-12-31", 12);
      const result = report(d, l, [old, first, second]);
      expect(
        new Map(
          result.acknowledged.map((item) => [
            item.address,
            item.acknowledgedBy,
          ]),
        ),
      ).toEqual(
        new Map([
          ['organization["Acme"].detail["Region"]', first],
          ['organization["Acme Labs"].detail["Region"]', second],
        ]),
      );
      expect(result.staleEntries).toEqual([]);
    });

    it("reports unexpired entries that match nothing as stale", () => {
      const typo = entry('organization["Acme Crop"]', "2026-12-31");
      const result = report(d, l, [typo]);
      expect(result.staleEntries).toEqual([typo]);
      expect(result.summary.stale).toBe(1);
      expect(result.expiringEntries).toEqual([]);
    });
  });
});
