import type {
  Desired,
  DesiredDetail,
  DesiredField,
  DesiredOrganization,
  ListedOrganization,
  Live,
  LiveField,
  LiveOrganization,
  LiveProduct,
  SourceLocation,
} from "../../src/model/index.js";
import { lookupFieldType, nameKey } from "../../src/model/index.js";
import type { PlanOptions } from "../../src/plan/index.js";

/** Small builders for planner inputs: only what a test cares about is written. */

export const OPTIONS: PlanOptions = {
  now: "2026-05-01T12:00:00.000Z",
  orgsyncVersion: "0.1.0",
  target: { baseUrl: "http://127.0.0.1:4010/jsm/csm/cloudid/test/api/v1/" },
};

let nextLine = 1;
/** Starts source lines at 1 again, so that snapshots do not depend on which tests ran. */
export function resetLines(): void {
  nextLine = 1;
}
/** A distinct source location per object, so tests can tell which object a problem cites. */
export function at(line?: number, file = "orgsync/site.yaml"): SourceLocation {
  return { file, line: line ?? nextLine++, column: 3 };
}

export function field(
  name: string,
  type: string,
  more: {
    options?: string[];
    previousNames?: string[];
    ensure?: "present" | "absent";
    source?: SourceLocation;
  } = {},
): DesiredField {
  return {
    name,
    type,
    ...(more.options ? { options: more.options } : {}),
    previousNames: more.previousNames ?? [],
    ...(more.ensure ? { ensure: more.ensure } : {}),
    source: more.source ?? at(),
  };
}

type Values = string | readonly string[] | null;

const list = (values: Values): string[] =>
  values === null ? [] : typeof values === "string" ? [values] : [...values];

export function org(
  name: string,
  more: {
    id?: string;
    previousNames?: string[];
    ensure?: "present" | "absent";
    details?: Record<string, Values>;
    products?: string[];
    pruneProducts?: boolean;
    customers?: string[];
    source?: SourceLocation;
  } = {},
): DesiredOrganization {
  const details: DesiredDetail[] = Object.entries(more.details ?? {}).map(
    ([key, values]) => ({ name: key, values: list(values), source: at() }),
  );
  return {
    name,
    ...(more.id === undefined ? {} : { id: more.id }),
    previousNames: more.previousNames ?? [],
    ensure: more.ensure ?? "present",
    details,
    ...(more.products
      ? { products: { items: more.products, source: at() } }
      : {}),
    pruneProducts: more.pruneProducts ?? false,
    ...(more.customers
      ? { customers: { items: more.customers, source: at() } }
      : {}),
    source: more.source ?? at(),
  };
}

export function desired(
  more: {
    fields?: DesiredField[];
    declared?: boolean;
    prune?: boolean;
    organizations?: DesiredOrganization[];
  } = {},
): Desired {
  return {
    fields: {
      declared: more.declared ?? more.fields !== undefined,
      prune: more.prune ?? false,
      items: more.fields ?? [],
    },
    organizations: more.organizations ?? [],
  };
}

export function liveField(
  name: string,
  type: string,
  options?: string[],
): LiveField {
  return options ? { name, type, options } : { name, type };
}

export const PRODUCTS: readonly LiveProduct[] = [
  { id: "0b6c5b5e-6d0a-4f43-9d3e-6f1f6b1f0a01", name: "Acme Widget" },
  { id: "0b6c5b5e-6d0a-4f43-9d3e-6f1f6b1f0a02", name: "Acme Gadget" },
  { id: "0b6c5b5e-6d0a-4f43-9d3e-6f1f6b1f0a03", name: "Acme Sprocket" },
];

export function product(name: string): LiveProduct {
  const found = PRODUCTS.find((p) => p.name === name);
  if (!found) throw new Error(`no test product ${name}`);
  return found;
}

let nextId = 1;
export function liveOrg(
  name: string,
  more: {
    id?: string;
    details?: Record<string, Values>;
    products?: string[];
    customers?: string[];
  } = {},
): LiveOrganization {
  const id = more.id ?? `org-${nextId++}`;
  return {
    id,
    name,
    details: Object.entries(more.details ?? {})
      .map(([key, values]) => ({ name: key, type: "?", values: list(values) }))
      .filter((detail) => detail.values.length > 0),
    entitlements: (more.products ?? []).map((productName) => ({
      id: `ent-${id}-${product(productName).id.slice(-2)}`,
      productId: product(productName).id,
      productName,
    })),
    customers: more.customers ?? [],
  };
}

/** The live state; detail types are filled in from the live fields, as the API reports them. */
export function live(
  more: {
    fields?: LiveField[];
    organizations?: LiveOrganization[];
    products?: readonly LiveProduct[] | null;
    listed?: readonly ListedOrganization[];
  } = {},
): Live {
  const fields = more.fields ?? [];
  const typeOf = (name: string) =>
    fields.find((f) => nameKey(f.name) === nameKey(name))?.type ??
    lookupFieldType("TEXT").name;
  return {
    fields,
    organizations: (more.organizations ?? []).map((organization) => ({
      ...organization,
      details: organization.details.map((detail) => ({
        ...detail,
        type: typeOf(detail.name),
      })),
    })),
    ...(more.products === null ? {} : { products: more.products ?? PRODUCTS }),
    ...(more.listed ? { listed: more.listed } : {}),
  };
}
