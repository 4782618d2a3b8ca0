import { readFile } from "node:fs/promises";
import { extname } from "node:path";

import { parse as parseYaml } from "yaml";

import { compileSchema, schemaErrorText } from "../util/check-schema.js";
import { OrgsyncError } from "../util/errors.js";
import { ApiError, describeProblem } from "./api-error.js";
import type { EmulatorState } from "./emulator-state.js";
import type { FieldSet, ValueHolder } from "./field-set.js";
import {
  nameKey,
  PREDEFINED_CUSTOMER_FIELDS,
  PREDEFINED_FIELDS,
} from "./site-rules.js";
import type {
  EmulatorSeed,
  EmulatorSnapshot,
  SeedField,
  SeedServiceDesk,
} from "./types.js";

/** A seed (from `--state`, `seed` or `POST /_emulator/reset`) that cannot be loaded. */
export class EmulatorSeedError extends OrgsyncError {
  /** Where the seed came from: a file path, or "seed". */
  readonly source: string;

  constructor(source: string, problems: readonly string[], cause?: unknown) {
    super(
      "E_EMULATOR_SEED",
      `cannot load the emulator state from ${source}:\n  ${problems.join("\n  ")}`,
      {
        cause,
        hint: "fix the state file (format: docs/emulator.md), or start without --state",
      },
    );
    this.source = source;
  }
}

const strings = { type: "array", items: { type: "string" } };
const stringMap = {
  type: "object",
  additionalProperties: { type: "string" },
};
const name = { type: "string", minLength: 1 };
const fieldList = {
  type: "array",
  items: {
    type: "object",
    required: ["name", "type"],
    additionalProperties: false,
    properties: { id: name, name, type: name, options: strings },
  },
};
const details = {
  type: "object",
  additionalProperties: { anyOf: [{ type: "string" }, strings] },
};

/** The JSON Schema of the seed and snapshot format. */
const SEED_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    predefinedFields: { type: "boolean" },
    fields: fieldList,
    entitlementFields: fieldList,
    customerFields: fieldList,
    products: {
      type: "array",
      items: {
        type: "object",
        required: ["name"],
        additionalProperties: false,
        properties: { id: name, name },
      },
    },
    organizations: {
      type: "array",
      items: {
        type: "object",
        required: ["name"],
        additionalProperties: false,
        properties: {
          id: name,
          name,
          details,
          products: strings,
          customers: strings,
          entitlementIds: stringMap,
          entitlementDetails: {
            type: "object",
            additionalProperties: details,
          },
          scimManaged: { type: "boolean" },
          uuid: name,
          created: {
            type: "string",
            pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}",
          },
        },
      },
    },
    customers: {
      type: "array",
      items: {
        type: "object",
        required: ["accountId"],
        additionalProperties: false,
        properties: { accountId: name, displayName: name, emailAddress: name },
      },
    },
    serviceDesks: {
      type: "array",
      items: {
        type: "object",
        required: ["key"],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: "^[0-9]{1,15}$" },
          key: name,
          name,
          organizations: strings,
        },
      },
    },
  },
};

const validateSeed = compileSchema(SEED_SCHEMA);

function describe(error: unknown): string {
  if (error instanceof ApiError) return describeProblem(error.problem);
  throw error;
}

/** A seeded value: a string is shorthand for a one-element list. */
const listOf = (value: string | readonly string[]): readonly string[] =>
  typeof value === "string" ? [value] : value;

/**
 * Loads a seed into an empty state: fields, then products, then organizations with their
 * details, entitlements and customers. Every rule of the API applies (unique names, options,
 * value formats, at most 50 fields); the first broken one is reported with where it is.
 */
