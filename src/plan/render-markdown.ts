import type { ListedOrganization } from "../model/live.js";
import { formatLocation } from "../model/source.js";
import { describeUnmanaged } from "./describe-unmanaged.js";
import {
  noChangesSentence,
  describeChange,
  groupByRoot,
  summaryLine,
  type DescriptionLine,
} from "./describe-change.js";
import {
  escapeHtml,
  escapeMarkdown,
  escapeMarkdownCode,
} from "../util/escape.js";
import type { Change, ChangeAction, Plan } from "./types.js";

/** How to render a plan for a pull-request comment. */
export interface RenderMarkdownOptions {
  /**
   * The most characters one part may have; a bigger plan is split into parts, each a
   * comment of its own. GitHub takes 65,536 characters per comment. Values under 2,000 are
   * raised to 2,000. @default 60000
   */
  readonly maxPartChars?: number;
  /**
   * `--target` / `--exclude` chose part of the plan: an empty plan then says so instead of
   * "the site matches the manifests". @default false
   */
  readonly targeted?: boolean;
}

/**
 * Written between the parts of a split Markdown plan or drift report on stdout, so a CI
 * script can post each part as a comment of its own (an HTML comment: invisible if posted
 * whole). It is a line of its own, and data can never hold `<!--` (it is escaped in prose and
 * in code blocks alike), so a script splits on exactly this line: `/^<!-- orgsync:part-break -->$/m`.
 */
export const MARKDOWN_PART_SEPARATOR = "\n<!-- orgsync:part-break -->\n";

interface Section {
  /** The heading line; a section continued in the next part repeats it. */
  readonly heading: string;
  /** Said once, under the first heading. */
  readonly intro?: string;
  /** Between the items: a newline for list items, a blank line for blocks. */
  readonly separator: string;
  readonly items: readonly string[];
}

const ACTIONS: readonly ChangeAction[] = [
  "create",
  "update",
  "rename",
  "delete",
  "replace",
];

/**
 * The plan as Markdown for a pull-request comment: a summary table, destructive changes at
 * the top, differences the API cannot make, then one collapsible block per object. A plan
 * too big for one comment is split into parts under `maxPartChars`, each one complete with
 * its own header ("part i of n"). Names and values are escaped, so they cannot inject
 * Markdown, HTML, links, mentions or a part separator into the comment.
 */
export function renderMarkdown(
  plan: Plan,
  options: RenderMarkdownOptions = {},
): string[] {
  const max = Math.max(2000, options.maxPartChars ?? 60_000);
  const header = (part: string) =>
    renderHeader(plan, part, options.targeted === true);
  // Room for the header with the longest part label, and for a section heading.
  const budget = max - header(" — part 99999 of 99999").length - 400;
  const lineLimit = Math.min(4000, Math.floor(budget / 4));
  const sections = buildSections(plan, budget, lineLimit);

  const bodies: string[][] = [];
  let body: string[] = [];
  let size = 0;
  for (const section of sections) {
    let started = false;
    let inPart = false;
    for (const item of section.items) {
      const heading = started
        ? `\n${section.heading} (continued)\n\n`
        : `\n${section.heading}\n\n${section.intro ? `${section.intro}\n\n` : ""}`;
      const cost =
        item.length + section.separator.length + (inPart ? 0 : heading.length);
      if (body.length > 0 && size + cost > budget) {
        bodies.push(body);
        body = [];
        size = 0;
        inPart = false;
      }
      if (!inPart) {
        body.push(heading);
        size += heading.length;
        inPart = true;
      }
      body.push(item + section.separator);
      size += item.length + section.separator.length;
      started = true;
    }
  }
  if (body.length > 0 || bodies.length === 0) bodies.push(body);
  return bodies.map((parts, index) => {
    const label =
      bodies.length > 1 ? ` — part ${index + 1} of ${bodies.length}` : "";
    return `${header(label)}${parts.join("")}`.trimEnd() + "\n";
  });
}

function renderHeader(plan: Plan, label: string, targeted: boolean): string {
  const lines = [`## orgsync plan${label}`, ""];
  lines.push(
    `Target ${clip(escapeMarkdown(plan.target.baseUrl), 500)}, planned ${clip(escapeMarkdown(plan.createdAt), 100)} by orgsync ${clip(escapeMarkdown(plan.orgsyncVersion), 100)}.`,
    "",
  );
  if (plan.changes.length === 0) {
    lines.push(
      plan.unsupported.length === 0
        ? noChangesSentence(targeted)
        : "No changes to apply; the differences the CSM API cannot make are listed below.",
    );
    return `${lines.join("\n")}\n`;
  }
  const destructive = plan.changes.filter((change) => change.destructive);
  lines.push(
    `**${summaryLine(plan.summary)}**`,
    "",
    `| ${ACTIONS.join(" | ")} | destructive | unsupported |`,
    `|${"---:|".repeat(ACTIONS.length + 2)}`,
    `| ${ACTIONS.map((action) => plan.summary[action]).join(" | ")} | ${destructive.length} | ${plan.unsupported.length} |`,
  );
  return `${lines.join("\n")}\n`;
}

