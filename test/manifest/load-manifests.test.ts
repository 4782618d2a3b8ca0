import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  defaultPaths,
  LIMITS,
  loadManifests,
} from "../../src/manifest/index.js";
import { desiredOf, errorsOf } from "./helpers.js";

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const tree = "test/fixtures/tree";
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "orgsync-load-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function write(relative: string, content: string | Uint8Array) {
  const file = path.join(scratch, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

describe("loadManifests", () => {
  it("walks directories recursively, *.yaml and *.yml, in sorted order, all documents", async () => {
    const result = await loadManifests([tree], { cwd: root, env: {} });
    const desired = desiredOf(result);
    expect(desired.organizations.map((o) => o.name)).toEqual([
      "Acme Corp",
      "Acme Labs",
      "Globex",
    ]);
    expect(desired.organizations.map((o) => o.source.file)).toEqual([
      `${tree}/a/acme.yaml`,
      `${tree}/a/acme.yaml`,
      `${tree}/b/more.yml`,
    ]);
    expect(result.stats).toEqual({ files: 3, fields: 1, organizations: 3 });
    // The CI workflow beside the manifests is left out, and said to be.
    expect(result.skipped).toEqual([`${tree}/ci/workflow.yml`]);
  });

  it("reads the environment for ${VAR} through the loader", async () => {
    const result = await loadManifests([`${tree}/b/more.yml`], {
      cwd: root,
      env: { ORGSYNC_VAR_REGION: "AU" },
    });
    expect(desiredOf(result).organizations[0]!.details[0]!.values).toEqual([
      "AU",
    ]);
  });

  it("always reads a file named explicitly, even one that is not a manifest", async () => {
    const result = await loadManifests([`${tree}/ci/workflow.yml`], {
      cwd: root,
      env: {},
    });
    expect(errorsOf(result)[0]!.message).toMatch(
      /is not a variable reference|missing key/,
    );
  });

  it("reads a file named twice (or reached twice) once", async () => {
    const result = await loadManifests(
      [`${tree}/a/acme.yaml`, `${tree}/a`, `./${tree}/a/acme.yaml`],
      { cwd: root, env: {} },
    );
    expect(result.stats.files).toBe(1);
    expect(desiredOf(result).organizations).toHaveLength(2);
  });

  it("reports a missing path and an empty directory as problems, not crashes", async () => {
    await mkdir(path.join(scratch, "empty"), { recursive: true });
    const result = await loadManifests(["nope.yaml", "empty"], {
      cwd: scratch,
      env: {},
    });
    expect(errorsOf(result).map((i) => `${i.file}: ${i.message}`)).toEqual([
      "nope.yaml: no such file or directory",
      "empty: holds no *.yaml or *.yml files",
    ]);
  });

  it("refuses an oversized file before reading it", async () => {
    const big = await write(
      "big/huge.yaml",
      new Uint8Array(LIMITS.maxFileBytes + 1),
    );
    const result = await loadManifests([big], { cwd: scratch, env: {} });
    expect(errorsOf(result)[0]).toMatchObject({
      file: "big/huge.yaml",
      line: 0,
      message: "file is too large (10,485,761 bytes)",
      expected: "at most 10,485,760 bytes; split it into several files",
    });
  });

  // Issue 13, finding 7: stat says 0 bytes for /proc files; the bytes themselves are counted.
  it.runIf(existsSync("/proc/self/pagemap"))(
    "reads a /proc file behind a symlink only up to the cap",
    async () => {
      const link = path.join(scratch, "proc/pagemap.yaml");
      await mkdir(path.dirname(link), { recursive: true });
      await symlink("/proc/self/pagemap", link);
      const started = Date.now();
      const result = await loadManifests([link], { cwd: scratch, env: {} });
      expect(errorsOf(result)[0]).toMatchObject({
        file: "proc/pagemap.yaml",
        message: "file is too large (more than 10,485,760 bytes)",
      });
      expect(Date.now() - started).toBeLessThan(10_000);
    },
    20_000,
  );

  it("refuses a device or a pipe as a manifest", async () => {
    const fifo = path.join(scratch, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    const result = await loadManifests([fifo, "/dev/null"], {
      cwd: scratch,
      env: {},
    });
    expect(errorsOf(result).map((i) => `${i.file}: ${i.message}`)).toEqual([
      "pipe.yaml: cannot read it: not a regular file (a device, a pipe, a socket or a directory)",
      "/dev/null: cannot read it: not a regular file (a device, a pipe, a socket or a directory)",
    ]);
  });

  it("refuses invalid UTF-8 with the place of the first bad byte", async () => {
    const file = await write(
      "utf8/bad.yaml",
      Buffer.concat([
        Buffer.from(
          "apiVersion: orgsync/v1\nkind: Organization\nname: ok \u00e9 ",
        ),
        Buffer.from([0xff, 0xfe]),
        Buffer.from("\n"),
      ]),
    );
    const [issue] = errorsOf(
      await loadManifests([file], { cwd: scratch, env: {} }),
    );
    expect(issue).toMatchObject({
      line: 3,
      column: 12,
      message: "invalid UTF-8 (byte 54 of the file)",
      sourceLine: "name: ok \u00e9 \ufffd\ufffd",
    });
  });

  it("skips hidden folders and node_modules, and survives a symbolic-link loop", async () => {
    await write(
      "walk/x.yaml",
      "apiVersion: orgsync/v1\nkind: Organization\nname: X\n",
    );
    await write("walk/.git/y.yaml", "broken: [");
    await write("walk/node_modules/p/z.yaml", "broken: [");
    await symlink(path.join(scratch, "walk"), path.join(scratch, "walk/loop"));
    const result = await loadManifests(["walk"], { cwd: scratch, env: {} });
    expect(desiredOf(result).organizations.map((o) => o.name)).toEqual(["X"]);
  });

  it("warns about an empty file but still loads", async () => {
    await write("warn/empty.yaml", "");
    await write(
      "warn/org.yaml",
      "apiVersion: orgsync/v1\nkind: Organization\nname: X\n",
    );
    const result = await loadManifests(["warn"], { cwd: scratch, env: {} });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => `${w.file}: ${w.message}`)).toEqual([
      "warn/empty.yaml: file is empty (no YAML documents)",
    ]);
  });

  it("names files outside the working directory by their absolute path", async () => {
    const result = await loadManifests([path.join(root, tree, "fields.yaml")], {
      cwd: scratch,
      env: {},
    });
    expect(desiredOf(result).fields.items[0]!.source.file).toBe(
      path.join(root, tree, "fields.yaml"),
    );
  });

  it("validates the examples", async () => {
    const result = await loadManifests(["examples/orgsync"], {
      cwd: root,
      env: {},
    });
    const desired = desiredOf(result);
    expect(result.warnings).toEqual([]);
    expect(desired.fields.declared).toBe(true);
    expect(desired.organizations.length).toBeGreaterThanOrEqual(8);
    expect(result.stats.files).toBeGreaterThanOrEqual(3);
  });
});

describe("defaultPaths", () => {
  it("is ./orgsync when it exists, else nothing (the working directory is not walked)", async () => {
    await mkdir(path.join(scratch, "with/orgsync"), { recursive: true });
    await mkdir(path.join(scratch, "without"), { recursive: true });
    expect(await defaultPaths(path.join(scratch, "with"))).toEqual(["orgsync"]);
    expect(await defaultPaths(path.join(scratch, "without"))).toEqual([]);
  });
});
