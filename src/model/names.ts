/**
 * Names as the CSM API compares them: surrounding white space is not part of a name, and
 * two names that differ only in case are the same name (fields and organizations alike).
 */

/** The name as it should be sent and shown: trimmed. */
export function cleanName(name: string): string {
  return name.trim();
}

/** The identity of a name: trimmed and case-folded. Use it for every lookup and comparison. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** True when the API would treat the two names as the same name. */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

/**
 * A lookup table keyed by `nameKey`. A `Map`, never a plain object, so that names such as
 * `__proto__` or `constructor` are just names.
 */
export function indexByName<T>(
  items: Iterable<T>,
  nameOf: (item: T) => string,
): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) {
    const key = nameKey(nameOf(item));
    if (!index.has(key)) index.set(key, item);
  }
  return index;
}
