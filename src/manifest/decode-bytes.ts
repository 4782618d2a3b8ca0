/** The text of a file's bytes, or where its UTF-8 first goes wrong. */
export type Decoded =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      /** Byte offset of the first invalid sequence. */
      readonly offset: number;
      readonly line: number;
      /** 1-based column, counted in characters of the valid text before it. */
      readonly column: number;
      /** The line, with invalid bytes shown as U+FFFD. */
      readonly sourceLine: string;
    };

const lenient = new TextDecoder("utf-8");

/**
 * Decodes UTF-8 strictly: a manifest with invalid bytes is refused (with the place) rather
 * than read with replacement characters that would silently end up in names on the site.
 */
export function decodeBytes(bytes: Uint8Array): Decoded {
  try {
    return {
      ok: true,
      text: new TextDecoder("utf-8", { fatal: true }).decode(bytes),
    };
  } catch {
    const offset = firstInvalidByte(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
    let lineEnd = bytes.indexOf(0x0a, offset);
    if (lineEnd < 0) lineEnd = bytes.length;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const before = lenient.decode(bytes.subarray(lineStart, offset));
    return {
      ok: false,
      offset,
      line,
      column: before.length + 1,
      sourceLine: lenient
        .decode(bytes.subarray(lineStart, lineEnd))
        .replace(/\r$/, ""),
    };
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    const length = sequenceLength(bytes, i, byte);
    if (length === 0) return i;
    i += length;
  }
  return bytes.length;
}

/** The length of the valid sequence starting at `i`, or 0 (RFC 3629 table 3-7). */
function sequenceLength(bytes: Uint8Array, i: number, byte: number): number {
  const cont = (k: number, low = 0x80, high = 0xbf): boolean => {
    const next = bytes[i + k];
    return next !== undefined && next >= low && next <= high;
  };
  if (byte <= 0x7f) return 1;
  if (byte >= 0xc2 && byte <= 0xdf) return cont(1) ? 2 : 0;
  if (byte === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((byte >= 0xe1 && byte <= 0xec) || byte === 0xee || byte === 0xef) {
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (byte === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (byte === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (byte >= 0xf1 && byte <= 0xf3)
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (byte === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
