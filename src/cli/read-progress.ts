import type { ReadProgress } from "../live/index.js";
import type { OutputStream } from "./io.js";

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
): ReadProgressLine {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  let drawnAt = 0;
  let drawn = false;
  return {
    update: ({ done, total }) => {
      const now = Date.now();
      if (now - drawnAt < redrawMs && done < total) return;
      drawnAt = now;
      drawn = true;
      stream.write(`\r\u001b[2Kreading the site: ${done}/${total} requests`);
    },
    stop: () => {
      if (drawn) stream.write("\r\u001b[2K");
      drawn = false;
    },
  };
}
