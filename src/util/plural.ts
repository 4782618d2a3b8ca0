/**
 * A count with its noun, singular or plural: "1 file", "3 files", "1,200 organizations".
 * `plural` gives an irregular plural ("1 was", "2 were" is not a noun: pass both forms).
 */
export function plural(
  count: number,
  noun: string,
  pluralNoun = `${noun}s`,
): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? noun : pluralNoun}`;
}
