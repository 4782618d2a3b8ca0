import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { driftReport } from "../../src/drift/drift-report.js";
import type { IgnoreEntry } from "../../src/drift/ignore-file.js";
import { renderDriftJson } from "../../src/drift/drift-report.js";
import { renderDriftMarkdown } from "../../src/drift/render-drift-markdown.js";
import { renderDriftText } from "../../src/drift/render-drift-text.js";
import type { Desired, Live } from "../../src/model/index.js";
import { plan } from "../../src/plan/plan.js";
import { createStyle } from "../../src/util/style.js";
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
const REGION = ["AU", "EU", "US"];

function entry(
  address: string,
  expires: string,
  line: number,
  by?: string,
): IgnoreEntry {
  return {
    address,
    reason: `reason ${line}`,
    expires,
    ...(by ? { by } : {}),
    source: { file: ".orgsync-ignore.yaml", line, column: 5 },
  };
}

function build(d: Desired, l: Live, entries: IgnoreEntry[] = []) {
  return driftReport(plan(d, l, OPTIONS), d, l, {
    now: NOW,
    ignore: { file: ".orgsync-ignore.yaml", entries },
  });
}

function sample() {
  const acme = org("Acme", {
    details: { Region: "EU" },
    products: ["Acme Widget"],
    source: at(1, "orgsync/acme.yaml"),
  });
  const placed = {
    ...acme,
    details: [{ ...acme.details[0]!, source: at(5, "orgsync/acme.yaml") }],
    products: { items: ["Acme Widget"], source: at(6, "orgsync/acme.yaml") },
  };
  const globex = org("Globex", {
    details: { Region: "AU" },
    source: at(2, "orgsync/globex.yaml"),
  });
  const globexPlaced = {
    ...globex,
    details: [{ ...globex.details[0]!, source: at(4, "orgsync/globex.yaml") }],
  };
  return build(
    desired({
      fields: [
        field("Region", "SELECT", {
          options: REGION,
          source: at(3, "orgsync/fields.yaml"),
        }),
      ],
      organizations: [placed, globexPlaced],
    }),
    live({
      fields: [liveField("Region", "SELECT", REGION)],
      organizations: [
        liveOrg("Acme", { details: { Region: "US" } }),
        liveOrg("Globex", { details: { Region: "US" } }),
      ],
    }),
    [
      entry('organization["Globex"]', "2026-05-03", 4, "jane"),
      entry('organization["Initech"]', "2026-12-31", 9),
      entry('field["Old"]', "2026-01-31", 13),
    ],
  );
}

describe("renderDriftText", () => {
  it("shows drift by object with both values and the manifest's place, then the ignore file's state", () => {
    expect(renderDriftText(sample(), createStyle(false)))
      .toMatchInlineSnapshot(`
      "Drift: 2 differences between the manifests and http://127.0.0.1:4010/jsm/csm/cloudid/test/api/v1/

      organization["Acme"]
        ~ detail["Region"]  value differs
            manifest: "EU"
            live:     "US"
            at orgsync/acme.yaml:5:3
        + product["Acme Widget"]  missing on site
            manifest: entitled to "Acme Widget"
            live:     absent
            at orgsync/acme.yaml:6:3

      Acknowledged drift (1): does not fail the check
        ~ organization["Globex"].detail["Region"]  value differs
            manifest: "AU"
            live:     "US"
            at orgsync/globex.yaml:4:3
            acknowledged until 2026-05-03 by jane (.orgsync-ignore.yaml:4:5): reason 4

      Expired acknowledgements (1): they acknowledge nothing any more; renew or remove them
        field["Old"] (until 2026-01-31, .orgsync-ignore.yaml:13:5): reason 13

      Stale acknowledgements (1): they match no drift; remove them
        organization["Initech"] (until 2026-12-31, .orgsync-ignore.yaml:9:5): reason 9

      Expiring within 7 days (1):
        organization["Globex"] (until 2026-05-03 by jane, .orgsync-ignore.yaml:4:5): reason 4

      Summary: 2 differences drifted, 1 acknowledged, 1 expired acknowledgement, 1 stale acknowledgement.
      "
    `);
  });

  it("says so when there is no drift, and colours only when asked", () => {
    const clean = build(desired(), live());
    expect(renderDriftText(clean, createStyle(false))).toMatch(
      /^No drift: .* matches the manifests\./,
    );
    expect(renderDriftText(clean, createStyle(false))).not.toContain("\u001b[");
    expect(renderDriftText(clean, createStyle(true))).toContain("\u001b[32m");
  });

  it("never lets a name or value act on the terminal", () => {
    const evil = "Evil\u001b]8;;http://x\u0007\u202e\nforged line";
    const report = build(
      desired({
        fields: [field("Note", "TEXT")],
        organizations: [org(evil, { details: { Note: evil } })],
      }),
      live({
        fields: [liveField("Note", "TEXT")],
        organizations: [liveOrg(evil, { details: { Note: "x" } })],
      }),
    );
    const text = renderDriftText(report, createStyle(false));
    for (const char of ["\u0007", "\u001b", "\u202e"]) {
      expect(text).not.toContain(char);
    }
    expect(text).not.toContain("\nforged line");
    expect(text).toContain("\\u202e");
  });
});

