import { cleanName } from "../model/index.js";

/**
 * Organization names from the text of a `--from-file` list: one name a line, surrounding
 * white space trimmed, blank lines and lines starting with `#` skipped (a `#` inside a name
 * is part of the name). Windows line ends and a leading byte-order mark are accepted.
 */
export function parseNameList(text: string): string[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map(cleanName)
    .filter((line) => line !== "" && !line.startsWith("#"));
}
