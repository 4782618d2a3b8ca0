import type {
  EmulatorSeed,
  SeedOrganization,
} from "../../../src/emulator/index.js";

/**
 * Names a file system, a YAML reader, the loader's `${VAR}` interpolation or a JavaScript
 * object would each like to misread. All distinct as the API compares names.
 */
const AWKWARD_NAMES: readonly string[] = [
  "Acme Corp",
  "Acme-Corp",
  "Acme_Corp",
  "../../etc/passwd",
  "..",
  ".",
  "CON",
  "nul",
  "__proto__",
  "constructor",
  "yes",
  "null",
  "012",
  "1e3",
  "2027-01-31",
  "${HOME}",
  "$${literal}",
  "株式会社",
  "Café Müller",
  "a: b",
  "- dash",
  "'quoted'",
  '"double"',
  "@mention",
  "*star",
  "&anchor",
  "%percent",
  "!tag",
  "tab\tinside",
  "x".repeat(120),
  "#1 Support",
];

/** A deterministic pseudo-random sequence in [0, 1): the same site on every run. */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const REGION = ["AU", "EU", "US", "APAC", "yes", "012", "N/A"];
const MARKETS = ["Retail", "Banking", "Government", "null", "On"];
const TEXTS = [
  "plain",
  "yes",
  "${HOME}",
  "a: b",
  "#hash",
  "multi\nline",
  "012",
  "true",
  "'q'",
  "@x",
  "2027-01-31",
];

/**
 * A site of `count` organizations with a field of every type orgsync knows, products,
 * entitlements, customers and the awkward names above among the generated ones.
 */
export function generatedSite(count: number): EmulatorSeed {
  const random = sequence(20260501);
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(random() * items.length)]!;
  const organizations: SeedOrganization[] = [];
  for (let i = 0; i < count; i += 1) {
    const name =
      AWKWARD_NAMES[i] ??
      `Customer ${String(i).padStart(4, "0")} ${pick(["Ltd", "GmbH", "S.A.", "Pty"])}`;
    const details: Record<string, string[]> = Object.create(null) as Record<
      string,
      string[]
    >;
    if (random() < 0.9) details.Region = [pick(REGION)];
    if (random() < 0.7) {
      details.Markets = [...new Set([pick(MARKETS), pick(MARKETS)])];
    }
    if (random() < 0.6)
      details["Renewal date"] = [
        `202${Math.floor(random() * 9)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      ];
    if (random() < 0.5) details.Note = [pick(TEXTS)];
    if (random() < 0.4) details["Account manager"] = [`am${i}@Example.COM`];
    if (random() < 0.3) details["Support phone"] = ["+61 2 9262 1443"];
    if (random() < 0.3) details.Seats = [pick(["42", "3.5", "0"])];
    if (random() < 0.3) details.Portal = [`https://portal.example.com/c/${i}`];
    if (random() < 0.3) details.Active = [pick(["true", "false"])];
    // A field name the loader would interpolate if export did not escape keys too.
    if (random() < 0.2) details["Cost ${CENTRE}"] = [`cc-${i % 7}`];
    const products =
      random() < 0.5
        ? [pick(["Acme Widget", "Acme Gadget", "Acme Sprocket"])]
        : [];
    const customers = random() < 0.3 ? [`qm:${i}:a`, `qm:${i}:b`] : [];
    organizations.push({ name, details, products, customers });
  }
  return {
    fields: [
      { name: "Region", type: "SELECT", options: REGION },
      { name: "Markets", type: "MULTISELECT", options: MARKETS },
      { name: "Renewal date", type: "DATE" },
      { name: "Note", type: "TEXT" },
      { name: "Account manager", type: "EMAIL" },
      { name: "Support phone", type: "PHONE" },
      { name: "Seats", type: "NUMBER" },
      { name: "Portal", type: "URL" },
      { name: "Active", type: "SELECT", options: ["true", "false"] },
      { name: "Cost ${CENTRE}", type: "TEXT" },
    ],
    products: [
      { name: "Acme Widget" },
      { name: "Acme Gadget" },
      { name: "Acme Sprocket" },
    ],
    organizations,
  };
}
