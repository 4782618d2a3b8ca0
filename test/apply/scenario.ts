/** A small site and the manifests that change it, for the end-to-end tests of apply. */
import type { EmulatorSeed } from "../../src/emulator/index.js";

export const SEED: EmulatorSeed = {
  fields: [
    { name: "Level", type: "SELECT", options: ["Gold", "Silver"] },
    { name: "Region", type: "SELECT", options: ["AU", "EU"] },
  ],
  products: [{ name: "Acme Widget" }, { name: "Acme Gadget" }],
  organizations: [
    { name: "ACME Inc", details: { Level: "Silver", Region: "EU" } },
    { name: "Initech", details: { Region: "AU" } },
    { name: "Old Co", details: { Region: "AU" } },
  ],
};

const FIELDS_YAML = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - name: Region
    type: SELECT
    options: [AU, EU, US]
  - name: Tier
    type: SELECT
    options: [Gold, Silver, Bronze]
    previousNames: [Level]
  - name: Renewal date
    type: DATE
`;

const ORGS_YAML = `apiVersion: orgsync/v1
kind: Organization
name: Acme Corp
previousNames: [ACME Inc]
details:
  Region: EU
  Tier: Gold
  Renewal date: "2027-01-31"
products: [Acme Widget]
---
apiVersion: orgsync/v1
kind: Organizations
defaults:
  details: { Region: US }
organizations:
  - name: Globex
    details: { Tier: Bronze }
    products: [Acme Gadget]
  - name: Initech
    details: { Region: EU, Tier: Silver }
  - name: Umbrella
`;

/** The manifests as files in a directory. */
export const FILES: Record<string, string> = {
  "orgsync/fields.yaml": FIELDS_YAML,
  "orgsync/organizations.yaml": ORGS_YAML,
};

/** The same, plus a delete of each of these organizations. */
export function withDeletes(...names: string[]): Record<string, string> {
  return {
    ...FILES,
    "orgsync/gone.yaml": `apiVersion: orgsync/v1
kind: Organizations
organizations:
${names.map((name) => `  - name: ${JSON.stringify(name)}\n    ensure: absent\n`).join("")}`,
  };
}
