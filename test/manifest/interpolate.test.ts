import { describe, expect, it } from "vitest";

import { interpolate } from "../../src/manifest/index.js";
import { desiredOf, errorsOf, load } from "./helpers.js";

describe("interpolate", () => {
  it("replaces ${NAME} from the environment, anywhere in a string", () => {
    expect(interpolate("a-${A}-b-${B}", { A: "1", B: "2" })).toEqual({
      value: "a-1-b-2",
      problems: [],
    });
  });

  it("uses ${NAME:-default} when the variable is unset or empty, as a shell does", () => {
    expect(interpolate("${A:-x}", {}).value).toBe("x");
    expect(interpolate("${A:-x}", { A: "" }).value).toBe("x");
    expect(interpolate("${A:-x}", { A: "set" }).value).toBe("set");
    expect(interpolate("${A:-}", {}).value).toBe("");
    expect(interpolate("${A}", { A: "" })).toEqual({ value: "", problems: [] });
  });

  it("reports an unset variable without a default, suggesting a near name", () => {
    const { problems } = interpolate("x ${REGOIN} y", { REGION: "EU" });
    expect(problems).toEqual([
      {
        index: 2,
        reference: "${REGOIN}",
        message: "environment variable REGOIN is not set",
        expected:
          "REGOIN set in the environment, or a default: ${REGOIN:-value}",
        suggestion: "REGION",
      },
    ]);
  });

  it("treats $${ as a literal ${ and a lone $ as itself", () => {
    expect(interpolate("$${A} costs $5 and $$", { A: "no" })).toEqual({
      value: "${A} costs $5 and $$",
      problems: [],
    });
  });

  it("reports malformed references", () => {
    expect(interpolate("${1BAD}", {}).problems[0]!.message).toBe(
      "${1BAD} is not a variable reference",
    );
    expect(interpolate("${{ secrets.X }}", {}).problems[0]!.message).toMatch(
      /is not a variable reference/,
    );
    expect(interpolate("tail ${OPEN", {}).problems[0]).toMatchObject({
      index: 5,
      message: "unterminated ${ (no closing })",
    });
  });

  it("reads only the environment's own variables, never inherited members", () => {
    const env = Object.create({ INHERITED: "leak" }) as Record<string, string>;
    for (const name of ["constructor", "toString", "__proto__", "INHERITED"]) {
      const { problems } = interpolate(`\${${name}}`, env);
      expect(problems).toHaveLength(1);
    }
  });
});

describe("interpolation in manifests", () => {
  const fields = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - { name: Tier, type: TEXT }
---
`;

  it("replaces references in mapping keys too, such as a detail key", () => {
    const result = load(
      {
        "o.yaml": `${fields}apiVersion: orgsync/v1
kind: Organization
name: Acme
details:
  \${FIELD}: Gold
`,
      },
      { FIELD: "Tier" },
    );
    expect(desiredOf(result).organizations[0]?.details).toEqual([
      expect.objectContaining({ name: "Tier", values: ["Gold"] }),
    ]);
  });

  it("reports an unset variable in a key at the key", () => {
    const issues = errorsOf(
      load({
        "o.yaml": `${fields}apiVersion: orgsync/v1
kind: Organization
name: Acme
details:
  \${FIELD}: Gold
`,
      }),
    );
    expect(issues[0]).toMatchObject({ line: 10, column: 3 });
    expect(issues[0]?.message).toContain("FIELD");
  });
});
