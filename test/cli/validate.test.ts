import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { loadManifests } from "../../src/manifest/index.js";

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: {
      write: (chunk: string) => (stderr += chunk),
      isTTY: options.tty ?? false,
    },
    env: options.env ?? {},
    cwd: options.cwd ?? root,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const BAD = `apiVersion: orgsync/v1
kind: Organization
name: Acme Corp
detials:
  Region: EU
products: Acme Widget
`;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "orgsync-validate-"));
  await writeFile(path.join(scratch, "bad.yaml"), BAD);
  await mkdir(path.join(scratch, "project/orgsync"), { recursive: true });
  await writeFile(
    path.join(scratch, "project/orgsync/acme.yaml"),
    "apiVersion: orgsync/v1\nkind: Organization\nname: ${ORGSYNC_VAR_ORG_NAME:-Acme}\n",
  );
  await writeFile(
    path.join(scratch, "project/stray.yaml"),
    "apiVersion: orgsync/v1\nkind: Nonsense\n",
  );
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("orgsync validate", () => {
  it("prints a one-line summary and exits 0 for the examples", async () => {
    const result = await run(["validate", "examples/orgsync"]);
    const loaded = await loadManifests(["examples/orgsync"], {
      cwd: root,
      env: {},
    });
    const { files, fields, organizations } = loaded.stats;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `${files} files, ${fields} fields, ${organizations} organizations: valid\n`,
    );
    expect(result.stderr).not.toMatch(/error|warning/);
  });

  it("prints every problem compiler-style on stderr and exits 1, without a stack trace", async () => {
    const result = await run(["validate", "bad.yaml"], { cwd: scratch });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatchInlineSnapshot(`
      "bad.yaml:4:1: error: unknown key "detials"
        4 | detials:
          | ^~~~~~~
          = expected: one of: apiVersion, kind, name, id, previousNames, ensure, details, products, pruneProducts, customers, pruneCustomers, serviceDesks, pruneServiceDesks
          = did you mean "details"?
      bad.yaml:6:11: error: "products" must be a list, found text "Acme Widget"
        6 | products: Acme Widget
          |           ^~~~~~~~~~~
          = expected: a list
      error: 2 problems in 1 file; nothing was sent to the site
      hint: fix the manifests and run \`orgsync validate\` to check them
      "
    `);
  });

  it("colours the problems on a terminal unless NO_COLOR is set", async () => {
    const coloured = await run(["validate", "bad.yaml"], {
      cwd: scratch,
      tty: true,
    });
    expect(coloured.stderr).toContain("\u001b[31merror:");
    const plain = await run(["validate", "bad.yaml"], {
      cwd: scratch,
      tty: true,
      env: { NO_COLOR: "1" },
    });
    expect(plain.stderr).not.toContain("\u001b[");
  });

  it("puts the caret under a problem that follows CJK or emoji characters", async () => {
    await writeFile(
      path.join(scratch, "wide.yaml"),
      "{apiVersion: orgsync/v1, kind: Organization, name: 東京😀, nmae: x}\n",
    );
    const { code, stderr } = await run(["validate", "wide.yaml"], {
      cwd: scratch,
    });
    expect(code).toBe(1);
    const lines = stderr.split("\n");
    const at = lines.findIndex((line) => /^ +\| +\^/.test(line));
    expect(lines[at - 1]).toBe(
      "  1 | {apiVersion: orgsync/v1, kind: Organization, name: 東京😀, nmae: x}",
    );
    // "nmae" starts 59 columns in: 53 narrow characters and 3 wide ones before it.
    expect(lines[at]).toBe(`    | ${" ".repeat(59)}^~~~`);
  });

  it("--format json prints one JSON object on stdout, valid or not", async () => {
    const bad = await run(["validate", "--format", "json", "bad.yaml"], {
      cwd: scratch,
    });
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      valid: false,
      stats: { files: 1, fields: 0, organizations: 0 },
      warnings: [],
    });
    expect(report.issues).toMatchObject([
      {
        file: "bad.yaml",
        line: 4,
        column: 1,
        pointer: "/detials",
        suggestion: "details",
      },
      { file: "bad.yaml", line: 6, column: 11, pointer: "/products" },
    ]);
    expect(bad.stderr).toBe("");

    const good = await run([
      "validate",
      "--format",
      "json",
      "examples/orgsync",
    ]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({
      valid: true,
      issues: [],
      stats: { fields: 9, organizations: 10 },
    });
  });

  it("reads ./orgsync by default when it exists, with ${ORGSYNC_VAR_*} from the environment", async () => {
    const result = await run(["validate", "--format", "json"], {
      cwd: path.join(scratch, "project"),
      env: { ORGSYNC_VAR_ORG_NAME: "Globex" },
    });
    // stray.yaml beside the orgsync folder is not read.
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      valid: true,
      stats: { files: 1, organizations: 1 },
    });
  });

  it("does not walk . when there is no ./orgsync: it says so (issue 15.1)", async () => {
    const result = await run(["validate"], {
      cwd: path.join(scratch, "project/orgsync"),
    });
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toContain(
      "has no ./orgsync/ folder; nothing was sent to the site",
    );
  });

  it("is listed in --help", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/validate \[options\] \[paths\.\.\.\]/);
  });

  it("works as a real process: exit codes and streams", () => {
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        ["--import", "tsx", "src/cli/bin.ts", ...args],
        {
          cwd: root,
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1" },
        },
      );
    const good = cli(["validate", "examples/orgsync"]);
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(
      /^\d+ files, 9 fields, 10 organizations: valid\n$/,
    );
    const bad = cli(["validate", path.join(scratch, "bad.yaml")]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("bad.yaml:4:1: error: unknown key");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
