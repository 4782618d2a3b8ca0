import type { Desired, SourceLocation } from "../model/index.js";
import type { ManifestIssue } from "./manifest-issue.js";
import type { IssueDetails, SourceText } from "./source-text.js";

/**
 * The text of every file a Desired was loaded from, so that a problem found long after
 * loading (against the live site) can still be shown with its source line and a caret. A
 * WeakMap keyed by the Desired: it adds nothing to it and goes away with it.
 */
const texts = new WeakMap<Desired, ReadonlyMap<string, SourceText>>();

/** The loader records the files a Desired came from. */
export function recordSourceTexts(
  desired: Desired,
  sources: Iterable<SourceText>,
): void {
  texts.set(desired, new Map([...sources].map((text) => [text.file, text])));
}

/** What `issueAtSource` shows: the issue, and the text written at the spot when known. */
export interface SourceIssueDetails extends IssueDetails {
  /** The value written at the spot (e.g. a product reference): the caret underlines it. */
  readonly found?: string | undefined;
}

/**
 * A located issue at `source`, in the compiler format of manifest errors: with the source
 * line and a caret when `desired` was loaded from files (`loadManifests`), else the
 * `file:line:col` alone.
 */
export function issueAtSource(
  desired: Desired,
  source: SourceLocation,
  details: SourceIssueDetails,
): ManifestIssue {
  const text = texts.get(desired)?.get(source.file);
  const start = text?.lineStarts[source.line - 1];
  if (text && start !== undefined && source.column > 0) {
    const offset = start + source.column - 1;
    return text.issue(
      {
        document: 0,
        pointer: "",
        start: offset,
        end: offset + spanOf(text.text, offset, details.found),
      },
      details,
    );
  }
  return {
    file: source.file,
    line: source.line,
    column: source.column,
    document: 0,
    pointer: "",
    severity: details.severity ?? "error",
    message: details.message,
    ...(details.found === undefined ? {} : { found: details.found }),
    ...(details.expected === undefined ? {} : { expected: details.expected }),
    ...(details.suggestion === undefined
      ? {}
      : { suggestion: details.suggestion }),
  };
}

/** How many characters the caret spans: the value as written (quoted or not), else one. */
function spanOf(
  text: string,
  offset: number,
  found: string | undefined,
): number {
  if (found === undefined || found === "") return 1;
  const quote = text[offset];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, offset + 1);
    return close > offset ? close - offset + 1 : 1;
  }
  return text.startsWith(found, offset) ? found.length : 1;
}
