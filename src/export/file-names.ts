import { createHash } from "node:crypto";

/** The longest file name stem `organizationFileNames` gives (the `.yaml` comes on top). */
export const MAX_SLUG_LENGTH = 64;

/** The stem used when a name has no letter or digit that survives. */
const FALLBACK = "organization";

/**
 * Device names Windows reserves in every directory, whatever the extension: a file called
 * `con.yaml` cannot be created or checked out there.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * A file name stem for a name: lowercase ASCII letters, digits and single hyphens, at most
 * `MAX_SLUG_LENGTH` characters, never empty, never `.`/`..` (no dots at all), never a
 * Windows device name. Accents are dropped (`Café` → `cafe`); everything else that is not a
 * letter or digit becomes one hyphen. Different names can share a stem: see
 * `organizationFileNames`.
 */
export function slugify(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  const slug = trimHyphens(
    ascii.replace(/[^a-z0-9]+/g, "-").slice(0, MAX_SLUG_LENGTH),
  );
  if (slug === "") return FALLBACK;
  return WINDOWS_RESERVED.test(slug) ? `${slug}-org` : slug;
}

/**
 * A file name stem for every name, unique across the set (also on case-insensitive file
 * systems, since stems are lowercase). A name keeps its plain `slugify` stem unless another
 * name of the set has the same stem; then each of them gets a suffix made of a hash of its
 * exact name (`acme-corp-1f3a9c02`). The result depends only on the set of names, never on
 * their order.
 */
export function organizationFileNames(
  names: Iterable<string>,
): Map<string, string> {
  const unique = [...new Set(names)];
  const bases = new Map(unique.map((name) => [name, slugify(name)]));
  const sharing = countValues(bases);
  // The hash length each name gets: 0 (none) unless its plain stem is shared.
  const hashLength = new Map(
    unique.map((name) => [
      name,
      (sharing.get(bases.get(name)!) ?? 0) > 1 ? 8 : 0,
    ]),
  );
  for (;;) {
    const stems = new Map(
      unique.map((name) => [
        name,
        withHash(bases.get(name)!, name, hashLength.get(name)!),
      ]),
    );
    const counts = countValues(stems);
    const clashing = unique.filter((name) => counts.get(stems.get(name)!)! > 1);
    if (clashing.length === 0) return stems;
    // A plain stem can equal another name's suffixed stem; lengthen the hashes of every
    // name involved until they part (16 hex digits part any two names short of a SHA-256
    // collision).
    for (const name of clashing) {
      const length = hashLength.get(name)!;
      if (length >= 16) {
        throw new Error(
          `cannot give distinct file names to ${JSON.stringify(name)}`,
        );
      }
      hashLength.set(name, length === 0 ? 8 : 16);
    }
  }
}

function withHash(base: string, name: string, length: number): string {
  if (length === 0) return base;
  const hash = createHash("sha256")
    .update(name, "utf8")
    .digest("hex")
    .slice(0, length);
  const room = MAX_SLUG_LENGTH - length - 1;
  const stem = trimHyphens(base.slice(0, room));
  return `${stem === "" ? FALLBACK.slice(0, room) : stem}-${hash}`;
}

function trimHyphens(text: string): string {
  return text.replace(/^-+|-+$/g, "");
}

function countValues<K, V>(map: Map<K, V>): Map<V, number> {
  const counts = new Map<V, number>();
  for (const value of map.values()) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}