describe("renderDriftJson", () => {
  it("writes the report as stable JSON", () => {
    const report = sample();
    const json = renderDriftJson(report);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(renderDriftJson(sample())).toBe(json);
    expect(Object.keys(JSON.parse(json) as object)).toEqual([
      "formatVersion",
      "orgsyncVersion",
      "checkedAt",
      "target",
      "ignoreFile",
      "drift",
      "acknowledged",
      "expiredEntries",
      "staleEntries",
      "expiringEntries",
      "summary",
    ]);
  });
});

describe("renderDriftMarkdown", () => {
  it("renders a summary table and a collapsible table per object", () => {
    const parts = renderDriftMarkdown(sample());
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchInlineSnapshot(`
      "## orgsync drift: 2 differences

      Site http:&#8203;//127.0.0.1:4010/jsm/csm/cloudid/test/api/v1/, checked 2026-05-01T12:00:00.000Z.

      | Drifted | Acknowledged | Expired acknowledgements | Stale acknowledgements |
      |---:|---:|---:|---:|
      | 2 | 1 | 1 | 1 |

      ### Drift

      <details open><summary>organization["Acme"]: 2 differences</summary>

      | Address | Drift | Manifest | Live | Written at |
      |---|---|---|---|---|
      | detail\\["Region"\\] | value differs | "EU" | "US" | orgsync/acme.yaml:5:3 |
      | product\\["Acme Widget"\\] | missing on site | entitled to "Acme Widget" | absent | orgsync/acme.yaml:6:3 |

      </details>

      ### Acknowledged drift (1)

      Accepted by .orgsync-ignore.yaml; it does not fail the check until it expires.

      | Address | Drift | Manifest | Live | Acknowledged until | Reason |
      |---|---|---|---|---|---|
      | organization\\["Globex"\\].detail\\["Region"\\] | value differs | "AU" | "US" | 2026-05-03 | reason 4 |

      ### Expired acknowledgements: they acknowledge nothing any more; renew or remove them (1)

      | Address or glob | Expires | Reason | By | Written at |
      |---|---|---|---|---|
      | field\\["Old"\\] | 2026-01-31 | reason 13 |  | .orgsync-ignore.yaml:13:5 |

      ### Stale acknowledgements: they match no drift; remove them (1)

      | Address or glob | Expires | Reason | By | Written at |
      |---|---|---|---|---|
      | organization\\["Initech"\\] | 2026-12-31 | reason 9 |  | .orgsync-ignore.yaml:9:5 |

      ### Acknowledgements expiring within 7 days (1)

      | Address or glob | Expires | Reason | By | Written at |
      |---|---|---|---|---|
      | organization\\["Globex"\\] | 2026-05-03 | reason 4 | jane | .orgsync-ignore.yaml:4:5 |
      "
    `);
  });

  it("escapes names so they cannot reshape the comment or mention anyone", () => {
    const evil = "</summary></details><img src=x> | @everyone `x`";
    const report = build(
      desired({
        fields: [field("Note", "TEXT")],
        organizations: [org(evil, { details: { Note: "@here |" } })],
      }),
      live({
        fields: [liveField("Note", "TEXT")],
        organizations: [liveOrg(evil, { details: { Note: "x" } })],
      }),
    );
    const [markdown] = renderDriftMarkdown(report);
    expect(markdown).not.toContain("<img");
    expect(markdown).not.toContain("</summary></details><");
    expect(markdown).not.toMatch(/@(everyone|here)/);
    const row = markdown!
      .split("\n")
      .find((line) => line.startsWith("| detail"))!;
    // Five cells: no unescaped | from the values split the row.
    expect(row.split(/(?<!\\)\|/).length).toBe(7);
  });

  it("splits a big report into parts under the limit, cutting only between rows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 2_000, max: 20_000 }),
        fc.string({ maxLength: 300 }),
        (count, limit, note) => {
          const names = Array.from(
            { length: count },
            (_, i) => `Org ${i} ${note}`,
          );
          const report = build(
            desired({
              fields: [field("Note", "TEXT")],
              organizations: names.map((name) =>
                org(name, { details: { Note: `${note} new` } }),
              ),
            }),
            live({
              fields: [liveField("Note", "TEXT")],
              organizations: names.map((name) =>
                liveOrg(name, { details: { Note: "old" } }),
              ),
            }),
          );
          const parts = renderDriftMarkdown(report, limit);
          for (const part of parts)
            expect(part.length).toBeLessThanOrEqual(limit);
          const rows = parts
            .join("")
            .split("\n")
            .filter((line) => line.startsWith("| detail"));
          expect(rows).toHaveLength(count);
          if (parts.length > 1) {
            expect(parts[1]).toMatch(
              new RegExp(`^_orgsync drift, part 2 of ${parts.length}_`),
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
