import stringWidth from "string-width";
import wrapAnsi from "wrap-ansi";

import { describeUnmanaged } from "./describe-unmanaged.js";
import { formatLocation } from "../model/source.js";
import {
  noChangesSentence,
  describeChange,
  groupByRoot,
  summaryLine,
  type ChangeDescription,
  type DescriptionLine,
} from "./describe-change.js";
import { escapeForTerminal } from "../util/escape.js";
import { createStyle, type Paint, type Style } from "../util/style.js";
import type { Plan } from "./types.js";

/** How to render a plan as text. */
export interface RenderTextOptions {
  /** ANSI colours and bold; the CLI turns them on only on a TTY and never under NO_COLOR. */
  readonly color: boolean;
  /** Wrap notes and reasons at this many columns. @default no wrapping */
  readonly width?: number;
  /**
   * `--target` / `--exclude` chose part of the plan: an empty plan then says so instead of
   * "the site matches the manifests". @default false
   */
  readonly targeted?: boolean;
  /**
   * The consent apply was given (`--allow-delete`, `--allow-replace`): the warning about
   * destructive changes then says what it allows, and names only the flags still missing.
   * @default none (the plan command: both flags are named)
   */
  readonly allowed?: DestructiveConsent;
}

/** Which destructive changes apply was allowed to make. */
export interface DestructiveConsent {
  /** `--allow-delete`: deletes (and other destructive changes that are not replacements). */
  readonly delete: boolean;
  /** `--allow-replace`: field replacements. */
  readonly replace: boolean;
}

/**
 * The plan for a person at a terminal, Terraform-style: `+` create, `~` update or rename,
 * `-` delete, `±` replace, grouped by object, destructive changes loud, the differences the
 * API cannot make in their own section, and a summary line. Every name and value is shown
 * escaped, so nothing from a manifest or the site can act on the terminal.
 */
export function renderText(plan: Plan, options: RenderTextOptions): string {
  const style = createStyle(options.color);
  const out: string[] = [];
  if (plan.changes.length > 0) {
    out.push(
      `Planned changes (${style.green("+")} create, ${style.yellow("~")} update or rename, ${style.red("-")} delete, ${style.red("±")} replace):`,
    );
    for (const group of groupByRoot(plan.changes)) {
      out.push("");
      for (const change of group.changes) {
        out.push(
          ...changeLines(
            describeChange(change, escapeForTerminal),
            style,
            options.width,
          ),
        );
      }
    }
    out.push("");
  }
  if (plan.unsupported.length > 0) {
    out.push(
      style.bold("Not supported by the CSM API (shown, never applied):"),
    );
    for (const entry of plan.unsupported) {
      const where = entry.source
        ? ` (${escapeForTerminal(formatLocation(entry.source))})`
        : "";
      out.push(
        ...wrap(
          `  ${style.yellow("!")} ${escapeForTerminal(entry.address)}: ${escapeForTerminal(entry.reason)}${where}`,
          "      ",
          options.width,
        ),
      );
    }
    out.push("");
  }
  if (plan.unmanaged) {
    const { heading, lines } = describeUnmanaged(
      plan.unmanaged,
      escapeForTerminal,
    );
    out.push(style.bold(heading), ...lines.map((line) => `  ? ${line}`), "");
  }
  const destructive = plan.changes.filter((change) => change.destructive);
  if (destructive.length > 0) {
    out.push(
      style.bold(style.red(destructiveWarning(destructive, options.allowed))),
    );
  }
  if (plan.changes.length > 0) {
    out.push(style.bold(summaryLine(plan.summary)));
  } else if (plan.unsupported.length > 0) {
    const count = plan.unsupported.length;
    out.push(
      `No changes to apply. ${count} difference${count === 1 ? "" : "s"} the CSM API cannot make ${count === 1 ? "is" : "are"} listed above.`,
    );
  } else {
    out.push(noChangesSentence(options.targeted));
  }
  return `${out.join("\n")}\n`;
}

/**
 * `Warning: 2 destructive changes (marked above); …`: which flags apply needs for them, or,
 * once apply was given them, that it will make them (never "refuses them without
 * --allow-delete" to someone who passed --allow-delete).
 */
function destructiveWarning(
  changes: readonly Plan["changes"][number][],
  allowed: DestructiveConsent | undefined,
): string {
  const n = changes.length;
  const head = `Warning: ${n} destructive change${n === 1 ? "" : "s"} (marked above)`;
  if (allowed === undefined)
    return `${head}; apply refuses them without --allow-delete (deletes) or --allow-replace (replacements).`;
  const kinds = [
    {
      present: changes.some((c) => c.action !== "replace"),
      ok: allowed.delete,
      flag: "--allow-delete",
      what: "deletes",
    },
    {
      present: changes.some((c) => c.action === "replace"),
      ok: allowed.replace,
      flag: "--allow-replace",
      what: "replacements",
    },
  ].filter((kind) => kind.present);
  const given = kinds.filter((kind) => kind.ok);
  const missing = kinds.filter((kind) => !kind.ok);
  const parts = [
    ...(given.length === 0
      ? []
      : [
          `${given.map((k) => k.flag).join(" and ")} given: apply makes ${missing.length === 0 ? (n === 1 ? "it" : "them") : `the ${given.map((k) => k.what).join(" and ")}`}`,
        ]),
    ...(missing.length === 0
      ? []
      : [
          `apply refuses the ${missing.map((k) => k.what).join(" and ")} without ${missing.map((k) => k.flag).join(" and ")}`,
        ]),
  ];
  return `${head}; ${parts.join("; ")}.`;
}

function symbolPaint(description: ChangeDescription, style: Style): Paint {
  switch (description.symbol) {
    case "+":
      return style.green;
    case "~":
      return style.yellow;
    default:
      return style.red;
  }
}

function changeLines(
  description: ChangeDescription,
  style: Style,
  width: number | undefined,
): string[] {
  const symbol = symbolPaint(description, style)(description.symbol);
  const headline = description.destructive
    ? `${symbol} ${style.bold(style.red(`${description.headline} (destructive)`))}`
    : `${symbol} ${description.headline}`;
  return [
    `  ${headline}`,
    ...description.lines.flatMap((line) => detailLine(line, style, width)),
  ];
}

function detailLine(
  line: DescriptionLine,
  style: Style,
  width: number | undefined,
): string[] {
  switch (line.kind) {
    case "added":
      return [`        ${style.green(`+ ${line.text}`)}`];
    case "removed":
      return [`        ${style.red(`- ${line.text}`)}`];
    case "kept":
      return [`          ${line.text}`];
    case "info":
      return wrap(`      ${line.text}`, "        ", width);
    case "note":
      return wrap(`      ${style.dim(`# ${line.text}`)}`, "        ", width);
  }
}

/**
 * Wraps a line at spaces to `width` columns on the screen, continuing with `indent`
 * (wrap-ansi: colour codes take no columns, CJK and emoji two, styles are closed and
 * reopened across the break); words longer than a line are never split. A line that is
 * wrapped gives every row `width` less the indent for its text, the first row too.
 */
function wrap(
  text: string,
  indent: string,
  width: number | undefined,
): string[] {
  if (width === undefined || stringWidth(text) <= width) return [text];
  const lead = /^ */.exec(text)?.[0] ?? "";
  return wrapAnsi(text.slice(lead.length), width - indent.length)
    .split("\n")
    .map((row, index) => (index === 0 ? lead : indent) + row);
}
