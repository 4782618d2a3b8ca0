import type { LoadedSource } from "./load-source.js";
import { ParsedDocument } from "./parsed-document.js";
import { SourceText } from "./source-text.js";
import type { PlainDocument } from "./yaml-to-value.js";

/**
 * A loaded file as a worker thread posts it: plain data only (structured clone keeps the
 * objects' identities within one message, so the spans' map still finds each mapping, but
 * not classes or null prototypes, which `fromMessage` restores).
 */
export interface SourceMessage extends Omit<LoadedSource, "documents"> {
  readonly text: string | undefined;
  readonly lineStarts: readonly number[];
  readonly documents: readonly {
    readonly index: number;
    readonly plain: PlainDocument;
    readonly unreadable: readonly string[];
  }[];
}

/** `loaded` as plain data, for `postMessage`. */
export function toMessage(loaded: LoadedSource): SourceMessage {
  const source = loaded.documents[0]?.source;
  return {
    ...loaded,
    text: source?.text,
    lineStarts: source?.lineStarts ?? [],
    documents: loaded.documents.map(({ index, plain, unreadable }) => ({
      index,
      plain,
      unreadable,
    })),
  };
}

/** The loaded file a worker posted, as `loadSource` returned it there. */
export function fromMessage(message: SourceMessage): LoadedSource {
  const source = new SourceText(
    message.file,
    message.text ?? "",
    message.lineStarts,
  );
  const documents = message.documents.map(({ index, plain, unreadable }) => {
    withNullPrototypes(plain.value);
    return new ParsedDocument(source, index, plain, unreadable);
  });
  return { ...message, documents };
}

/** Mappings are null-prototype objects again (a key such as `constructor` is just a key). */
function withNullPrototypes(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  if (!Array.isArray(value)) Object.setPrototypeOf(value, null);
  for (const child of Object.values(value)) withNullPrototypes(child);
}