export function applySeed(
  state: EmulatorState,
  seed: unknown,
  source: string,
): void {
  // An empty YAML file is an empty seed.
  seed ??= {};
  if (!validateSeed(seed)) {
    throw new EmulatorSeedError(
      source,
      (validateSeed.errors ?? []).map(schemaErrorText),
    );
  }
  const {
    predefinedFields = false,
    fields = [],
    entitlementFields = [],
    customerFields = [],
    products = [],
    organizations = [],
    customers = [],
    serviceDesks = [],
  } = seed as EmulatorSeed;
  const at = (where: string, action: () => void): void => {
    try {
      action();
    } catch (error) {
      throw new EmulatorSeedError(
        source,
        [`${where}: ${describe(error)}`],
        error,
      );
    }
  };
  const seedFields = (
    key: string,
    set: FieldSet,
    listed: readonly SeedField[],
    predefined: readonly Omit<SeedField, "id">[],
  ): void => {
    if (predefinedFields) {
      const names = new Set(listed.map((field) => nameKey(field.name)));
      for (const field of predefined) {
        if (names.has(nameKey(field.name))) continue;
        at("/predefinedFields", () =>
          set.create(field.name, field.type, field.options),
        );
      }
    }
    listed.forEach((field, i) =>
      at(`/${key}/${i}`, () =>
        set.create(field.name, field.type, field.options, field.id),
      ),
    );
  };
  seedFields(
    "fields",
    state.detailFields.organization,
    fields,
    PREDEFINED_FIELDS,
  );
  seedFields(
    "entitlementFields",
    state.detailFields.entitlement,
    entitlementFields,
    [],
  );
  seedFields(
    "customerFields",
    state.detailFields.customer,
    customerFields,
    PREDEFINED_CUSTOMER_FIELDS,
  );
  products.forEach((product, i) =>
    at(`/products/${i}`, () => state.createProduct(product.name, product.id)),
  );
  customers.forEach((customer, i) =>
    at(`/customers/${i}`, () => {
      if (state.accounts.has(customer.accountId)) {
        throw new ApiError(400, [
          `accountId "${customer.accountId}" is listed twice`,
        ]);
      }
      state.knowAccount(customer);
    }),
  );
  organizations.forEach((seedOrganization, i) =>
    at(`/organizations/${i}`, () => {
      const { id, scimManaged, uuid, created } = seedOrganization;
      const organization = state.createOrganization(seedOrganization.name, {
        ...(id === undefined ? {} : { id }),
        ...(scimManaged === undefined ? {} : { scimManaged }),
        ...(uuid === undefined ? {} : { uuid }),
        ...(created === undefined ? {} : { created }),
      });
      for (const [fieldName, values] of Object.entries(
        seedOrganization.details ?? {},
      )) {
        state.setDetail(organization.id, fieldName, listOf(values));
      }
      const entitlementIds = seedOrganization.entitlementIds ?? {};
      const entitlementDetails = seedOrganization.entitlementDetails ?? {};
      for (const reference of seedOrganization.products ?? []) {
        const product =
          state.productById(reference) ?? state.productByName(reference);
        if (!product) {
          throw new ApiError(400, [
            `products lists "${reference}", which is neither the id nor the name of a product`,
          ]);
        }
        if (organization.entitlements.has(product.id)) {
          throw new ApiError(400, [`products lists "${reference}" twice`]);
        }
        const id = Object.hasOwn(entitlementIds, reference)
          ? entitlementIds[reference]
          : undefined;
        const entitlement = state.addEntitlement(organization, product, id);
        for (const [fieldName, values] of Object.entries(
          Object.hasOwn(entitlementDetails, reference)
            ? entitlementDetails[reference]!
            : {},
        )) {
          state.setEntitlementDetail(entitlement.id, fieldName, listOf(values));
        }
      }
      for (const reference of Object.keys(entitlementDetails)) {
        if (!(seedOrganization.products ?? []).includes(reference)) {
          throw new ApiError(400, [
            `entitlementDetails names "${reference}", which products does not list`,
          ]);
        }
      }
      organization.customers.push(...new Set(seedOrganization.customers));
      for (const accountId of organization.customers) {
        state.knowAccount({ accountId });
      }
    }),
  );
  serviceDesks.forEach((desk, i) =>
    at(`/serviceDesks/${i}`, () => seedServiceDesk(state, desk)),
  );
}

