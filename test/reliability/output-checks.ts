/**
 * What it means for output to be safe when names and values are hostile: checks for text
 * meant for a terminal, Markdown meant for a pull-request comment, and JSON. Each returns the
 * problems it finds (empty when safe), so a failing test says exactly what got through.
 */
import { secretText } from "../../src/util/secret-text.js";

/**
 * True for characters that act on a terminal or hide or reorder what it shows: C0 controls
 * except the line feed, DEL, C1 controls (U+009B is CSI on some terminals), zero widths and
 * bidi marks, line/paragraph separators, bidi embeddings/overrides and isolates, the BOM.
 */
function dangerous(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x0a) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/** Text for a terminal: nothing in it may act on the terminal. */
export function terminalProblems(where: string, text: string): string[] {
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (!dangerous(code)) continue;
    return [
      `${where}: raw U+${code.toString(16).padStart(4, "0")} near ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`,
    ];
  }
  return [];
}

/** The HTML orgsync's Markdown renderers write themselves; anything else came from data. */
const OWN_TAGS =
  /^<(\/?details( open)?|\/?summary|\/?code|\/?b|!-- orgsync:part-break --)>$/;

/**
 * Markdown for a pull-request comment: no terminal characters; every code fence closed; no
 * HTML, mention or link outside code blocks except what the renderer writes; `<details>`
 * and `<summary>` balanced; every table row as many cells as its header; each part within
 * GitHub's 65,536 characters.
 */
export function markdownProblems(where: string, markdown: string): string[] {
  const problems = terminalProblems(where, markdown);
  // A separator that is not a line of its own came from data: a script splitting on it
  // would start a comment inside a code block.
  const separators = (markdown.match(/<!-- orgsync:part-break -->/g) ?? [])
    .length;
  const separatorLines = (
    markdown.match(/^<!-- orgsync:part-break -->$/gm) ?? []
  ).length;
  if (separators !== separatorLines)
    problems.push(`${where}: a part separator from data`);
  if (/<!--(?! orgsync:part-break -->$)/m.test(markdown))
    problems.push(`${where}: an HTML comment from data`);
  for (const [i, part] of markdown
    .split(/^<!-- orgsync:part-break -->$/m)
    .entries()) {
    if (part.length > 65_536)
      problems.push(`${where}: part ${i + 1} has ${part.length} characters`);
  }
  const prose: string[] = [];
  let fence: { char: string; length: number } | undefined;
  let header: number | undefined;
  for (const line of markdown.split("\n")) {
    const marker = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (
        marker?.[0] === fence.char &&
        marker.length >= fence.length &&
        line.trim() === marker
      )
        fence = undefined;
      continue;
    }
    if (marker) {
      fence = { char: marker[0]!, length: marker.length };
      continue;
    }
    prose.push(line);
    if (line.startsWith("|")) {
      const cells = line.split(/(?<!\\)\|/).length;
      if (header === undefined) header = cells;
      else if (cells !== header)
        problems.push(
          `${where}: table row with ${cells - 2} cells: ${line.slice(0, 120)}`,
        );
    } else header = undefined;
  }
  if (fence) problems.push(`${where}: a code fence is never closed`);
  const text = prose.join("\n");
  for (const tag of text.match(/<[^<>\n]*>/g) ?? [])
    if (!OWN_TAGS.test(tag)) problems.push(`${where}: HTML from data: ${tag}`);
  const count = (re: RegExp): number => (text.match(re) ?? []).length;
  if (count(/<details/g) !== count(/<\/details>/g))
    problems.push(`${where}: <details> and </details> do not balance`);
  if (count(/<summary>/g) !== count(/<\/summary>/g))
    problems.push(`${where}: <summary> and </summary> do not balance`);
  for (const at of text.matchAll(/@(?!&#8203;)\w/g))
    problems.push(
      `${where}: a live mention near ${JSON.stringify(text.slice(at.index, at.index + 30))}`,
    );
  // A line of raw HTML (`<details><summary>…`) is an HTML block: no Markdown links there.
  const markdownText = prose.filter((line) => !line.startsWith("<")).join("\n");
  const link = /.{0,30}(?<!\\)\]\(.{0,30}/.exec(markdownText);
  if (link) problems.push(`${where}: a live link: ${link[0]}`);
  // GitHub and GitLab link bare URLs, `www.` and `#123` in text and in HTML blocks alike.
  const bare = /.{0,30}(?:[a-z]:\/\/|\bwww\.|(?<!&)#\d).{0,30}/i.exec(text);
  if (bare) problems.push(`${where}: a bare link: ${bare[0]}`);
  return problems;
}

/** JSON on stdout: valid, and (being printed to a terminal too) free of terminal characters. */
export function jsonProblems(where: string, text: string): string[] {
  try {
    JSON.parse(text);
  } catch (error) {
    return [`${where}: not valid JSON: ${String(error)}`];
  }
  return terminalProblems(where, text);
}

/**
 * True when `text` holds a secret: any of its `forms` in any encoding (secret-text.ts), or
 * any 16 characters in a row of `secret` (what a cut through it would leave).
 */
export function holdsSecret(
  text: string,
  secret: string,
  forms: readonly string[] = [secret],
): boolean {
  if (secretText(forms).holds(text)) return true;
  for (let i = 0; i + 16 <= secret.length; i++)
    if (text.includes(secret.slice(i, i + 16))) return true;
  return false;
}
