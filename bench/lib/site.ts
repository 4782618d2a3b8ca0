/**
 * A synthetic site of N organizations × 10 detail fields, written two ways from one
 * definition: as manifests (what a team keeps in git) and as an emulator seed (what the live
 * site holds). The seed may differ from the manifests in a chosen number of detail values,
 * spread evenly over the organizations, so plan, drift and apply have that much to do.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import type { EmulatorSeed } from "../../src/emulator/index.js";

/** Organizations per manifest file: a team splits a big list into files of this size. */
const ORGANIZATIONS_PER_FILE = 1_000;

interface BenchField {
  readonly name: string;
  readonly type: string;
  readonly options?: readonly string[];
  /** The value organization `i` holds; `variant` 1 gives a different valid value. */
  readonly value: (i: number, variant: 0 | 1) => string | readonly string[];
}

const pick = <T>(list: readonly T[], index: number): T =>
  list[index % list.length]!;

const REGIONS = ["AU", "EU", "US", "APAC"];
const TIERS = ["Gold", "Silver", "Bronze"];
const SEGMENTS = ["SMB", "Mid-market", "Enterprise"];
const MARKETS = ["Retail", "Banking", "Government", "Healthcare", "Education"];
const HEADCOUNTS = ["Small", "Medium", "Large", "Very large"];

/** Ten fields of the types Atlassian documents. */
const FIELDS: readonly BenchField[] = [
  {
    name: "Region",
    type: "SELECT",
    options: REGIONS,
    value: (i, v) => pick(REGIONS, i + v),
  },
  {
    name: "Tier",
    type: "SELECT",
    options: TIERS,
    value: (i, v) => pick(TIERS, i + v),
  },
  {
    name: "Segment",
    type: "SELECT",
    options: SEGMENTS,
    value: (i, v) => pick(SEGMENTS, i + v),
  },
  {
    name: "Markets",
    type: "MULTISELECT",
    options: MARKETS,
    value: (i, v) => [pick(MARKETS, i + v), pick(MARKETS, i + v + 2)],
  },
  {
    name: "Renewal date",
    type: "DATE",
    value: (i, v) =>
      `2027-${String((i % 12) + 1).padStart(2, "0")}-${String(((i + v) % 28) + 1).padStart(2, "0")}`,
  },
  {
    name: "Account manager",
    type: "EMAIL",
    value: (i, v) => `manager${(i + v) % 97}@example.com`,
  },
  {
    name: "Support phone",
    type: "PHONE",
    value: (i, v) => `+61 2 9${String((i + v) % 1000).padStart(3, "0")} 1443`,
  },
  {
    name: "Headcount",
    type: "SELECT",
    options: HEADCOUNTS,
    value: (i, v) => pick(HEADCOUNTS, i + v),
  },
  {
    name: "Notes",
    type: "TEXT",
    value: (i, v) =>
      `Onboarded in batch ${i % 40}${v === 0 ? "" : ", moved to the new plan"}`,
  },
  {
    name: "Contract ID",
    type: "TEXT",
    value: (i, v) => `C-${i}${v === 0 ? "" : "-renewed"}`,
  },
];

/** The name of organization `i`. */
function organizationName(i: number): string {
  return `Customer ${String(i).padStart(5, "0")} Pty Ltd`;
}

/**
 * The detail values (index `i × 10 + field`) that differ: `count` of them, spread evenly
 * over the `organizations × 10` values.
 */
function differingValues(organizations: number, count: number): Set<number> {
  const total = organizations * FIELDS.length;
  if (count > total)
    throw new Error(`cannot change ${count} of ${total} values`);
  const changed = new Set<number>();
  for (let c = 0; c < count; c++)
    changed.add(
      (Math.floor((c * total) / count) + (c % FIELDS.length)) % total,
    );
  // The offset spreads changes over every field; at high densities it may collide.
  for (let k = 0; changed.size < count; k++) changed.add(k);
  return changed;
}

/** The emulator seed: the site as it is, `differences` values away from the manifests. */
export function siteSeed(
  organizations: number,
  differences: number,
): EmulatorSeed {
  const changed = differingValues(organizations, differences);
  return {
    fields: FIELDS.map((f) => ({
      name: f.name,
      type: f.type,
      ...(f.options ? { options: f.options } : {}),
    })),
    organizations: Array.from({ length: organizations }, (_, i) => ({
      name: organizationName(i),
      details: Object.fromEntries(
        FIELDS.map((f, j) => [
          f.name,
          f.value(i, changed.has(i * FIELDS.length + j) ? 1 : 0),
        ]),
      ),
    })),
  };
}

const yamlScalar = (value: string): string =>
  /^[A-Za-z0-9][A-Za-z0-9 .@/:+-]*$/.test(value) &&
  !/^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !/^\d+$/.test(value) &&
  !value.includes(": ")
    ? value
    : JSON.stringify(value);

function fieldsYaml(): string {
  const lines = ["apiVersion: orgsync/v1", "kind: DetailFields", "fields:"];
  for (const f of FIELDS) {
    lines.push(`  - name: ${f.name}`, `    type: ${f.type}`);
    if (f.options) lines.push(`    options: [${f.options.join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}

function organizationsYaml(from: number, to: number): string {
  const lines = [
    "apiVersion: orgsync/v1",
    "kind: Organizations",
    "organizations:",
  ];
  for (let i = from; i < to; i++) {
    lines.push(`  - name: ${organizationName(i)}`, "    details:");
    for (const f of FIELDS) {
      const value = f.value(i, 0);
      lines.push(
        `      ${f.name}: ${
          typeof value === "string"
            ? yamlScalar(value)
            : `[${value.map(yamlScalar).join(", ")}]`
        }`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Where a generated workspace keeps its files. */
export interface Workspace {
  readonly dir: string;
  /** The manifests folder (`fields.yaml` and `organizations/*.yaml`). */
  readonly manifests: string;
  /** Every organization name, one a line, for `export --from-file`. */
  readonly namesFile: string;
  readonly names: readonly string[];
  /** Total size of the manifests, in bytes. */
  readonly bytes: number;
}

/** Writes the manifests of `organizations` organizations under `dir`. */
export async function writeWorkspace(
  dir: string,
  organizations: number,
): Promise<Workspace> {
  const manifests = path.join(dir, "orgsync");
  await mkdir(path.join(manifests, "organizations"), { recursive: true });
  const files: [string, string][] = [
    [path.join(manifests, "fields.yaml"), fieldsYaml()],
  ];
  for (let from = 0; from < organizations; from += ORGANIZATIONS_PER_FILE) {
    const part = String(from / ORGANIZATIONS_PER_FILE + 1).padStart(3, "0");
    files.push([
      path.join(manifests, "organizations", `part-${part}.yaml`),
      organizationsYaml(
        from,
        Math.min(organizations, from + ORGANIZATIONS_PER_FILE),
      ),
    ]);
  }
  const names = Array.from({ length: organizations }, (_, i) =>
    organizationName(i),
  );
  const namesFile = path.join(dir, "names.txt");
  files.push([namesFile, `${names.join("\n")}\n`]);
  await Promise.all(files.map(([file, text]) => writeFile(file, text)));
  const bytes = files
    .filter(([file]) => file !== namesFile)
    .reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0);
  return { dir, manifests, namesFile, names, bytes };
}