/** Adds a seeded service desk: id assigned after the highest when absent; organizations by id or name. */
function seedServiceDesk(state: EmulatorState, desk: SeedServiceDesk): void {
  const { serviceDesks } = state;
  const id =
    desk.id ??
    String(Math.max(0, ...serviceDesks.map((each) => Number(each.id))) + 1);
  if (serviceDesks.some((each) => each.id === id)) {
    throw new ApiError(400, [`Duplicate service desk id "${id}".`]);
  }
  if (serviceDesks.some((each) => nameKey(each.key) === nameKey(desk.key))) {
    throw new ApiError(400, [`Duplicate service desk key "${desk.key}".`]);
  }
  const organizations = new Set<string>();
  for (const reference of desk.organizations ?? []) {
    const organization =
      state.organizations.get(reference) ?? state.organizationByName(reference);
    if (!organization) {
      throw new ApiError(400, [
        `organizations lists "${reference}", which is neither the id nor the name of an organization`,
      ]);
    }
    organizations.add(organization.id);
  }
  serviceDesks.push({
    id,
    key: desk.key,
    name: desk.name ?? desk.key,
    organizations,
  });
}

/** The fields of one entity in the seed format, with their ids. */
function snapshotFields(set: FieldSet): EmulatorSnapshot["fields"] {
  return [...set.fields.values()].map((field) => ({
    id: field.id,
    name: field.name,
    type: field.type,
    ...(field.options ? { options: [...field.options] } : {}),
  }));
}

/** A holder's values by field name. */
function snapshotValues(
  set: FieldSet,
  holder: ValueHolder,
): Record<string, string[]> {
  const values = Object.create(null) as Record<string, string[]>;
  for (const held of set.held(holder))
    values[held.field.name] = [...held.values];
  return values;
}

/**
 * The whole state in the seed format, every id filled in; `applySeed` takes it back. The keys
 * of entitlement and customer fields and values appear only when there are some, so snapshots
 * of sites without them keep their old form.
 */
export function snapshotState(state: EmulatorState): EmulatorSnapshot {
  const { organization, entitlement, customer } = state.detailFields;
  const entitlementFields = snapshotFields(entitlement);
  const customerFields = snapshotFields(customer);
  return {
    fields: snapshotFields(organization),
    ...(entitlementFields.length > 0 ? { entitlementFields } : {}),
    ...(customerFields.length > 0 ? { customerFields } : {}),
    products: state.products.map(({ id, name }) => ({ id, name })),
    organizations: [...state.organizations.values()].map((record) => {
      const entitlementIds = Object.create(null) as Record<string, string>;
      const entitlementDetails = Object.create(null) as Record<
        string,
        Record<string, string[]>
      >;
      for (const [productId, held] of record.entitlements) {
        entitlementIds[productId] = held.id;
        if (held.values.size > 0) {
          entitlementDetails[productId] = snapshotValues(entitlement, held);
        }
      }
      return {
        id: record.id,
        name: record.name,
        details: snapshotValues(organization, record),
        products: [...record.entitlements.keys()],
        customers: [...record.customers],
        entitlementIds,
        ...(Object.keys(entitlementDetails).length > 0
          ? { entitlementDetails }
          : {}),
        ...(record.scimManaged === undefined
          ? {}
          : { scimManaged: record.scimManaged }),
        ...(record.uuid === undefined ? {} : { uuid: record.uuid }),
        ...(record.created === undefined ? {} : { created: record.created }),
      };
    }),
    // Left out when empty, so a state without them reads as before.
    ...(state.accounts.size === 0
      ? {}
      : { customers: [...state.accounts.values()].map((a) => ({ ...a })) }),
    ...(state.serviceDesks.length === 0
      ? {}
      : {
          serviceDesks: state.serviceDesks.map((desk) => ({
            ...desk,
            organizations: [...desk.organizations],
          })),
        }),
  };
}

/** True when a state file is written as YAML (by its extension); JSON otherwise. */
export function isYamlFile(path: string): boolean {
  return [".yaml", ".yml"].includes(extname(path).toLowerCase());
}

/**
 * Reads a seed file (JSON, or YAML by extension). Undefined when the file does not exist,
 * so `--persist` can start a new rehearsal file.
 */
export async function readSeedFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new EmulatorSeedError(path, [(error as Error).message], error);
  }
  try {
    return isYamlFile(path) ? (parseYaml(text) as unknown) : JSON.parse(text);
  } catch (error) {
    throw new EmulatorSeedError(
      path,
      [
        `not valid ${isYamlFile(path) ? "YAML" : "JSON"}: ${(error as Error).message}`,
      ],
      error,
    );
  }
}
