import type { CsmReader } from "../api/types.js";
import {
  readDetailFields,
  readOrganizations,
  readProducts,
  uniqueNames,
} from "../live/index.js";
import { cleanName, nameKey } from "../model/index.js";
import type { ExportSource } from "./export-manifests.js";

/** Options of `readExportSource`. */
export interface ReadExportOptions {
  /** Organizations to read, by name. The CSM API cannot list them all. */
  readonly names: readonly string[];
  /** Organizations to read, by id (`export --all`: every one listed). */
  readonly ids?: readonly string[];
  /** Read only the detail fields. @default false */
  readonly fieldsOnly?: boolean;
  /** Requests in flight at once. @default 8 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

/** What was read, and which asked-for names the site does not have. */
export interface ExportRead {
  readonly source: ExportSource;
  /** Names asked for (trimmed, first spelling of each) that matched no organization. */
  readonly missing: readonly string[];
}

/**
 * Reads what `exportManifests` needs: every detail field (1 request), the named
 * organizations' profiles (`ceil(N / 25)` requests, concurrently), and the product list only
 * when an organization holds an entitlement (to tell whether a product name is ambiguous).
 * Only read methods are called.
 */
export async function readExportSource(
  client: CsmReader,
  options: ReadExportOptions,
): Promise<ExportRead> {
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const names = options.fieldsOnly ? [] : uniqueNames(options.names);
  const ids = options.ids ?? [];
  const [fields, organizations] = await Promise.all([
    readDetailFields(client, signal),
    names.length + ids.length === 0
      ? []
      : readOrganizations(
          client,
          { names, ids },
          {
            ...signal,
            ...(options.concurrency === undefined
              ? {}
              : { concurrency: options.concurrency }),
          },
        ),
  ]);
  const found = new Set(organizations.map((org) => nameKey(org.name)));
  const missing = names.filter((name) => !found.has(nameKey(name)));
  const entitled = organizations.some((org) => org.entitlements.length > 0);
  const products = entitled ? await readProducts(client, signal) : undefined;
  return {
    source: {
      fields,
      organizations,
      ...(products === undefined ? {} : { products }),
    },
    missing,
  };
}

/**
 * Organization names from the text of a `--from-file` list: one name a line, surrounding
 * white space trimmed, blank lines and lines starting with `#` skipped (a `#` inside a name
 * is part of the name). Windows line ends and a leading byte-order mark are accepted.
 */
export function parseNameList(text: string): string[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map(cleanName)
    .filter((line) => line !== "" && !line.startsWith("#"));
}
