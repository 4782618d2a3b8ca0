/**
 * Text from manifests is echoed in messages; a manifest must not be able to move the cursor,
 * recolour the terminal or reorder what is shown. C0 and C1 control characters, DEL, and the
 * Unicode bidirectional and invisible formatting marks are shown as `\xNN` / `\u{NNNN}`.
 * Tabs become one space so that a caret under the line still lines up.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;

const UNSAFE_ABOVE_ASCII =
  /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;

/** The text with every unsafe character escaped, safe to write to a terminal. */
export function escapeTerminal(text: string): string {
  return text.replace(/\t/g, " ").replace(UNSAFE, escapeChar);
}

function escapeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u{${code.toString(16)}}`;
}

/**
 * JSON text in which every character `escapeTerminal` would escape is written as a `\uXXXX`
 * escape: the same JSON value, safe to print to a terminal.
 */
export function terminalSafeJson(value: unknown, indent?: number): string {
  // JSON.stringify already escapes C0 controls inside strings; line breaks between tokens stay.
  return JSON.stringify(value, null, indent).replace(
    UNSAFE_ABOVE_ASCII,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}
