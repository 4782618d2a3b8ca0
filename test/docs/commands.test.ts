/**
 * Every command shown in README.md and docs/*.md runs, as shown, through the real CLI
 * (in-process) against the emulator seeded from examples/emulator-seed.json, in a temporary
 * directory holding the example manifests as ./orgsync. Blocks that cannot run here carry a
 * `<!-- docs-test: … -->` marker (see test/docs/doc-commands.ts and docs/ci.md); the test
 * reports how many commands it skipped, and fails on an unmarked one it cannot run.
 */
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import {
  startCliRig,
  startEmulatorCommand,
  type CliRig,
  type EmulatorCommand,
} from "../cli/helpers/cli-rig.js";
import { runCli, type CliRun } from "../cli/helpers/run-cli.js";
import { docBlocks, type DocBlock, type DocCommand } from "./doc-commands.js";

const ROOT = join(import.meta.dirname, "../..");
const FILES = [
  "README.md",
  ...(await readdir(join(ROOT, "docs")))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];
const parsed = await Promise.all(
  FILES.map(async (file) =>
    docBlocks(file, await readFile(join(ROOT, file), "utf8")),
  ),
);
const BLOCKS = parsed.flatMap((p) => p.blocks);
const SEED = JSON.parse(
  await readFile(join(ROOT, "examples/emulator-seed.json"), "utf8"),
) as EmulatorSeed;

const tally = {
  ran: 0,
  skippedBlocks: 0,
  others: 0,
  reasons: new Set<string>(),
};

/**
 * A fresh site (the example seed) and directory: ./orgsync (unless empty-dir), and the files
 * the docs name: names.txt (the seed's organizations), emu.token, rehearsal.yaml.
 */
async function setUp(block: DocBlock): Promise<CliRig> {
  const rig = await startCliRig(SEED);
  if (!block.emptyDir) {
    await cp(join(ROOT, "examples/orgsync"), join(rig.dir, "orgsync"), {
      recursive: true,
    });
  }
  // The seed file docs/emulator.md starts `orgsync emulator --state rehearsal.yaml` from.
  await writeFile(join(rig.dir, "rehearsal.yaml"), stringify(SEED));
  const names = (SEED.organizations ?? []).map((org) => org.name);
  await writeFile(join(rig.dir, "names.txt"), `${names.join("\n")}\n`);
  // The token an `orgsync emulator --token-file emu.token` requires: the one the rig sends.
  await writeFile(join(rig.dir, "emu.token"), `${rig.env().ORGSYNC_TOKEN}\n`, {
    mode: 0o600,
  });
  return rig;
}

/** `orgsync emulator …` as shown, on a free port, until the block is done. */
async function startShownEmulator(
  rig: CliRig,
  command: DocCommand,
): Promise<EmulatorCommand> {
  const started = await startEmulatorCommand(command.argv, { cwd: rig.dir });
  if ("baseUrl" in started) return started;
  throw new Error(
    `\`${command.line}\` exited ${started.code} before listening\n${started.stderr}`,
  );
}

async function runBlock(block: DocBlock): Promise<void> {
  const rig = await setUp(block);
  const emulators: { command: DocCommand; stop: () => Promise<CliRun> }[] = [];
  let baseUrl = rig.env().ORGSYNC_BASE_URL!;
  try {
    for (const command of block.commands) {
      if (command.argv[0] === "emulator") {
        const started = await startShownEmulator(rig, command);
        emulators.push({ command, stop: started.stop });
        baseUrl = started.baseUrl;
        continue;
      }
      // An apply without --auto-approve asks on a terminal: the reader types yes.
      const asks =
        command.argv[0] === "apply" && !command.argv.includes("--auto-approve");
      const result = await runCli(command.argv, {
        env: { ...rig.env(), ORGSYNC_BASE_URL: baseUrl },
        cwd: rig.dir,
        ...(asks ? { tty: "yes\n" } : {}),
      });
      if (command.stdoutFile) {
        await writeFile(join(rig.dir, command.stdoutFile), result.stdout);
      }
      expect(
        result.code,
        `${block.where}: \`${command.line}\` exited ${result.code}, the docs show ${command.exit}\n${result.stderr}`,
      ).toBe(command.exit);
      expect(result.stderr, `${block.where}: \`${command.line}\``).not.toMatch(
        /\n\s+at /,
      );
    }
    for (const { command, stop } of emulators) {
      const stopped = await stop();
      expect(stopped.code, `${block.where}: \`${command.line}\``).toBe(0);
    }
  } finally {
    await rig.close();
  }
}

describe("the commands shown in README.md and docs/", () => {
  it("are all runnable here, or marked with why not", () => {
    expect(parsed.flatMap((p) => p.problems)).toEqual([]);
    expect(BLOCKS.filter((b) => !b.skip).length).toBeGreaterThanOrEqual(8);
  });

  it.each(BLOCKS.map((block) => [block.where, block] as const))(
    "%s works as shown",
    async (_where, block) => {
      const shown = block.commands.length + block.others.length;
      if (block.skip !== undefined) {
        tally.skippedBlocks += shown;
        tally.reasons.add(block.skip);
        return;
      }
      await runBlock(block);
      tally.ran += block.commands.length;
      tally.others += block.others.length;
    },
  );

  afterAll(() => {
    console.info(
      `docs commands: ${tally.ran} run; skipped: ${tally.skippedBlocks} in blocks marked skip (${[...tally.reasons].join("; ")}), ${tally.others} other than orgsync's in orgsync-only blocks`,
    );
  });
});

describe("docBlocks", () => {
  it("reports an unmarked command it cannot run or that names a real site, and takes a marked one", () => {
    const unmarked = "```sh\nnpm install\norgsync plan\n```\n";
    expect(docBlocks("x.md", unmarked).problems).toEqual([
      "x.md:1: the docs test cannot run `npm install`; put <!-- docs-test: skip (why) --> or <!-- docs-test: orgsync-only (why) --> before the block",
    ]);
    expect(
      docBlocks("z.md", "```sh\norgsync plan --site acme\n```\n").problems,
    ).toEqual([
      "z.md:1: `orgsync plan --site acme` needs a real Atlassian site; put <!-- docs-test: skip (why) --> before the block",
    ]);
    const marked = `<!-- docs-test: orgsync-only (npm is not run) -->\n\n${unmarked}`;
    expect(docBlocks("x.md", marked)).toMatchObject({
      problems: [],
      blocks: [{ commands: [{ argv: ["plan"], exit: 0 }] }],
    });
  });

  it("reads the expected exit code, redirects, console prompts, and refuses a marker without a reason", () => {
    const text = [
      "```console",
      "$ orgsync drift --format markdown > drift.md # exit 2: it drifted",
      "drift output",
      "```",
      "<!-- docs-test: skip -->",
      "```sh",
      "orgsync plan",
      "```",
    ].join("\n");
    const { blocks, problems } = docBlocks("y.md", text);
    expect(blocks[0]?.commands).toEqual([
      {
        line: "orgsync drift --format markdown > drift.md",
        argv: ["drift", "--format", "markdown"],
        stdoutFile: "drift.md",
        exit: 2,
      },
    ]);
    expect(problems).toEqual([
      "y.md:6: <!-- docs-test: skip --> needs a reason in parentheses",
    ]);
  });
});
