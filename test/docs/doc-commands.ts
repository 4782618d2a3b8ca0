/**
 * The shell commands shown in the Markdown docs, as the docs test runs them. A fenced block
 * tagged `sh`, `bash` or `shell` is a script (every line a command); in a `console` block, and in
 * an untagged one, the lines starting with `$ ` are. A marker on the line before a block (blank
 * lines between are fine) says what the test may not do, with the reason in parentheses:
 *
 *   <!-- docs-test: skip (needs a real Atlassian site) -->     nothing in the block is run
 *   <!-- docs-test: orgsync-only (the rig sets the variables) -->  only its orgsync commands run
 *   <!-- docs-test: empty-dir -->      it runs in a directory without ./orgsync (an adoption)
 *
 * A trailing `# exit N` comment gives a command's expected exit code (0 otherwise).
 */
import { tokenize } from "../ci/recipe-commands.js";

/** One `orgsync …` command as shown. */
export interface DocCommand {
  readonly line: string;
  /** The arguments after `orgsync` (or `npx orgsync`). */
  readonly argv: readonly string[];
  readonly stdoutFile?: string;
  readonly exit: number;
}

/** One fenced block with commands, and what its marker allows. */
export interface DocBlock {
  /** `docs/plan.md:17`: the file and the line of the opening fence. */
  readonly where: string;
  readonly skip?: string;
  readonly emptyDir: boolean;
  readonly commands: readonly DocCommand[];
  /** Commands that are not orgsync's (`npm install`, `export …`), skipped under `orgsync-only`. */
  readonly others: readonly string[];
}

const SCRIPT = new Set(["sh", "bash", "shell"]);
const NOT_COMMANDS = new Set(["yaml", "yml", "json", "ts", "js", "text"]);
const MARKER = /^<!--\s*docs-test:\s*([a-z, -]+?)\s*(?:\((.+)\))?\s*-->$/;
const KEYWORDS = new Set(["skip", "orgsync-only", "empty-dir"]);
/** Flags that name a real site (the test gives every command the emulator's base URL). */
const REMOTE = /^--(?:site|cloud-id)(?:=|$)/;

/**
 * The blocks of one Markdown file that show commands, and its problems: a marker it does not
 * know or that lacks its reason, a command in an unmarked block that the test cannot run.
 */
export function docBlocks(
  file: string,
  markdown: string,
): { blocks: DocBlock[]; problems: string[] } {
  const lines = markdown.split("\n");
  const blocks: DocBlock[] = [];
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const lang = fence[1]!;
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && !/^```\s*$/.test(lines[i]!); i += 1)
      body.push(lines[i]!);
    if (NOT_COMMANDS.has(lang)) continue;
    const shown = SCRIPT.has(lang)
      ? scriptLines(body)
      : body.filter((l) => l.startsWith("$ ")).map((l) => l.slice(2));
    if (shown.length === 0) continue;
    const where = `${file}:${start + 1}`;
    let marker: Marker;
    try {
      marker = markerBefore(lines, start, where);
    } catch (error) {
      problems.push((error as Error).message);
      continue;
    }
    const commands: DocCommand[] = [];
    const others: string[] = [];
    for (const line of shown) {
      const { code, comment } = splitComment(line);
      const exit = Number(/\bexit (\d+)\b/.exec(comment)?.[1] ?? 0);
      for (const part of code.split(/\s*&&\s*|\s*;\s*/)) {
        if (part === "") continue;
        if (/^(?:npx\s+)?orgsync(?:\s|$)/.test(part)) {
          // A skipped block is not tokenized: it may show what cannot run (`"$TOKEN"`).
          const parsed = marker.skip ? { argv: [] } : tokenize(part);
          commands.push({ line: part, exit, ...parsed });
        } else others.push(part);
      }
    }
    // A real site must never be reached from the test: its commands are marked skip.
    const remote = marker.skip
      ? []
      : commands.filter((c) => c.argv.some((a) => REMOTE.test(a)));
    if (remote.length > 0) {
      problems.push(
        `${where}: ${remote.map((c) => `\`${c.line}\``).join(", ")} needs a real Atlassian site; put <!-- docs-test: skip (why) --> before the block`,
      );
    } else if (others.length > 0 && !marker.skip && !marker.orgsyncOnly) {
      problems.push(
        `${where}: the docs test cannot run ${others.map((o) => `\`${o}\``).join(", ")}; put <!-- docs-test: skip (why) --> or <!-- docs-test: orgsync-only (why) --> before the block`,
      );
    } else
      blocks.push({
        where,
        ...(marker.skip ? { skip: marker.skip } : {}),
        emptyDir: marker.emptyDir,
        commands,
        others,
      });
  }
  return { blocks, problems };
}

/** The commands of a script: comment-only lines dropped, `\` continuations joined. */
function scriptLines(body: readonly string[]): string[] {
  const out: string[] = [];
  let pending = "";
  for (const raw of body) {
    const line = raw.trim();
    if (pending === "" && (line === "" || line.startsWith("#"))) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    out.push(pending + line);
    pending = "";
  }
  return out;
}

/** The code and the trailing `# comment` of a shell line (a `#` inside quotes is code). */
function splitComment(line: string): { code: string; comment: string } {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "#" && (i === 0 || /\s/.test(line[i - 1]!))) {
      return { code: line.slice(0, i).trim(), comment: line.slice(i + 1) };
    }
  }
  return { code: line.trim(), comment: "" };
}

interface Marker {
  readonly skip?: string;
  readonly orgsyncOnly?: string;
  readonly emptyDir: boolean;
}

function markerBefore(
  lines: readonly string[],
  fence: number,
  where: string,
): Marker {
  let at = fence - 1;
  while (at >= 0 && lines[at]!.trim() === "") at -= 1;
  const text = at >= 0 ? lines[at]!.trim() : "";
  if (!text.startsWith("<!-- docs-test")) return { emptyDir: false };
  const match = MARKER.exec(text);
  const words = match?.[1]!.split(/\s*,\s*/) ?? [];
  const reason = match?.[2]?.trim();
  if (!match || words.some((word) => !KEYWORDS.has(word))) {
    throw new Error(
      `${where}: unknown docs-test marker ${text}; expected skip, orgsync-only or empty-dir`,
    );
  }
  const needsReason = words.includes("skip") || words.includes("orgsync-only");
  if (needsReason && !reason) {
    throw new Error(`${where}: ${text} needs a reason in parentheses`);
  }
  return {
    ...(words.includes("skip") ? { skip: reason! } : {}),
    ...(words.includes("orgsync-only") ? { orgsyncOnly: reason! } : {}),
    emptyDir: words.includes("empty-dir"),
  };
}
