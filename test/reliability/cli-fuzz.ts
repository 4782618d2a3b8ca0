/**
 * Fuzzing at the CLI, where a person meets the errors: `orgsync validate`, `orgsync plan` and
 * `orgsync apply --plan FILE` on random bytes and on mutated valid files. The loader and the
 * saved-plan reader have their own property tests (test/manifest/property.test.ts,
 * test/plan/parse-saved-plan.test.ts); this checks what the command prints and returns: an
 * exit code of the contract, a message located at `file:line:col` whenever the input is
 * refused, never "internal error" and never a stack trace.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import fc from "fast-check";

import { main } from "../../src/cli/main.js";
import type { RunningEmulator } from "../../src/emulator/index.js";
import { loadManifestSources } from "../../src/manifest/index.js";
import { parseSavedPlan } from "../../src/plan/index.js";
import { ROOT } from "./binary.js";

const EXAMPLE_FILES = [
  "examples/orgsync/fields.yaml",
  "examples/orgsync/organizations/key-accounts.yaml",
  "examples/orgsync/organizations/partners.yaml",
];

/** Pieces of YAML, JSON and hostile text, so random edits often get past the parser. */
const PIECES = [
  "\n",
  "  ",
  "\t",
  ": ",
  "- ",
  "[",
  "]",
  "{",
  "}",
  ",",
  '"',
  "'",
  "#",
  "&a ",
  "*a",
  "!!binary ",
  "---\n",
  "${X}",
  "${ORGSYNC_TOKEN}",
  "null",
  "~",
  "01234",
  "true",
  "1e999",
  "__proto__",
  "\u001b[2J",
  "\u202e",
  "\u0000",
  "\ufeff",
  "\ud800",
  '"formatVersion": 2',
  '"action": "delete"',
  '"destructive": false',
];

const edit = fc.record({
  at: fc.nat(),
  cut: fc.nat({ max: 40 }),
  insert: fc.oneof(
    fc.constantFrom(...PIECES),
    fc.string({ unit: "binary", maxLength: 6 }),
  ),
});

/** Text with a few random edits: cuts, and inserted pieces or random characters. */
function mutated(text: string): fc.Arbitrary<string> {
  return fc.array(edit, { minLength: 1, maxLength: 5 }).map((edits) =>
    edits.reduce((t, e) => {
      const at = e.at % (t.length + 1);
      return t.slice(0, at) + e.insert + t.slice(at + e.cut);
    }, text),
  );
}

/** What an input file is: text or raw bytes. */
type Content = string | Uint8Array;

function contents(valid: string): fc.Arbitrary<Content> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
    { weight: 4, arbitrary: mutated(valid) },
  );
}

/** One finding: the command, the input, what went wrong. */
interface FuzzFinding {
  readonly command: string;
  readonly problem: string;
  readonly input: string;
}

export interface FuzzResult {
  runs: number;
  /** Inputs the command refused with a located message (the usual outcome). */
  refused: number;
  findings: FuzzFinding[];
}

const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

async function run(argv: string[], dir: string, env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  let code: number;
  try {
    code = await main(argv, {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      env,
      cwd: dir,
    });
  } catch (error) {
    // main() must turn every error into an exit code.
    return { code: -1, stdout, stderr: `main threw: ${String(error)}` };
  }
  return { code, stdout, stderr };
}

/**
 * Fuzzes one command `numRuns` times against the emulator (for plan and apply, which read
 * the site when the input happens to be valid). `seed` repeats a run.
 */
export async function fuzzCommand(
  command: "validate" | "plan" | "apply --plan",
  emu: RunningEmulator,
  numRuns: number,
  seed?: number,
): Promise<FuzzResult> {
  const dir = await mkdtemp(join(tmpdir(), "orgsync-fuzz-"));
  const env = {
    ORGSYNC_BASE_URL: emu.baseUrl,
    ORGSYNC_TOKEN: "fuzz-token-0123456789",
    X: "x",
  };
  const result: FuzzResult = { runs: 0, refused: 0, findings: [] };
  try {
    const examples = await Promise.all(
      EXAMPLE_FILES.map((file) => readFile(join(ROOT, file), "utf8")),
    );
    const manifest = examples.join("---\n");
    let valid = manifest;
    if (command === "apply --plan") {
      await writeFile(join(dir, "site.yaml"), manifest);
      await run(["plan", "site.yaml", "--out", "valid.json"], dir, env);
      valid = await readFile(join(dir, "valid.json"), "utf8");
    }
    const file =
      command === "apply --plan" ? "saved plan.json" : "site file.yaml";
    const argv =
      command === "validate"
        ? ["validate", file]
        : command === "plan"
          ? ["plan", file]
          : ["apply", "--plan", file, "--auto-approve"];
    await fc
      .assert(
        fc.asyncProperty(contents(valid), async (content) => {
          await writeFile(join(dir, file), content);
          const text =
            typeof content === "string"
              ? content
              : Buffer.from(content).toString("latin1");
          emu.control.clearRequests();
          const out = await run(argv, dir, env);
          result.runs += 1;
          const accepted =
            command === "apply --plan"
              ? parses(() => parseSavedPlan(readUtf8(content), file))
              : loadManifestSources([{ file, content }], { env }).ok;
          const problems: string[] = [];
          if (![0, 1, 2].includes(out.code)) problems.push(`exit ${out.code}`);
          if (/internal error/.test(out.stderr))
            problems.push("internal error");
          if (STACK.test(out.stderr)) problems.push("stack trace");
          if (!accepted) {
            result.refused += 1;
            if (out.code !== 1)
              problems.push(`refused input exited ${out.code}`);
            // Manifest problems print compiler-style (`file:line:col: error:`; a problem with
            // the whole file, such as its encoding, `file: error:`); a plan file's problems
            // are listed at `file:line:col:`.
            const located =
              command === "apply --plan"
                ? new RegExp(`${escapeRe(file)}:\\d+:\\d+: `)
                : new RegExp(`^${escapeRe(file)}(:\\d+:\\d+)?: error: `, "m");
            if (!located.test(out.stderr))
              problems.push("refusal not located at file:line:col");
            if (emu.control.requests().length > 0)
              problems.push("refused input, yet requests were sent");
          }
          if (problems.length > 0) {
            result.findings.push({
              command,
              problem: `${problems.join(", ")}\n${out.stderr.slice(0, 2000)}`,
              input: JSON.stringify(text.slice(0, 2000)),
            });
            return false;
          }
          return true;
        }),
        {
          numRuns,
          endOnFailure: true,
          ...(seed === undefined ? {} : { seed }),
        },
      )
      .catch((error: unknown) => {
        // A failed property is recorded above; anything else is a fault of this harness.
        if (result.findings.length === 0) throw error;
      });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}

function readUtf8(content: Content): string {
  return typeof content === "string"
    ? content
    : new TextDecoder("utf-8").decode(content);
}

function parses(read: () => unknown): boolean {
  try {
    read();
    return true;
  } catch {
    return false;
  }
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
