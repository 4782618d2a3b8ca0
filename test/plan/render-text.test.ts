import { stripVTControlCharacters } from "node:util";

import { beforeEach, describe, expect, it } from "vitest";

import { plan, renderText } from "../../src/plan/index.js";
import {
  OPTIONS,
  desired,
  live,
  liveOrg,
  org,
  resetLines,
} from "./builders.js";
import { showcasePlan } from "./showcase.js";

const ESC = "\u001b";
/** Our own colour codes (built from a string, since they are control characters). */
const SGR = new RegExp(`${ESC}\\[\\d+m`, "g");

describe("renderText", () => {
  beforeEach(resetLines);

  it("shows every kind of change, Terraform-style, grouped by object", () => {
    expect(renderText(showcasePlan(), { color: false })).toMatchInlineSnapshot(`
      "Planned changes (+ create, ~ update or rename, - delete, ± replace):

        ~ field["Region"] (SELECT)
            options:
                "AU"
              - "US"
                "EU"
              + "US"
              + "APAC"

        + field["Renewal date"] (DATE)

        ± field["Score"] must be replaced (TEXT → NUMBER): 1 of the 2 organizations read holds values in this field; all values are deleted (destructive)

        ~ field["Level"] → "Tier"
            options:
                "Gold"
                "Silver"
              + "Bronze"

        ~ organization["ACME Inc"] → "Acme Corp"
        + organization["Acme Corp"].customer["qm:2"]
        ~ organization["Acme Corp"].detail["Region"]: "US" → "EU"
        ~ organization["Acme Corp"].detail["Renewal date"]: (none) → "2027-01-31"
        + organization["Acme Corp"].product["Acme Widget"]
        - organization["Acme Corp"].product["Acme Gadget"] (destructive)

        + organization["Evil\\u001b[2J\\u202eCorp"]
            "Region": "AU"

        + organization["Globex"]
            "Region": "US"
            "Score": "7"
            products: "Acme Gadget"
            customers: "qm:9"
        + organization["Globex"].serviceDesk["SUP"]

        - organization["Old Co"] (id "o-old") (destructive)
            "Region": "EU"
            # deletes "Old Co" with its 1 detail value, 0 entitlements and 0 customer associations

        - field["Legacy"] (TEXT) (destructive)
            # 1 of the 2 organizations read holds values in this field; they are deleted with it

      Warning: 4 destructive changes (marked above); apply refuses them without --allow-delete (deletes) or --allow-replace (replacements).
      Plan: 6 to create, 3 to update, 2 to rename, 3 to delete, 1 to replace.
      "
    `);
  });

  it("says so when there is nothing to do", () => {
    const empty = plan(desired(), live(), OPTIONS);
    expect(renderText(empty, { color: false })).toBe(
      "No changes. The site matches the manifests.\n",
    );
  });

  it("does not claim the site matches when targeting chose part of the plan", () => {
    const empty = plan(desired(), live(), OPTIONS);
    const text = renderText(empty, { color: false, targeted: true });
    expect(text).toMatch(
      /^No changes among the targeted addresses \(targeting in effect\);/,
    );
    expect(text).not.toContain("matches the manifests");
  });

  it("still lists what the API cannot do when there is nothing else", () => {
    const empty = plan(desired(), live(), OPTIONS);
    const onlyUnsupported = {
      ...empty,
      unsupported: [
        {
          address: 'organization["Acme"].customers',
          reason: "an example the API cannot make",
          source: { file: "orgsync/site.yaml", line: 1, column: 3 },
        },
      ],
    };
    expect(renderText(onlyUnsupported, { color: false }))
      .toMatchInlineSnapshot(`
        "Not supported by the CSM API (shown, never applied):
          ! organization["Acme"].customers: an example the API cannot make (orgsync/site.yaml:1:3)

        No changes to apply. 1 difference the CSM API cannot make is listed above.
        "
      `);
  });

  it("plans customers and service desk links of an existing organization one by one", () => {
    const managed = plan(
      desired({
        organizations: [
          org("Acme", {
            customers: ["qm:2"],
            pruneCustomers: true,
            serviceDesks: ["SUP"],
            pruneServiceDesks: true,
          }),
        ],
      }),
      live({
        organizations: [liveOrg("Acme", { id: "o-1", customers: ["qm:1"] })],
        serviceDesks: { SUP: [], HR: ["o-1"] },
      }),
      OPTIONS,
    );
    expect(renderText(managed, { color: false })).toMatchInlineSnapshot(`
      "Planned changes (+ create, ~ update or rename, - delete, ± replace):

        + organization["Acme"].customer["qm:2"]
        + organization["Acme"].serviceDesk["SUP"]
        - organization["Acme"].customer["qm:1"] (destructive)
            # removes "qm:1" from "Acme" (the customer account itself is kept)
        - organization["Acme"].serviceDesk["HR"] (destructive)
            # revokes the access of "Acme" to service desk "HR"

      Warning: 2 destructive changes (marked above); apply refuses them without --allow-delete (deletes) or --allow-replace (replacements).
      Plan: 2 to create, 0 to update, 0 to rename, 2 to delete, 0 to replace.
      "
    `);
  });

  it("uses colour only when asked, and makes destructive changes bold red", () => {
    const showcase = showcasePlan();
    const plain = renderText(showcase, { color: false });
    const coloured = renderText(showcase, { color: true });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(
      `${ESC}[31m-${ESC}[39m ${ESC}[1m${ESC}[31morganization["Acme Corp"].product["Acme Gadget"] (destructive)${ESC}[39m${ESC}[22m`,
    );
    expect(coloured).toContain(`${ESC}[32m+ "APAC"${ESC}[39m`);
    // Without its colour codes, the coloured text says exactly what the plain text says.
    expect(coloured.replace(SGR, "")).toBe(plain);
  });

  it("never lets a name act on the terminal: control and bidi characters are shown escaped", () => {
    const text = renderText(showcasePlan(), { color: true });
    const withoutOurColours = text.replace(SGR, "");
    const unsafe = [...withoutOurColours].filter((char) => {
      const code = char.codePointAt(0) ?? 0;
      const layout = char === "\n";
      return (
        (code < 0x20 && !layout) ||
        code === 0x7f ||
        (code >= 0x202a && code <= 0x202e) ||
        (code >= 0x2066 && code <= 0x2069)
      );
    });
    expect(unsafe).toEqual([]);
    expect(withoutOurColours).toContain(
      'organization["Evil\\u001b[2J\\u202eCorp"]',
    );
  });

  it("wraps long notes at the given width", () => {
    const text = renderText(showcasePlan(), { color: false, width: 60 });
    const notes = text
      .split("\n")
      .filter(
        (line) => line.startsWith("      # ") || line.startsWith("        "),
      );
    expect(notes.length).toBeGreaterThan(0);
    for (const line of text.split("\n")) {
      if (line.startsWith("      #"))
        expect(line.length).toBeLessThanOrEqual(60);
    }
  });

  it("wraps by columns on the screen: colours on or off, the same rows", () => {
    for (let width = 40; width <= 100; width += 1) {
      const plain = renderText(showcasePlan(), { color: false, width });
      const coloured = renderText(showcasePlan(), { color: true, width });
      expect(stripVTControlCharacters(coloured)).toBe(plain);
    }
  });
});
