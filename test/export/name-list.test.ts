import { describe, expect, it } from "vitest";

import { parseNameList } from "../../src/export/read-export-source.js";

describe("parseNameList", () => {
  it("reads one name a line, skipping blanks and # comments", () => {
    const text =
      "\uFEFF# customers to adopt\r\nAcme Corp\r\n\n  Globex  \n#Initech\nR&D #1\n";
    expect(parseNameList(text)).toEqual(["Acme Corp", "Globex", "R&D #1"]);
  });
});
