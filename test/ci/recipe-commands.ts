import { readFileSync } from "node:fs";

import { parse } from "yaml";

/** One `orgsync …` command line of a CI recipe, as a shell would run it. */
export interface RecipeCommand {
  /** e.g. `github/orgsync-plan.yml plan#3` or `gitlab/.gitlab-ci.yml orgsync-drift`. */
  readonly where: string;
  /** The line as written. */
  readonly line: string;
  /** The arguments after `orgsync`. */
  readonly argv: readonly string[];
  /** The file stdout is redirected to (`> plan.md`), if any. */
  readonly stdoutFile?: string;
}

/** The shell scripts of a GitHub Actions workflow: every step's `run`, by job and step. */
export function githubScripts(
  file: string,
): { where: string; script: string }[] {
  const workflow = parse(readFileSync(file, "utf8")) as {
    jobs: Record<string, { steps: { run?: string; name?: string }[] }>;
  };
  return Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
    steps.flatMap((step, index) =>
      step.run === undefined
        ? []
        : [{ where: `${job}#${index + 1}`, script: step.run }],
    ),
  );
}

/** The `uses: actions/github-script` scripts of a workflow, with their step's `env`. */
export function githubScriptSteps(
  file: string,
): { where: string; script: string; env: Record<string, string> }[] {
  const workflow = parse(readFileSync(file, "utf8")) as {
    jobs: Record<
      string,
      {
        steps: {
          uses?: string;
          with?: { script?: string };
          env?: Record<string, string>;
        }[];
      }
    >;
  };
  return Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
    steps.flatMap((step, index) =>
      step.uses?.startsWith("actions/github-script@") && step.with?.script
        ? [
            {
              where: `${job}#${index + 1}`,
              script: step.with.script,
              env: step.env ?? {},
            },
          ]
        : [],
    ),
  );
}

const GITLAB_RESERVED = new Set([
  "default",
  "stages",
  "variables",
  "include",
  "workflow",
  "image",
  "services",
  "cache",
  "before_script",
  "after_script",
]);

/** The shell lines of a GitLab CI file: every job's before_script, script and after_script. */
export function gitlabScripts(
  file: string,
): { where: string; script: string }[] {
  const pipeline = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const scripts: { where: string; script: string }[] = [];
  for (const [name, job] of Object.entries(pipeline)) {
    if (name.startsWith(".") || GITLAB_RESERVED.has(name)) continue;
    const keys = ["before_script", "script", "after_script"] as const;
    for (const key of keys) {
      const lines = (job as Record<string, unknown>)[key];
      if (Array.isArray(lines)) {
        for (const line of lines.flat(10) as string[])
          scripts.push({ where: name, script: line });
      }
    }
  }
  return scripts;
}

/** The `orgsync` command lines of some shell scripts, tokenized as a POSIX shell would. */
export function orgsyncCommands(
  file: string,
  scripts: readonly { where: string; script: string }[],
): RecipeCommand[] {
  const commands: RecipeCommand[] = [];
  for (const { where, script } of scripts) {
    for (const raw of script.split("\n")) {
      const line = raw.trim();
      if (!/^(?:npx\s+)?orgsync\s/.test(line)) continue;
      if (line.includes("${{")) {
        throw new Error(
          `${file} ${where}: an expression in an orgsync command cannot be tested: ${line}`,
        );
      }
      commands.push({ where: `${file} ${where}`, line, ...tokenize(line) });
    }
  }
  return commands;
}

const OPERATORS = new Set([">", ">>", "|", "||", "&&", ";", "&", "2>", "<"]);

/** Words up to the first shell operator, quotes removed; the target of a `>` redirect. */
export function tokenize(line: string): {
  argv: string[];
  stdoutFile?: string;
} {
  const words: string[] = [];
  let word = "";
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) words.push(word);
      word = "";
      started = false;
    } else {
      word += char;
      started = true;
    }
  }
  if (quote) throw new Error(`unbalanced quote in: ${line}`);
  if (started) words.push(word);

  const at = words.findIndex((w) => OPERATORS.has(w));
  const command = at < 0 ? words : words.slice(0, at);
  const start = command[0] === "npx" ? 2 : 1;
  const argv = command.slice(start);
  const redirect = at >= 0 && words[at] === ">" ? words[at + 1] : undefined;
  if (argv.some((w) => w.includes("$"))) {
    throw new Error(
      `a shell variable in an orgsync command cannot be tested: ${line}`,
    );
  }
  return redirect === undefined ? { argv } : { argv, stdoutFile: redirect };
}
