import type { CST } from "yaml";

/**
 * The offset of the first collection nested deeper than `maxDepth` in one parsed CST token,
 * or undefined. Iterative on purpose: the point is to refuse inputs deep enough to exhaust the
 * call stack of a recursive walker (yaml's composer among them) before they reach one.
 */
export function findTooDeep(
  token: CST.Token,
  maxDepth: number,
): number | undefined {
  // Two parallel stacks: this runs over every node of every file, so it allocates little.
  const tokens: CST.Token[] = [token];
  const depths: number[] = [0];
  while (tokens.length > 0) {
    const current = tokens.pop()!;
    const depth = depths.pop()!;
    const children = childrenOf(current);
    if (children.length === 0) continue;
    const childDepth = isCollection(current) ? depth + 1 : depth;
    if (childDepth > maxDepth) return current.offset;
    for (const child of children) {
      tokens.push(child);
      depths.push(childDepth);
    }
  }
  return undefined;
}

function isCollection(token: CST.Token): boolean {
  return (
    token.type === "block-map" ||
    token.type === "block-seq" ||
    token.type === "flow-collection"
  );
}

function childrenOf(token: CST.Token): CST.Token[] {
  switch (token.type) {
    case "document":
      return token.value ? [token.value] : [];
    case "block-map":
    case "block-seq":
    case "flow-collection": {
      const children: CST.Token[] = [];
      for (const item of token.items) {
        if (item.key) children.push(item.key);
        if (item.value) children.push(item.value);
      }
      return children;
    }
    default:
      return [];
  }
}
