/**
 * Appends every item to `target`. Not `target.push(...items)`: spreading a list of hundreds
 * of thousands of issues (a hostile file) into call arguments overflows the stack.
 */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
