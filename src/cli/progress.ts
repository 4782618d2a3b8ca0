import { performance } from "node:perf_hooks";

import cliTruncate from "cli-truncate";

import type { ReadProgress } from "../live/index.js";
import { resultLine } from "../apply/render-report.js";
import type { ApplyEvent } from "../apply/types.js";
import { createStyle } from "../util/style.js";
import { DEFAULT_COLUMNS, type OutputStream } from "./io.js";

/** Options of `createProgress`. */
export interface ProgressOptions {
  /** Print only failures. @default false */
  readonly quiet?: boolean;
  /** ANSI colours. @default false */
  readonly color?: boolean;
  /** Milliseconds since a fixed point, for the rate. @default performance.now */
  readonly clock?: () => number;
  /**
   * Draw a bar redrawn in place; otherwise one line per finished change. The CLI decides
   * with `barsEnabled` (a terminal, NO_COLOR unset). @default stream.isTTY
   */
  readonly bar?: boolean;
  /** Least milliseconds between two redraws of the bar. @default 100 */
  readonly redrawMs?: number;
}

/** A progress display fed by `applyPlan`'s events. */
export interface Progress {
  readonly onEvent: (event: ApplyEvent) => void;
  /** Clears the bar (if any) so the report starts on a clean line. */
  stop(): void;
}

/**
 * Progress of an apply, on stderr. On a terminal one line redrawn in place
 * (`applying 120/2000 · 2 failed · 48.7/s`) with each failure printed above it; in a pipeline
 * one line per finished change; with `quiet` only failures. Stdout stays for the report.
 */
export function createProgress(
  stream: OutputStream,
  options: ProgressOptions = {},
): Progress {
  const color = options.color ?? false;
  const style = createStyle(color);
  const clock = options.clock ?? (() => performance.now());
  const redrawMs = options.redrawMs ?? 100;
  const bar = (options.bar ?? stream.isTTY === true) && options.quiet !== true;
  const line = statusLine(stream, clock, redrawMs);
  let total = 0;
  let done = 0;
  let failed = 0;
  let started = 0;

  const draw = (force: boolean): void => {
    const seconds = (clock() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const failures = failed > 0 ? style.red(`${failed} failed`) : "0 failed";
    line.draw(
      `applying ${done}/${total} · ${failures} · ${rate.toFixed(1)}/s`,
      force,
    );
  };

  const onEvent = (event: ApplyEvent): void => {
    switch (event.type) {
      case "start":
        total = event.total;
        started = clock();
        if (bar && total > 0) draw(true);
        return;
      case "change-start":
        return;
      case "change-done": {
        done++;
        const { result } = event;
        if (result.status === "failed") failed++;
        const show =
          result.status === "failed" || (!bar && options.quiet !== true);
        if (show) {
          line.clear();
          stream.write(`${resultLine(result, { color })}\n`);
        }
        if (bar) draw(show || done === total);
        return;
      }
      case "done":
        line.clear();
        return;
    }
  };

  return { onEvent, stop: line.clear };
}

/** A one-line "reading the site" counter on a terminal; silent in pipelines. */
export interface ReadProgressLine {
  readonly update: (progress: ReadProgress) => void;
  /** Clears the line so what follows starts clean. */
  stop(): void;
}

/**
 * Redraws at most every `redrawMs`; large sites make hundreds of requests a second. Draws
 * nothing unless `enabled` (the CLI passes `barsEnabled`: a terminal, NO_COLOR unset).
 */
export function createReadProgress(
  stream: OutputStream,
  enabled: boolean,
  redrawMs = 100,
  clock: () => number = () => performance.now(),
): ReadProgressLine {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const line = statusLine(stream, clock, redrawMs);
  return {
    update: ({ done, total }) =>
      line.draw(`reading the site: ${done}/${total} requests`, done >= total),
    stop: line.clear,
  };
}

/**
 * The redraw loop both displays share: one line rewritten in place (carriage return, erase
 * line) at most every `redrawMs` unless forced, cut to the terminal's width by its display
 * width (colour codes take no columns and are never cut in half; wide characters take two).
 */
function statusLine(
  stream: OutputStream,
  clock: () => number,
  redrawMs: number,
): { draw: (text: string, force: boolean) => void; clear: () => void } {
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    draw: (text, force) => {
      const now = clock();
      if (!force && now - drawnAt < redrawMs) return;
      drawnAt = now;
      // The last column stays free, where a character would make some terminals wrap.
      const width =
        stream.columns !== undefined && stream.columns > 0
          ? stream.columns
          : DEFAULT_COLUMNS;
      stream.write(
        `\r\u001b[2K${cliTruncate(text, width - 1, { truncationCharacter: "" })}`,
      );
      drawn = true;
    },
    clear: () => {
      if (drawn) stream.write("\r\u001b[2K");
      drawn = false;
    },
  };
}
