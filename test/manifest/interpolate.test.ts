import { describe, expect, it } from "vitest";

import { interpolate } from "../../src/manifest/index.js";
import { desiredOf, errorsOf, load } from "./helpers.js";

describe("interpolate", () => {
  it("replaces ${NAME} from the environment, anywhere in a string", () => {
    expect(
      interpolate("a-${ORGSYNC_VAR_A}-b-${ORGSYNC_VAR_B}", {
        ORGSYNC_VAR_A: "1",
        ORGSYNC_VAR_B: "2",
      }),
    ).toEqual({
      value: "a-1-b-2",
      problems: [],
    });
  });

  it("uses ${NAME:-default} when the variable is unset or empty, as a shell does", () => {
    expect(interpolate("${ORGSYNC_VAR_A:-x}", {}).value).toBe("x");
    expect(
      interpolate("${ORGSYNC_VAR_A:-x}", { ORGSYNC_VAR_A: "" }).value,
    ).toBe("x");
    expect(
      interpolate("${ORGSYNC_VAR_A:-x}", { ORGSYNC_VAR_A: "set" }).value,
    ).toBe("set");
    expect(interpolate("${ORGSYNC_VAR_A:-}", {}).value).toBe("");
    expect(interpolate("${ORGSYNC_VAR_A}", { ORGSYNC_VAR_A: "" })).toEqual({
      value: "",
      problems: [],
    });
  });

  it("reports an unset variable without a default, suggesting a near name", () => {
    const { problems } = interpolate("x ${ORGSYNC_VAR_REGOIN} y", {
      ORGSYNC_VAR_REGION: "EU",
    });
    expect(problems).toEqual([
      {
        index: 2,
        reference: "${ORGSYNC_VAR_REGOIN}",
        message: "environment variable ORGSYNC_VAR_REGOIN is not set",
        expected:
          "ORGSYNC_VAR_REGOIN set in the environment, or a default: ${ORGSYNC_VAR_REGOIN:-value}",
        suggestion: "ORGSYNC_VAR_REGION",
      },
    ]);
  });

  it("treats $${ as a literal ${ and a lone $ as itself", () => {
    expect(
      interpolate("$${ORGSYNC_VAR_A} costs $5 and $$", { ORGSYNC_VAR_A: "no" }),
    ).toEqual({
      value: "${ORGSYNC_VAR_A} costs $5 and $$",
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
    const env = Object.create({
      INHERITED: "leak",
      ORGSYNC_VAR_INHERITED: "leak",
    }) as Record<string, string>;
    for (const name of [
      "constructor",
      "toString",
      "__proto__",
      "INHERITED",
      "ORGSYNC_VAR_INHERITED",
    ]) {
      const { problems } = interpolate(`\${${name}}`, env);
      expect(problems).toHaveLength(1);
    }
  });
});

// Issue 13, finding 2: only ORGSYNC_VAR_* is readable, and no value may hold a token.
describe("what a manifest may read", () => {
  const TOKEN = "ATATT3xFfGF0-sentinel-token-0123456789";

  it.each([
    ["CI_JOB_TOKEN", "${CI_JOB_TOKEN}"],
    ["ORGSYNC_GITLAB_TOKEN", "${ORGSYNC_GITLAB_TOKEN}"],
    ["REGION with a default", "${REGION:-EU}"],
  ])("refuses %s, saying how to allow it", (_name, reference) => {
    const { value, problems } = interpolate(`x ${reference}`, {
      CI_JOB_TOKEN: TOKEN,
      ORGSYNC_GITLAB_TOKEN: TOKEN,
      REGION: "EU",
    });
    expect(value).not.toContain(TOKEN);
    expect(problems).toHaveLength(1);
    const name = /\$\{([A-Z_]+)/.exec(reference)![1]!;
    expect(problems[0]).toMatchObject({
      index: 2,
      reference,
      message: `\${${name}} is not readable from a manifest: only variables named ORGSYNC_VAR_* are, so that no other secret of the environment can reach a plan`,
    });
    expect(problems[0]!.expected).toContain(`\${ORGSYNC_VAR_${name}`);
    expect(problems[0]!.expected).toContain(
      `export ORGSYNC_VAR_${name}="$${name}"`,
    );
  });

  it("refuses the credential variables by name", () => {
    for (const name of ["ORGSYNC_TOKEN", "ORGSYNC_API_TOKEN"])
      expect(
        interpolate(`\${${name}}`, { [name]: TOKEN }).problems[0]!.message,
      ).toMatch(/would copy an orgsync credential into the manifests/);
  });

  it.each([
    ["the token itself", TOKEN],
    ["a longer value holding it", `{"prod":"${TOKEN}"}`],
    [
      "it percent-encoded",
      encodeURIComponent(`${TOKEN}/`).replace("%2F", "%2f"),
    ],
    ["it as HTML entities", TOKEN.replace(/-/g, "&#45;")],
    ["it in Base64", Buffer.from(`me@example.com:${TOKEN}`).toString("base64")],
  ])("refuses an ORGSYNC_VAR_ value holding %s", (_what, held) => {
    const { value, problems } = interpolate(
      "${ORGSYNC_VAR_SECRETS_JSON}",
      { ORGSYNC_VAR_SECRETS_JSON: held },
      { secrets: [TOKEN] },
    );
    expect(value).toBe("${ORGSYNC_VAR_SECRETS_JSON}");
    expect(problems[0]!.message).toBe(
      "${ORGSYNC_VAR_SECRETS_JSON} holds a credential orgsync uses (its value contains the API token), which would reach plans, pull-request comments and the site",
    );
  });

  it("refuses a default holding the token, and lets the email through", () => {
    expect(
      interpolate("${ORGSYNC_VAR_X:-" + TOKEN + "}", {}, { secrets: [TOKEN] })
        .problems,
    ).toHaveLength(1);
    expect(
      interpolate(
        "${ORGSYNC_VAR_MANAGER}",
        {
          ORGSYNC_VAR_MANAGER: "bot@example.com",
          ORGSYNC_EMAIL: "bot@example.com",
        },
        { secrets: [TOKEN] },
      ),
    ).toEqual({ value: "bot@example.com", problems: [] });
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
  \${ORGSYNC_VAR_FIELD}: Gold
`,
      },
      { ORGSYNC_VAR_FIELD: "Tier" },
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
  \${ORGSYNC_VAR_FIELD}: Gold
`,
      }),
    );
    expect(issues[0]).toMatchObject({ line: 10, column: 3 });
    expect(issues[0]?.message).toContain("FIELD");
  });
});
