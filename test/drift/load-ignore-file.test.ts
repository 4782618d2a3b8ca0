import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { IgnoreFileError, loadIgnoreFile } from "../../src/drift/index.js";

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "orgsync-ignore-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const messageOf = async (file: string): Promise<string> => {
  const error = await loadIgnoreFile(file, file, { required: true }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IgnoreFileError);
  return (error as IgnoreFileError).issues.map((i) => i.message).join("; ");
};

// Issue 13, finding 7: the ignore file is a regular file, read with a byte cap.
describe("loadIgnoreFile", () => {
  it.runIf(existsSync("/proc/self/pagemap"))(
    "reads a /proc file behind a symlink only up to the cap",
    async () => {
      const link = path.join(scratch, ".orgsync-ignore.yaml");
      await symlink("/proc/self/pagemap", link);
      expect(await messageOf(link)).toBe(
        "an ignore file may hold at most 1,000,000 bytes",
      );
    },
    20_000,
  );

  it("refuses a device", async () => {
    expect(await messageOf("/dev/null")).toBe(
      "cannot read it: not a regular file (a device, a pipe, a socket or a directory)",
    );
  });
});
