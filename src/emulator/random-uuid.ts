import { randomUUID } from "node:crypto";

/**
 * A UUID generator. With a seedable `random` the ids are reproducible (version-4 layout
 * built from its draws); without one, `crypto.randomUUID`.
 */
export function uuidGenerator(
  random: (() => number) | undefined,
): () => string {
  if (!random) return randomUUID;
  return () => {
    let hex = "";
    for (let i = 0; i < 32; i++) {
      hex += Math.floor(random() * 16).toString(16);
    }
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
}
