/**
 * Issue 9.5: hostile names and values, from manifests and from the live site, through every
 * command and format. Path separators and `..` cannot lead export outside --out; control
 * characters, terminal escapes (ESC [ 2 J, OSC 8 links), bidi overrides and zero widths
 * reach neither a terminal nor a pull-request comment raw; Markdown and HTML in names cannot
 * reshape a comment or mention anyone; JSON stays valid; huge values meet clear limits.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";

import type { RunningEmulator } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "../cli/helpers/cli-rig.js";
import {
  jsonProblems,
  markdownProblems,
  terminalProblems,
} from "./output-checks.js";

const ESC = "\u001b";
const NAMES = [
  "../../etc/passwd",
  "..\\..\\Windows\\win.ini",
  "a/b/c",
  "..",
  "Evil\u202eCorp\u202c",
  `${ESC}[2J${ESC}[H cleared`,
  `${ESC}]8;;https://evil.example/\u0007click me${ESC}]8;;\u0007`,
  "zero\u200bwidth \u2066iso\u2069 \u0085nel \u009b31m csi \u2028sep",
  "</summary></details><details open><summary>@here **pwned** | x | `code` [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
  "line one\nline two\r\n```\n@channel",
  "CON",
];
const REGION = `Region${ESC}[31m`;
const NOTES = "Notes | `x` @here";
const PRODUCT = `Widget${ESC}[1m<b>`;
const CREATED = "new/../../org\u202e";
const HUGE = "H".repeat(100_000);
const VALUE = `new <details>@here\u202e${ESC}[31m\`x\`|[a](javascript:x)`;

const SEED = {
  fields: [
    {
      name: REGION,
      type: "SELECT",
      options: ["EU\u202e", "US</summary>", "@here"],
    },
    { name: NOTES, type: "TEXT" },
  ],
  products: [{ name: PRODUCT }],
  organizations: NAMES.map((name, i) => ({
    name,
    details: { [REGION]: "EU\u202e", [NOTES]: i === 0 ? HUGE : `old${ESC}[2J` },
  })),
};

const MANIFESTS = [
  {
    apiVersion: "orgsync/v1",
    kind: "DetailFields",
    fields: [
      {
        name: REGION,
        type: "SELECT",
        options: ["EU\u202e", "US</summary>", "@here", "APAC\u200b"],
      },
      { name: NOTES, type: "TEXT" },
    ],
  },
  {
    apiVersion: "orgsync/v1",
    kind: "Organizations",
    organizations: [
      ...NAMES.slice(0, -1).map((name) => ({
        name,
        details: { [NOTES]: VALUE, [REGION]: "US</summary>" },
        products: [PRODUCT],
      })),
      { name: NAMES.at(-1), ensure: "absent" },
      { name: CREATED, details: { [REGION]: "@here" } },
    ],
  },
]
  .map((doc) => YAML.stringify(doc))
  .join("---\n");

let rig: CliRig;
let emu: RunningEmulator;
let dir: string;
const run = (argv: string[]) => rig.run(argv);

beforeAll(async () => {
  rig = await startCliRig(SEED, { "site.yaml": MANIFESTS });
  ({ emu, dir } = rig);
});
afterAll(() => rig.close());

describe("hostile names and values", () => {
  it("are accepted as data by the loader", async () => {
    const validate = await run(["validate", "site.yaml"]);
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);
  });

  it("reach the terminal escaped in plan, drift and apply text output", async () => {
    await emu.control.reset();
    const outputs = [
      await run(["plan", "site.yaml"]),
      await run(["drift", "site.yaml"]),
      await run(["drift", "site.yaml", "--format", "json"]),
    ];
    // Failures put names into error messages: fail every detail write.
    emu.control.configure({
      faults: {
        rate: 1,
        kinds: ["503"],
        methods: ["PUT"],
        retryAfterSeconds: 0,
      },
    });
    outputs.push(
      await run(["apply", "site.yaml", "--auto-approve", "--allow-delete"]),
    );
    emu.control.configure({ faults: null });
    outputs.push(
      await run(["export", "--out", "gone", "--org", `${ESC}[2Jmissing\u202e`]),
    );
    const [plan, drift, , apply, missing] = outputs;
    expect(plan!.code).toBe(0);
    expect(drift!.code).toBe(2);
    expect(apply!.code).toBe(1);
    expect(apply!.stdout).toMatch(/Apply failed: \d+ applied, [1-9]\d* failed/);
    expect(missing!.code).toBe(1);
    const problems = outputs.flatMap((o, i) => [
      ...terminalProblems(`run ${i} stderr`, o.stderr),
      ...(i === 2 ? [] : terminalProblems(`run ${i} stdout`, o.stdout)),
    ]);
    expect(problems).toEqual([]);
    // Escaped, not dropped: a reviewer can still see what is there.
    expect(plan!.stdout).toContain("Evil\\u202eCorp");
    expect(plan!.stdout).toContain("\\u001b[2J");
  });

  it("cannot reshape a Markdown comment, mention anyone or add links", async () => {
    await emu.control.reset();
    const plan = await run(["plan", "site.yaml", "--format", "markdown"]);
    const drift = await run(["drift", "site.yaml", "--format", "markdown"]);
    expect(plan.code).toBe(0);
    expect(drift.code).toBe(2);
    expect([
      ...markdownProblems("plan", plan.stdout),
      ...markdownProblems("drift", drift.stdout),
    ]).toEqual([]);
    // The control: the checks see what raw data would do.
    expect(
      markdownProblems("raw", `| a |\n|---|\n| ${NAMES[8]} |`),
    ).not.toEqual([]);
  });

  it("keep JSON valid and exact, with nothing raw that acts on a terminal", async () => {
    await emu.control.reset();
    const plan = await run([
      "plan",
      "site.yaml",
      "--format",
      "json",
      "--out",
      "plan.json",
    ]);
    const drift = await run(["drift", "site.yaml", "--format", "json"]);
    const apply = await run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
      "--allow-delete",
      "--format",
      "json",
    ]);
    expect([plan.code, drift.code, apply.code]).toEqual([0, 2, 0]);
    expect([
      ...jsonProblems("plan", plan.stdout),
      ...jsonProblems("drift", drift.stdout),
      ...jsonProblems("apply", apply.stdout),
    ]).toEqual([]);
    // The saved plan too (issue 13, finding 12): escapes, not raw characters, yet it applied.
    const savedText = readFileSync(join(dir, "plan.json"), "utf8");
    expect(terminalProblems("saved plan", savedText)).toEqual([]);
    const saved = JSON.parse(savedText) as unknown;
    expect(JSON.parse(plan.stdout)).toEqual(saved);
    const names = (
      saved as { changes: { organizationName?: string }[] }
    ).changes.map((c) => c.organizationName);
    expect(names).toEqual(expect.arrayContaining(NAMES.slice(0, -1)));
    const values = emu.control
      .state()
      .organizations.map((o) => o.details[NOTES]?.[0]);
    expect(values).toContain(VALUE);
  });

  it("cannot make export write outside --out, and round-trip exactly", async () => {
    await emu.control.reset();
    await run([
      "apply",
      "site.yaml",
      "--auto-approve",
      "--allow-delete",
      "--quiet",
    ]);
    const names = [...NAMES.slice(0, -1), CREATED];
    const exported = await run([
      "export",
      "--out",
      "out",
      ...names.flatMap((n) => ["--org", n]),
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const files = readdirSync(dir, {
      recursive: true,
      encoding: "utf8",
    }).filter((f) => statSync(join(dir, f)).isFile());
    const outside = files.filter(
      (f) =>
        !f.startsWith(`out${sep}`) && !["site.yaml", "plan.json"].includes(f),
    );
    expect(outside).toEqual([]);
    const orgFiles = files.filter((f) =>
      f.startsWith(join("out", "organizations")),
    );
    expect(orgFiles).toHaveLength(names.length);
    for (const file of orgFiles)
      expect(relative(join("out", "organizations"), file)).toMatch(
        /^[a-z0-9-]+\.yaml$/,
      );
    // Exported YAML shows escapes, not raw characters (issue 13, finding 12), and loads back
    // to the same values: planning the export against the site finds nothing to change.
    for (const file of files.filter((f) => f.startsWith(`out${sep}`)))
      expect(
        terminalProblems(file, readFileSync(join(dir, file), "utf8")),
      ).toEqual([]);
    const again = await run(["plan", "out", "--detailed-exitcode"]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
  });

  it("meet clear limits when huge: Markdown cut under GitHub's size, JSON whole, oversize refused", async () => {
    await emu.control.reset();
    const markdown = await run(["plan", "site.yaml", "--format", "markdown"]);
    expect(markdown.stdout).toMatch(
      /… \(\d+ more characters; see the JSON plan\)/,
    );
    expect(markdown.stdout.length).toBeLessThan(60_000);
    const drift = await run(["drift", "site.yaml", "--format", "markdown"]);
    // Escaped as Markdown, it reads "… (cut)" in the comment.
    expect(drift.stdout).toContain("… \\(cut\\)");
    const json = await run(["plan", "site.yaml", "--format", "json"]);
    expect(json.stdout).toContain(HUGE);
    // A value too big for the API: apply says so for that change and applies the rest.
    await writeFile(
      join(dir, "huge.yaml"),
      YAML.stringify({
        apiVersion: "orgsync/v1",
        kind: "Organizations",
        organizations: [
          { name: NAMES[2], details: { [NOTES]: "x".repeat(6 * 1024 * 1024) } },
          { name: NAMES[3], details: { [NOTES]: "small" } },
        ],
      }),
    );
    const apply = await run([
      "apply",
      "huge.yaml",
      "--auto-approve",
      "--quiet",
    ]);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain(
      "Apply failed: 1 applied, 1 failed, 0 skipped.",
    );
    expect(apply.stdout).toMatch(/answered 413/);
    expect(apply.stdout.length).toBeLessThan(5000);
    // A manifest file over the loader's 10 MiB limit is refused, located, before any request.
    await writeFile(
      join(dir, "too-big.yaml"),
      `# ${"x".repeat(11 * 1024 * 1024)}\n`,
    );
    emu.control.clearRequests();
    const refused = await run(["plan", "too-big.yaml"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^too-big\.yaml: error: file is too large[^]*at most 10,485,760 bytes/m,
    );
    expect(emu.control.requests()).toEqual([]);
  }, 60_000);
});
