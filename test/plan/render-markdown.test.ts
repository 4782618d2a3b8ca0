import { beforeEach, describe, expect, it } from "vitest";

import { plan, renderMarkdown } from "../../src/plan/index.js";
import {
  OPTIONS,
  desired,
  field,
  live,
  liveField,
  liveOrg,
  org,
  resetLines,
} from "./builders.js";
import { showcasePlan } from "./showcase.js";

describe("renderMarkdown", () => {
  beforeEach(resetLines);

  it("renders a pull-request comment: summary table, destructive changes first, details per object", () => {
    const parts = renderMarkdown(showcasePlan());
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchInlineSnapshot(`
      "## orgsync plan

      Target http:&#8203;//127.0.0.1:4010/jsm/csm/cloudid/test/api/v1/, planned 2026-05-01T12:00:00.000Z by orgsync 0.1.0.

      **Plan: 6 to create, 3 to update, 2 to rename, 3 to delete, 1 to replace.**

      | create | update | rename | delete | replace | destructive | unsupported |
      |---:|---:|---:|---:|---:|---:|---:|
      | 6 | 3 | 2 | 3 | 1 | 4 | 0 |

      ### :warning: Destructive changes (4)

      Apply refuses these without \`--allow-delete\` (deletes) or \`--allow-replace\` (replacements).

      - **±** field\\["Score"\\] must be replaced (TEXT → NUMBER): 1 of the 2 organizations read holds values in this field; all values are deleted
      - **-** organization\\["Acme Corp"\\].product\\["Acme Gadget"\\]
      - **-** organization\\["Old Co"\\] (id "o-old") — deletes "Old Co" with its 1 detail value, 0 entitlements and 0 customer associations
      - **-** field\\["Legacy"\\] (TEXT) — 1 of the 2 organizations read holds values in this field; they are deleted with it

      ### Changes by object (9)

      <details><summary><code>field["Region"]</code>: 1 update</summary>

      \`\`\`diff
      ~ field["Region"] (SELECT)
          options:
              "AU"
      -       "US"
              "EU"
      +       "US"
      +       "APAC"
      \`\`\`

      </details>

      <details><summary><code>field["Renewal date"]</code>: 1 create</summary>

      \`\`\`diff
      + field["Renewal date"] (DATE)
      \`\`\`

      </details>

      <details><summary><code>field["Score"]</code>: 1 replace — <b>destructive</b></summary>

      \`\`\`diff
      ± field["Score"] must be replaced (TEXT → NUMBER): 1 of the 2 organizations read holds values in this field; all values are deleted (destructive)
      \`\`\`

      </details>

      <details><summary><code>field["Tier"]</code>: 1 rename</summary>

      \`\`\`diff
      ~ field["Level"] → "Tier"
          options:
              "Gold"
              "Silver"
      +       "Bronze"
      \`\`\`

      </details>

      <details><summary><code>organization["Acme Corp"]</code>: 2 creates, 2 updates, 1 rename, 1 delete — <b>destructive</b></summary>

      \`\`\`diff
      ~ organization["ACME Inc"] → "Acme Corp"
      + organization["Acme Corp"].customer["qm:2"]
      ~ organization["Acme Corp"].detail["Region"]: "US" → "EU"
      ~ organization["Acme Corp"].detail["Renewal date"]: (none) → "2027-01-31"
      + organization["Acme Corp"].product["Acme Widget"]
      - organization["Acme Corp"].product["Acme Gadget"] (destructive)
      \`\`\`

      </details>

      <details><summary><code>organization["Evil\\u001b[2J\\u202eCorp"]</code>: 1 create</summary>

      \`\`\`diff
      + organization["Evil\\u001b[2J\\u202eCorp"]
          "Region": "AU"
      \`\`\`

      </details>

      <details><summary><code>organization["Globex"]</code>: 2 creates</summary>

      \`\`\`diff
      + organization["Globex"]
          "Region": "US"
          "Score": "7"
          products: "Acme Gadget"
          customers: "qm:9"
      + organization["Globex"].serviceDesk["SUP"]
      \`\`\`

      </details>

      <details><summary><code>organization["Old Co"]</code>: 1 delete — <b>destructive</b></summary>

      \`\`\`diff
      - organization["Old Co"] (id "o-old") (destructive)
          "Region": "EU"
          # deletes "Old Co" with its 1 detail value, 0 entitlements and 0 customer associations
      \`\`\`

      </details>

      <details><summary><code>field["Legacy"]</code>: 1 delete — <b>destructive</b></summary>

      \`\`\`diff
      - field["Legacy"] (TEXT) (destructive)
          # 1 of the 2 organizations read holds values in this field; they are deleted with it
      \`\`\`

      </details>
      "
    `);
  });

  it("says so when there is nothing to do", () => {
    const parts = renderMarkdown(plan(desired(), live(), OPTIONS));
    expect(parts).toEqual([
      expect.stringContaining("No changes. The site matches the manifests."),
    ]);
    expect(parts[0]).not.toContain("<details>");
  });

  it("does not claim the site matches when targeting chose part of the plan", () => {
    const [part] = renderMarkdown(plan(desired(), live(), OPTIONS), {
      targeted: true,
    });
    expect(part).toContain(
      "No changes among the targeted addresses (targeting in effect)",
    );
    expect(part).not.toContain("matches the manifests");
  });

  it("splits a big plan into self-contained parts under the limit, losing no change", () => {
    const organizations = Array.from({ length: 400 }, (_, i) =>
      org(`Customer ${String(i).padStart(3, "0")}`, {
        details: { Region: "EU", Notes: `note ${i}` },
      }),
    );
    const big = plan(
      desired({
        fields: [field("Region", "TEXT"), field("Notes", "TEXT")],
        organizations: [...organizations, org("Doomed", { ensure: "absent" })],
      }),
      live({
        fields: [liveField("Region", "TEXT"), liveField("Notes", "TEXT")],
        organizations: [
          ...organizations.map((o, i) =>
            liveOrg(o.name, { id: `o-${i}`, details: { Region: "US" } }),
          ),
          liveOrg("Doomed", { id: "o-doomed" }),
        ],
      }),
      OPTIONS,
    );
    const limit = 10_000;
    const parts = renderMarkdown(big, { maxPartChars: limit });
    expect(parts.length).toBeGreaterThan(5);
    parts.forEach((part, i) => {
      expect(part.length).toBeLessThan(limit);
      expect(part).toContain(
        `## orgsync plan — part ${i + 1} of ${parts.length}`,
      );
      expect(part).toContain(
        "**Plan: 0 to create, 800 to update, 0 to rename, 1 to delete, 0 to replace.**",
      );
      // Every part closes what it opens.
      expect(part.split("<details>").length).toBe(
        part.split("</details>").length,
      );
      expect(part.split("```").length % 2).toBe(1);
    });
    expect(parts[0]).toContain("Destructive changes (1)");
    const all = parts.join("\n");
    for (const change of big.changes) {
      expect(all).toContain(change.address);
    }
    expect(all).toContain("### Changes by object (401) (continued)");
  });

  it("splits one object too big for a part across collapsible blocks", () => {
    const options = Array.from(
      { length: 3000 },
      (_, i) => `Option number ${i}`,
    );
    const huge = plan(
      desired({ fields: [field("Region", "SELECT", { options })] }),
      live({ fields: [liveField("Region", "SELECT", ["Option number 1"])] }),
      OPTIONS,
    );
    const parts = renderMarkdown(huge, { maxPartChars: 20_000 });
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(part.length).toBeLessThan(20_000);
    expect(parts.join("")).toContain("Option number 2999");
    expect(parts[1]).toMatch(
      /<summary><code>field\["Region"\]<\/code>: 1 update \(\d+ of \d+\)<\/summary>/,
    );
  });

  it("escapes names so they cannot inject Markdown, HTML or mentions", () => {
    const hostile = plan(
      desired({
        organizations: [
          org(
            "</details><img src=x onerror=alert(1)> | `rm` @admin [x](http://e.vil)",
            { ensure: "absent" },
          ),
        ],
      }),
      live({
        organizations: [
          liveOrg(
            "</details><img src=x onerror=alert(1)> | `rm` @admin [x](http://e.vil)",
            { id: "o-x" },
          ),
        ],
      }),
      OPTIONS,
    );
    const [text = ""] = renderMarkdown(hostile);
    // Code blocks show text literally (GitHub escapes it), so only their fences matter.
    const blocks = text.match(/```diff\n[\s\S]*?\n```\n/g) ?? [];
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain("</details><img src=x onerror=alert(1)>");
    const outside = blocks.reduce(
      (rest, block) => rest.replace(block, ""),
      text,
    );
    expect(outside).not.toContain("<img");
    expect(outside.match(/<\/details>/g)).toHaveLength(1);
    expect(outside).not.toContain("@admin");
    // Markdown prose escapes Markdown; the <summary> line is raw HTML and escapes HTML.
    const [summary = "", ...prose] = outside
      .split("\n")
      .sort(
        (x, y) =>
          Number(y.startsWith("<details>")) - Number(x.startsWith("<details>")),
      );
    expect(prose.join("\n")).not.toMatch(/[^\\]\[x\]\(/);
    expect(prose.join("\n")).toContain(
      "&lt;/details&gt;&lt;img src=x onerror=alert\\(1\\)&gt; \\| \\`rm\\` @&#8203;admin \\[x\\]\\(http:&#8203;//e.vil\\)",
    );
    expect(summary).toContain(
      '<summary><code>organization["&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt; | `rm` @&#8203;admin [x](http:&#8203;//e.vil)"]</code>',
    );
  });

  it("stays under the limit even for a name longer than a part", () => {
    const name = "Long ".repeat(10_000);
    const long = plan(
      desired({ organizations: [org(name, { ensure: "absent" })] }),
      live({ organizations: [liveOrg(name, { id: "o-long" })] }),
      OPTIONS,
    );
    const parts = renderMarkdown(long, { maxPartChars: 5000 });
    for (const part of parts) expect(part.length).toBeLessThan(5000);
    expect(parts.join("")).toContain("more characters; see the JSON plan");
  });
});
