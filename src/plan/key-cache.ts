import { nameKey } from "../model/names.js";

/**
 * `nameKey`, remembered for the length of one plan. Field names repeat on every organization
 * (10,000 organizations × 10 details is 100,000 lookups of ten names), so each is folded
 * once instead of once per use.
 */
export function createKeyCache(): (name: string) => string {
  const keys = new Map<string, string>();
  return (name) => {
    let key = keys.get(name);
    if (key === undefined) {
      key = nameKey(name);
      keys.set(name, key);
    }
    return key;
  };
}
