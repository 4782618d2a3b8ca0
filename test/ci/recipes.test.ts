import { cp, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "../cli/helpers/cli-rig.js";
import {
  githubScripts,
  gitlabScripts,
  orgsyncCommands,
  type RecipeCommand,
} from "./recipe-commands.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CI = join(ROOT, "examples/ci");

const recipe = (path: string, kind: "github" | "gitlab") => {
  const file = join(CI, path);
  return orgsyncCommands(
    path,
    kind === "github" ? githubScripts(file) : gitlabScripts(file),
  );
};

const PLAN = recipe("github/orgsync-plan.yml", "github");
const APPLY = recipe("github/orgsync-apply.yml", "github");
const DRIFT = recipe("github/orgsync-drift.yml", "github");
const GITLAB = recipe("gitlab/.gitlab-ci.yml", "gitlab");
const inJob = (job: string) =>
  GITLAB.filter((command) => command.where.endsWith(` ${job}`));

/** Every command a test ran, to check at the end that no recipe command went untested. */
const ran = new Set<RecipeCommand>();

let rig: CliRig;
beforeEach(async () => {
  const seed = JSON.parse(
    await readFile(join(ROOT, "examples/emulator-seed.json"), "utf8"),
  ) as EmulatorSeed;
  rig = await startCliRig(seed);
  // The recipes run orgsync without paths: it reads ./orgsync, as in a project that adopted it.
  await cp(join(ROOT, "examples/orgsync"), join(rig.dir, "orgsync"), {
    recursive: true,
  });
});
afterEach(async () => {
  await rig.close();
});

/** Runs one recipe command as the CI would: its arguments, its stdout redirect. */
async function run(command: RecipeCommand, expected: number): Promise<string> {
  const result = await rig.run(command.argv);
  if (command.stdoutFile) {
    await writeFile(join(rig.dir, command.stdoutFile), result.stdout);
  }
  ran.add(command);
  expect(
    result.code,
    `${command.where}: \`${command.line}\` exited ${result.code}\n${result.stderr}`,
  ).toBe(expected);
  return result.stdout;
}

/** Someone edits an organization in the Jira UI. */
async function changeByHand(): Promise<void> {
  const state = rig.emu.control.state();
  const [first, ...rest] = state.organizations;
  await rig.emu.control.reset({
    ...state,
    organizations: [
      {
        ...first!,
        details: { ...first!.details, "Contract ID": ["CHANGED-BY-HAND"] },
      },
      ...rest,
    ],
  });
}

const only = (commands: RecipeCommand[], subcommand: string, flag?: string) => {
  const found = commands.filter(
    (command) =>
      command.argv[0] === subcommand &&
      (flag === undefined || command.argv.includes(flag)),
  );
  expect(found, `${subcommand} ${flag ?? ""}`).not.toHaveLength(0);
  return found;
};

describe("the CI recipes' orgsync commands", () => {
  it("are found in every recipe", () => {
    expect(PLAN.map((c) => c.argv[0])).toEqual(["validate", "plan"]);
    expect(APPLY.map((c) => c.argv[0])).toEqual(["plan", "apply", "apply"]);
    expect(DRIFT.map((c) => c.argv[0])).toEqual(["drift"]);
    expect(
      GITLAB.map((c) => `${c.where.split(" ").pop()!} ${c.argv[0]!}`),
    ).toEqual([
      "orgsync-plan validate",
      "orgsync-plan plan",
      "orgsync-plan-main plan",
      "orgsync-apply apply",
      "orgsync-drift drift",
    ]);
  });

  it("GitHub pull request: validate passes; plan exits 2 and leaves plan.md and plan.json", async () => {
    await run(only(PLAN, "validate")[0]!, 0);
    await run(only(PLAN, "plan")[0]!, 2);
    const markdown = await readFile(join(rig.dir, "plan.md"), "utf8");
    expect(markdown).toContain("Kangaroo Banking Group");
    const saved = JSON.parse(
      await readFile(join(rig.dir, "plan.json"), "utf8"),
    ) as { formatVersion: number };
    // 2: the example manifests set an entitlement detail value (docs/plan.md).
    expect(saved.formatVersion).toBe(2);
  });

  for (const apply of APPLY.filter((c) => c.argv[0] === "apply")) {
    it(`GitHub merge to main: plan, then \`${apply.line}\` applies the saved plan`, async () => {
      await run(only(APPLY, "plan")[0]!, 2);
      await run(apply, 0);
      // The site now matches: the nightly drift check is clean.
      await run(DRIFT[0]!, 0);
    });
  }

  it("GitHub merge to main: the saved plan is refused once the site changed since", async () => {
    await run(only(APPLY, "plan")[0]!, 2);
    // A value the saved plan changes is edited by hand (an untouched one would not matter).
    const saved = JSON.parse(
      await readFile(join(rig.dir, "plan.json"), "utf8"),
    ) as {
      changes: {
        resource: string;
        organizationId?: string;
        fieldName?: string;
      }[];
    };
    const state = rig.emu.control.state();
    const fields = new Set(state.fields.map((field) => field.name));
    const touched = saved.changes.find(
      (c) => c.resource === "detail" && fields.has(c.fieldName!),
    )!;
    await rig.emu.control.reset({
      ...state,
      organizations: state.organizations.map((o) =>
        o.id === touched.organizationId
          ? { ...o, details: { ...o.details, [touched.fieldName!]: [] } }
          : o,
      ),
    });
    const result = await rig.run(only(APPLY, "apply")[0]!.argv);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is stale");
  });

  it("GitHub nightly drift: exit 0 when the site matches, 2 (failing the job) after a change by hand", async () => {
    await run(only(APPLY, "plan")[0]!, 2);
    await run(only(APPLY, "apply")[0]!, 0);
    await run(DRIFT[0]!, 0);
    await changeByHand();
    await run(DRIFT[0]!, 2);
    const report = await readFile(join(rig.dir, "drift.md"), "utf8");
    expect(report).toContain("CHANGED-BY-HAND");
  });

  it("GitLab: merge request plan, plan and apply on main, nightly drift", async () => {
    await run(only(inJob("orgsync-plan"), "validate")[0]!, 0);
    await run(only(inJob("orgsync-plan"), "plan")[0]!, 2);
    await run(only(inJob("orgsync-plan-main"), "plan")[0]!, 2);
    await run(only(inJob("orgsync-apply"), "apply")[0]!, 0);
    await run(only(inJob("orgsync-drift"), "drift")[0]!, 0);
    await changeByHand();
    await run(only(inJob("orgsync-drift"), "drift")[0]!, 2);
  });
});

afterAll(() => {
  const untested = [...PLAN, ...APPLY, ...DRIFT, ...GITLAB].filter(
    (command) => !ran.has(command),
  );
  expect(
    untested.map((command) => `${command.where}: ${command.line}`),
  ).toEqual([]);
});
