import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

import { describe, expect, it } from "vitest";

import { SRC, importCycles, tsFiles } from "./import-graph.js";

describe("the import graph of src", () => {
  it("has no import cycle", () => {
    const cycles = importCycles(tsFiles(SRC)).map((cycle) =>
      cycle.map((file) => relative(SRC, file)).join(" → "),
    );
    expect(cycles).toEqual([]);
  });

  it("would notice one (the check is not vacuous)", () => {
    const dir = mkdtempSync(join(tmpdir(), "orgsync-cycle-"));
    try {
      writeFileSync(
        join(dir, "a.ts"),
        'import { b } from "./b.js";\nexport const a = b;\n',
      );
      writeFileSync(
        join(dir, "b.ts"),
        'import { a } from "./a.js";\nexport const b = a;\n',
      );
      writeFileSync(
        join(dir, "c.ts"),
        'import type { a } from "./a.js";\nexport type C = typeof a;\n',
      );
      expect(importCycles(tsFiles(dir)).map((c) => c.length)).toEqual([3]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
