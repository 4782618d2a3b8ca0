import * as fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { writeFileAtomic } from "../../src/util/write-file-atomic.js";

// The real file system, with the calls that make a write durable recorded in order.
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return {
    ...actual,
    fsync: vi.fn(actual.fsync),
    rename: vi.fn(actual.rename),
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "orgsync-write-"));
});
afterEach(async () => {
  vi.mocked(fs.fsync).mockClear();
  vi.mocked(fs.rename).mockClear();
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("flushes the temporary file to disk before renaming it over the target", async () => {
    const file = join(dir, "plan.json");
    await writeFileAtomic(file, "{}\n");
    expect(fs.readFileSync(file, "utf8")).toBe("{}\n");
    expect(fs.readdirSync(dir)).toEqual(["plan.json"]);
    const fsync = vi.mocked(fs.fsync).mock.invocationCallOrder;
    const rename = vi.mocked(fs.rename).mock.invocationCallOrder;
    expect(fsync).toHaveLength(1);
    expect(rename).toHaveLength(1);
    expect(fsync[0]).toBeLessThan(rename[0]!);
  });

  it("keeps the mode of the file it replaces; a new file is 0644 less the umask", async () => {
    const secret = join(dir, "state.json");
    fs.writeFileSync(secret, "old", { mode: 0o600 });
    fs.chmodSync(secret, 0o600);
    await writeFileAtomic(secret, "new");
    expect(fs.statSync(secret).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(secret, "utf8")).toBe("new");
    const fresh = join(dir, "fresh.json");
    await writeFileAtomic(fresh, "x");
    const umask = process.umask();
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o644 & ~umask);
  });

  it("replaces a symbolic link at the target instead of writing through it", async () => {
    const elsewhere = join(dir, "elsewhere.yaml");
    fs.writeFileSync(elsewhere, "untouched");
    const link = join(dir, "acme.yaml");
    fs.symlinkSync(elsewhere, link);
    await writeFileAtomic(link, "written");
    expect(fs.readFileSync(elsewhere, "utf8")).toBe("untouched");
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(link, "utf8")).toBe("written");
  });

  it("leaves no temporary file when the write fails", async () => {
    const folder = join(dir, "folder");
    fs.mkdirSync(folder);
    await expect(writeFileAtomic(folder, "x")).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(["folder"]);
  });
});
