import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  MAX_SLUG_LENGTH,
  organizationFileNames,
  slugify,
} from "../../src/export/file-names.js";

const SAFE_STEM = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

describe("slugify", () => {
  it("keeps letters and digits, lowercased, and turns the rest into single hyphens", () => {
    expect(slugify("Acme Corp")).toBe("acme-corp");
    expect(slugify("  Globex, Inc. (EU)  ")).toBe("globex-inc-eu");
    expect(slugify("Café Müller")).toBe("cafe-muller");
  });

  it("never yields a path: separators, dots and traversal collapse into hyphens", () => {
    expect(slugify("../../etc/passwd")).toBe("etc-passwd");
    expect(slugify("..")).toBe("organization");
    expect(slugify(".")).toBe("organization");
    expect(slugify("C:\\Windows\\system32")).toBe("c-windows-system32");
  });

  it("gives a stem to names with nothing that survives", () => {
    expect(slugify("株式会社")).toBe("organization");
    expect(slugify("")).toBe("organization");
    expect(slugify("---")).toBe("organization");
  });

  it("avoids the device names Windows reserves", () => {
    expect(slugify("CON")).toBe("con-org");
    expect(slugify("nul")).toBe("nul-org");
    expect(slugify("Com1")).toBe("com1-org");
    expect(slugify("Console")).toBe("console");
  });

  it("trims long names to the limit without a trailing hyphen", () => {
    const stem = slugify(`${"a".repeat(63)} b`);
    expect(stem.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(stem).toBe("a".repeat(63));
  });

  it("always yields a safe stem, whatever the name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (name) => {
        const stem = slugify(name);
        expect(stem).toMatch(SAFE_STEM);
        expect(stem.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
        expect(RESERVED.test(stem)).toBe(false);
      }),
    );
  });
});

describe("organizationFileNames", () => {
  it("keeps the plain stem of a name no other name shares", () => {
    const stems = organizationFileNames(["Acme Corp", "Globex"]);
    expect(stems.get("Acme Corp")).toBe("acme-corp");
    expect(stems.get("Globex")).toBe("globex");
  });

  it("suffixes every name of a clashing group with a hash of its exact name", () => {
    const stems = organizationFileNames([
      "Acme Corp",
      "Acme-Corp",
      "ACME  corp",
    ]);
    const values = [...stems.values()];
    expect(new Set(values).size).toBe(3);
    for (const stem of values) expect(stem).toMatch(/^acme-corp-[0-9a-f]{8}$/);
  });

  it("parts a plain stem from a suffixed stem that happens to equal it", () => {
    const clash = organizationFileNames(["a b", "a-b"]);
    const suffixed = clash.get("a b")!;
    const stems = organizationFileNames(["a b", "a-b", suffixed]);
    expect(new Set(stems.values()).size).toBe(3);
  });

  it("is unique, safe and independent of order for any set of names", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.oneof(
            fc.string({ maxLength: 12 }),
            fc.constantFrom(
              "Acme",
              "acme",
              "ACME!",
              "a-c-m-e",
              "a c m e",
              "con",
            ),
          ),
          { maxLength: 30 },
        ),
        (names) => {
          const forward = organizationFileNames(names);
          const backward = organizationFileNames([...names].reverse());
          expect(new Set(forward.values()).size).toBe(new Set(names).size);
          for (const name of names) {
            expect(backward.get(name)).toBe(forward.get(name));
            expect(forward.get(name)).toMatch(SAFE_STEM);
            expect(forward.get(name)!.length).toBeLessThanOrEqual(
              MAX_SLUG_LENGTH,
            );
          }
        },
      ),
    );
  });
});
