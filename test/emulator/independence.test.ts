import { join, relative } from "node:path";

import { describe, expect, it } from "vitest";

import { SRC, reachable, tsFiles } from "../import-graph.js";

describe("the emulator is an independent implementation", () => {
  it("reaches no client, loader, planner or model code, directly or through another file", () => {
    const reached = [...reachable(tsFiles(join(SRC, "emulator")))].map((file) =>
      relative(SRC, file).split("\\").join("/"),
    );
    const folders = new Set(reached.map((file) => file.split("/")[0]));
    expect([...folders].sort()).toEqual(
      [...folders]
        .filter((folder) => folder === "emulator" || folder === "util")
        .sort(),
    );
    // The check sees through files: it found the emulator's own rules.
    expect(reached).toContain("emulator/site-rules.ts");
  });

  it("would notice an import of the model (the check is not vacuous)", () => {
    const reached = reachable([join(SRC, "plan", "plan-fields.ts")]);
    expect([...reached].some((file) => file.includes("/model/"))).toBe(true);
  });
});
