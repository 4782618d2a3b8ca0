import picocolors from "picocolors";

/** The styles the renderers use (picocolors' colours), and whether they are on. */
export type Style = ReturnType<typeof picocolors.createColors> & {
  readonly enabled: boolean;
};

/** A way to emphasise text; plain text in, styled (or the same plain) text out. */
export type Paint = Style["bold"];

/**
 * ANSI styles when `enabled`, else functions that return the text unchanged. The caller
 * decides: colour only on a terminal, never under `NO_COLOR` (the CLI's `colorEnabled`;
 * picocolors' own detection reads the process, not the environment a command is given).
 */
export function createStyle(enabled: boolean): Style {
  return { ...picocolors.createColors(enabled), enabled };
}
