import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

import { misreadAsYaml11 } from "../../src/export/manifest-yaml.js";

/** The definition: does a YAML 1.1 parse of the text, written plain, give it back? */
function byParsing(text: string): boolean {
  if (text === "" || text.includes("\n")) return false;
  try {
    return parse(text, { version: "1.1", logLevel: "silent" }) !== text;
  } catch {
    return false;
  }
}

// Characters of numbers, timestamps, booleans and null, and the ones the fast path refuses.
const ALPHABET = [
  ..."0123456789+-.,:_ ()@/eExXoObBtTzZyYnNsSlLuUfFaAiI#'\"[]&*!?",
];

describe("misreadAsYaml11", () => {
  it.each([
    ["yes", true],
    ["No", true],
    ["OFF", true],
    ["y", true],
    ["Null", true],
    ["12", true],
    ["+12", true],
    ["0x1F", true],
    ["1_000", true],
    ["1:20", true],
    ["1e3", true],
    ["2027-01-31", true],
    ["AU", false],
    ["Mid-market", false],
    ["Customer 00012 Pty Ltd", false],
    ["+61 2 9000 1443", false],
    ["manager1@example.com", false],
  ])("%j → %j, as a parse says", (text, misread) => {
    expect(misreadAsYaml11(text)).toBe(misread);
    expect(byParsing(text)).toBe(misread);
  });

  it("agrees with a YAML 1.1 parse on any text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 12 }),
        (chars) => {
          const text = chars.join("");
          expect(misreadAsYaml11(text)).toBe(byParsing(text));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