function buildSections(
  plan: Plan,
  budget: number,
  lineLimit: number,
): Section[] {
  const sections: Section[] = [];
  const destructive = plan.changes.filter((change) => change.destructive);
  if (destructive.length > 0) {
    sections.push({
      heading: `### :warning: Destructive changes (${destructive.length})`,
      intro:
        "Apply refuses these without `--allow-delete` (deletes) or `--allow-replace` (replacements).",
      separator: "\n",
      items: destructive.map((change) => {
        const description = describeChange(change, escapeMarkdown);
        const notes = description.lines
          .filter((line) => line.kind === "note")
          .map((line) => ` — ${line.text}`)
          .join("");
        return clip(
          `- **${description.symbol}** ${description.headline}${notes}`,
          lineLimit,
        );
      }),
    });
  }
  if (plan.unsupported.length > 0) {
    sections.push({
      heading: `### Not supported by the CSM API (${plan.unsupported.length})`,
      intro: "Shown so nothing is dropped silently; apply never makes these.",
      separator: "\n",
      items: plan.unsupported.map((entry) =>
        clip(
          `- ${escapeMarkdown(entry.address)}: ${escapeMarkdown(entry.reason)}${
            entry.source
              ? ` (${escapeMarkdown(formatLocation(entry.source))})`
              : ""
          }`,
          lineLimit,
        ),
      ),
    });
  }
  if (plan.unmanaged) sections.push(unmanagedSection(plan.unmanaged));
  const groups = groupByRoot(plan.changes);
  if (groups.length > 0) {
    sections.push({
      heading: `### Changes by object (${groups.length})`,
      separator: "\n",
      items: groups.flatMap((group) =>
        objectBlocks(group.root, group.changes, budget, lineLimit),
      ),
    });
  }
  return sections;
}

/** The organizations no manifest declares, as a section of a plan or drift report. */
function unmanagedSection(unmanaged: readonly ListedOrganization[]): Section {
  const { heading, lines } = describeUnmanaged(unmanaged, escapeMarkdown);
  return {
    heading: `### ${heading.replace(/:$/, "")}`,
    separator: "\n",
    items: lines.length > 0 ? lines.map((line) => `- ${line}`) : ["- (none)"],
  };
}

/** One collapsible block per object; an object too big for one part gets several. */
function objectBlocks(
  root: string,
  changes: readonly Change[],
  budget: number,
  lineLimit: number,
): string[] {
  const lines = changes.flatMap((change) => {
    const description = describeChange(change, escapeMarkdownCode);
    return [
      `${description.symbol} ${description.headline}${description.destructive ? " (destructive)" : ""}`,
      ...description.lines.map(codeLine),
    ].map((line) => clip(line, lineLimit));
  });
  const counts = ACTIONS.filter((action) =>
    changes.some((change) => change.action === action),
  ).map((action) => {
    const n = changes.filter((change) => change.action === action).length;
    return `${n} ${action}${n === 1 ? "" : "s"}`;
  });
  const destructive = changes.some((change) => change.destructive)
    ? " — <b>destructive</b>"
    : "";
  const summary = `<code>${clip(escapeHtml(root), lineLimit)}</code>: ${counts.join(", ")}${destructive}`;

  const chunks: string[][] = [];
  let chunk: string[] = [];
  let size = 0;
  const room = budget - summary.length - 200;
  for (const line of lines) {
    if (chunk.length > 0 && size + line.length + 1 > room) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(line);
    size += line.length + 1;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks.map((content, index) => {
    const label =
      chunks.length > 1 ? ` (${index + 1} of ${chunks.length})` : "";
    const text = content.join("\n");
    const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
    return `<details><summary>${summary}${label}</summary>\n\n${fence}diff\n${text}\n${fence}\n\n</details>\n`;
  });
}

/** A detail line in a `diff` code block: `+`/`-` in the first column colour the line. */
function codeLine(line: DescriptionLine): string {
  switch (line.kind) {
    case "added":
      return `+       ${line.text}`;
    case "removed":
      return `-       ${line.text}`;
    case "kept":
      return `        ${line.text}`;
    case "info":
      return `    ${line.text}`;
    case "note":
      return `    # ${line.text}`;
  }
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) {
    longest = Math.max(longest, run.length);
  }
  return longest;
}

/** Cuts an absurdly long line, saying so; the saved JSON plan always has everything. */
function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  // By code point, so that no surrogate pair is cut in half.
  const kept = Array.from(text.slice(0, limit + 1))
    .slice(0, -1)
    .join("");
  return `${kept}… (${text.length - kept.length} more characters; see the JSON plan)`;
}
