import type { SourceLocation } from "../model/index.js";
import { pointerSegments } from "../util/json-pointer.js";
import type { ManifestIssue } from "./manifest-issue.js";
import type { IssueDetails, SourceText } from "./source-text.js";
import type { PlainDocument } from "./yaml-to-value.js";

/** Which part of a mapping entry a location means. */
export interface LocateOptions {
  /** The key of the entry, instead of its value. @default false */
  readonly key?: boolean;
}

/**
 * One YAML document of a manifest file: its contents as plain data (null-prototype objects,
 * interpolated strings) and the way back from any part of it to a line and column, either by
 * JSON pointer or by (container, key) for callers that walk the data.
 */
export class ParsedDocument {
  constructor(
    readonly source: SourceText,
    /** 0-based index of the document in its file. */
    readonly index: number,
    /** The contents and their spans (sent between threads as they are). */
    readonly plain: PlainDocument,
    /**
     * Where a `${NAME}` reference could not be read (already reported): problems found at or
     * below these pointers are not reported again, since the value there is not the user's.
     */
    readonly unreadable: readonly string[] = [],
  ) {}

  /** True when a problem at `pointer` follows from a reference already reported there. */
  isUnreadable(pointer: string): boolean {
    return this.unreadable.some(
      (at) => pointer === at || pointer.startsWith(`${at}/`),
    );
  }

  /** The contents as plain data (mappings are null-prototype objects). */
  get value(): unknown {
    return this.plain.value;
  }

  get file(): string {
    return this.source.file;
  }

  /** Where what the pointer names was written (or its nearest parent that exists). */
  locate(pointer: string, options: LocateOptions = {}): SourceLocation {
    const { container, key } = this.resolve(pointer);
    return this.locateEntry(container, key, options);
  }

  /** Where the entry `key` of a plain mapping or list of this document was written. */
  locateEntry(
    container: unknown,
    key: string | number | undefined,
    options: LocateOptions = {},
  ): SourceLocation {
    const [start] = this.span(container, key, options);
    const { line, column } = this.source.position(start);
    return { file: this.source.file, line, column };
  }

  /** A located issue about what the pointer names. */
  issue(
    pointer: string,
    details: IssueDetails,
    options: LocateOptions = {},
  ): ManifestIssue {
    const { container, key } = this.resolve(pointer);
    return this.issueAtEntry(container, key, pointer, details, options);
  }

  /** A located issue about the entry `key` of a plain mapping or list, at `pointer`. */
  issueAtEntry(
    container: unknown,
    key: string | number | undefined,
    pointer: string,
    details: IssueDetails,
    options: LocateOptions = {},
  ): ManifestIssue {
    const [start, end] = this.span(container, key, options);
    return this.source.issue(
      { document: this.index, pointer, start, end },
      details,
    );
  }

  /**
   * A scalar entry as it was written, before YAML typed it: `01234` for a value YAML reads
   * as the number 1234. Meant for numbers and booleans (plain scalars, whose text is exactly
   * their span); undefined when the entry is unknown.
   */
  writtenText(container: unknown, key: string | number): string | undefined {
    const slot = this.slot(container, key);
    if (slot === undefined) return undefined;
    const spans = this.plain.spans;
    return this.source.text.slice(spans[slot * 4 + 2], spans[slot * 4 + 3]);
  }

  /** The deepest (container, key) the pointer reaches in the plain data. */
  private resolve(pointer: string): {
    container: unknown;
    key: string | number | undefined;
  } {
    let container: unknown;
    let key: string | number | undefined;
    let value: unknown = this.plain.value;
    for (const segment of pointerSegments(pointer)) {
      let child: string | number | undefined;
      if (Array.isArray(value)) {
        const index = Number(segment);
        if (Number.isInteger(index) && index >= 0 && index < value.length) {
          child = index;
        }
      } else if (
        typeof value === "object" &&
        value !== null &&
        Object.hasOwn(value, segment)
      ) {
        child = segment;
      }
      if (child === undefined) break;
      container = value;
      key = child;
      value = (value as Record<string | number, unknown>)[child];
    }
    return { container, key };
  }

  private slot(container: unknown, key: string | number): number | undefined {
    if (typeof container !== "object" || container === null) return undefined;
    const slots = this.plain.slots.get(container);
    if (typeof slots === "number") {
      const index = Number(key);
      return Array.isArray(container) && index >= 0 && index < container.length
        ? slots + index
        : undefined;
    }
    return slots?.get(String(key));
  }

  private span(
    container: unknown,
    key: string | number | undefined,
    options: LocateOptions,
  ): [number, number] {
    const slot = key === undefined ? undefined : this.slot(container, key);
    if (slot === undefined) {
      return [this.plain.rootSpan[0], this.plain.rootSpan[1]];
    }
    const at = slot * 4 + (options.key ? 0 : 2);
    return [this.plain.spans[at]!, this.plain.spans[at + 1]!];
  }
}
