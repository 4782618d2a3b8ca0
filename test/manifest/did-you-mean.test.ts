import { describe, expect, it } from "vitest";

import { didYouMean } from "../../src/manifest/index.js";

describe("didYouMean", () => {
  it("finds near misses: typos, swaps, case", () => {
    expect(didYouMean("Regoin", ["Tier", "Region"])).toBe("Region");
    expect(didYouMean("optoins", ["name", "options"])).toBe("options");
    expect(didYouMean("eu", ["AU", "EU"])).toBe("EU");
    expect(didYouMean("Organisation", ["Organization", "Organizations"])).toBe(
      "Organization",
    );
  });

  it("stays quiet when nothing is close, or when the input is already right", () => {
    expect(didYouMean("colour", ["name", "type", "options"])).toBeUndefined();
    expect(didYouMean("x", ["Region"])).toBeUndefined();
    expect(didYouMean("", ["a"])).toBeUndefined();
    expect(didYouMean("Region", ["Region"])).toBeUndefined();
  });
});
