import { randomUUID } from "node:crypto";

import type { ApiError } from "./api-error.js";
import { badRequest, invalidProperty, notFound } from "./api-error.js";
import {
  checkDetailValues,
  checkFieldDefinition,
  checkOptions,
  cleanName,
  MAX_FIELDS,
  nameKey,
} from "./site-rules.js";

export { MAX_FIELDS } from "./site-rules.js";

export interface FieldRecord {
  readonly id: string;
  name: string;
  readonly type: string;
  options: string[] | undefined;
  /** 1-based place in the field list. */
  position: number;
}

export interface ProductRecord {
  readonly id: string;
  name: string;
}

export interface EntitlementRecord {
  readonly id: string;
  readonly organization: OrganizationRecord;
  readonly product: ProductRecord;
}

export interface OrganizationRecord {
  readonly id: string;
  name: string;
  /** Values by field id, so a field rename keeps them. */
  readonly values: Map<string, string[]>;
  /** Entitlements by product id, in the order they were made. */
  readonly entitlements: Map<string, EntitlementRecord>;
  /** Member account ids, in the order they were added. */
  readonly customers: string[];
  /** Answered by the service desk API when set (a seed says it). */
  scimManaged?: boolean;
  uuid?: string;
  /** ISO date-time; absent on seeded organizations that do not say (like older real ones). */
  created?: string;
}

/** A customer account of the directory the service desk API checks `accountIds` against. */
export interface AccountRecord {
  readonly accountId: string;
  readonly displayName?: string;
  readonly emailAddress?: string;
}

export interface ServiceDeskRecord {
  /** A numeric string. */
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** Ids of the organizations that can raise requests here. */
  readonly organizations: Set<string>;
}

/** The facts a seed or snapshot may give an organization; an API create gets a uuid and a time. */
export type OrganizationOrigin = Partial<
  Pick<OrganizationRecord, "id" | "scimManaged" | "uuid" | "created">
>;

const conflict = (path: string, what: string, name: string): ApiError =>
  invalidProperty(path, `${what} named "${cleanName(name)}" already exists`);

/**
 * The emulator's in-memory site. Every object is indexed by id and by name key, and each
 * field knows which organizations hold a value for it, so every operation costs what it
 * touches: fetching 25 profiles never scans the organizations. Operations check everything
 * before they change anything, and run synchronously, so concurrent requests never observe
 * or leave a half-done change.
 */
export class EmulatorState {
  readonly fields = new Map<string, FieldRecord>();
  private readonly fieldsByKey = new Map<string, FieldRecord>();
  readonly organizations = new Map<string, OrganizationRecord>();
  private readonly organizationsByKey = new Map<string, OrganizationRecord>();
  /** For each field id, the organizations holding a value for it. */
  private readonly holders = new Map<string, Set<OrganizationRecord>>();
  readonly products: ProductRecord[] = [];
  private readonly productsById = new Map<string, ProductRecord>();
  private readonly productsByKey = new Map<string, ProductRecord>();
  private readonly entitlements = new Map<string, EntitlementRecord>();
  /** The customer directory, by account id. */
  readonly accounts = new Map<string, AccountRecord>();
  readonly serviceDesks: ServiceDeskRecord[] = [];
  private nextOrganizationId = 1;
  private nextFieldId = 1000;

  constructor(private readonly newUuid: () => string) {}

  // ── detail fields ──────────────────────────────────────────────────────────

  fieldByName(name: string): FieldRecord | undefined {
    return this.fieldsByKey.get(nameKey(name));
  }

  requireField(name: string): FieldRecord {
    const field = this.fieldByName(name);
    if (!field) {
      throw notFound(`No organization detail field named "${name}".`);
    }
    return field;
  }

  createField(
    name: string,
    typeName: string,
    options: readonly string[] | undefined,
    id?: string,
  ): FieldRecord {
    if (this.fieldsByKey.has(nameKey(name))) {
      throw conflict("name", "A detail field", name);
    }
    if (this.fields.size >= MAX_FIELDS) {
      throw badRequest(
        `A site can have at most ${MAX_FIELDS} organization detail fields; delete one first.`,
      );
    }
    const checked = checkFieldDefinition(typeName, options, {
      type: "type.name",
      options: "type.options",
    });
    const fieldId = id ?? String(this.nextFieldId++);
    if (this.fields.has(fieldId)) {
      throw badRequest(`Duplicate detail field id "${fieldId}".`);
    }
    this.bumpCounter(fieldId, "field");
    const field: FieldRecord = {
      id: fieldId,
      name: cleanName(name),
      type: typeName,
      options: checked,
      position: this.fields.size + 1,
    };
    this.fields.set(field.id, field);
    this.fieldsByKey.set(nameKey(name), field);
    return field;
  }

  /** PUT organization/details/{fieldName}: rename and/or new options; the type cannot change. */
  editField(
    currentName: string,
    edit: { name: string; options?: readonly string[]; type?: string },
  ): FieldRecord {
    const field = this.requireField(currentName);
    if (edit.type !== undefined && edit.type !== field.type) {
      throw invalidProperty(
        "type",
        `the type of a detail field cannot be changed (it is ${field.type}); delete the field and create it again`,
      );
    }
    const newKey = nameKey(edit.name);
    const owner = this.fieldsByKey.get(newKey);
    if (owner && owner !== field) {
      throw conflict("name", "A detail field", edit.name);
    }
    const options =
      edit.options === undefined
        ? field.options
        : checkOptions(field.type, edit.options, "options");
    this.fieldsByKey.delete(nameKey(field.name));
    field.name = cleanName(edit.name);
    this.fieldsByKey.set(newKey, field);
    if (options !== field.options) {
      field.options = options;
      this.dropValuesOutside(field);
    }
    return field;
  }

  deleteField(name: string): void {
    const field = this.requireField(name);
    for (const organization of this.holders.get(field.id) ?? []) {
      organization.values.delete(field.id);
    }
    this.holders.delete(field.id);
    this.fields.delete(field.id);
    this.fieldsByKey.delete(nameKey(field.name));
    let position = 1;
    for (const each of this.fields.values()) each.position = position++;
  }

  /** After an options edit: values no longer among the options are removed. */
  private dropValuesOutside(field: FieldRecord): void {
    const allowed = new Set(field.options ?? []);
    const holders = this.holders.get(field.id);
    if (!holders || !field.options) return;
    for (const organization of [...holders]) {
      const kept = (organization.values.get(field.id) ?? []).filter((value) =>
        allowed.has(value),
      );
      this.storeValues(organization, field, kept);
    }
  }

  // ── organizations ──────────────────────────────────────────────────────────

  requireOrganization(id: string): OrganizationRecord {
    const organization = this.organizations.get(id);
    if (!organization) throw notFound(`No organization with id "${id}".`);
    return organization;
  }

  organizationByName(name: string): OrganizationRecord | undefined {
    return this.organizationsByKey.get(nameKey(name));
  }

  /** Creates an organization; without `seeded` (an API create) it gets a uuid and a creation time. */
  createOrganization(
    name: string,
    seeded?: OrganizationOrigin,
  ): OrganizationRecord {
    this.checkOrganizationName(name, undefined);
    const organizationId = seeded?.id ?? String(this.nextOrganizationId++);
    if (this.organizations.has(organizationId)) {
      throw badRequest(`Duplicate organization id "${organizationId}".`);
    }
    this.bumpCounter(organizationId, "organization");
    const organization: OrganizationRecord = {
      ...(seeded ?? { uuid: randomUUID(), created: new Date().toISOString() }),
      id: organizationId,
      name: cleanName(name),
      values: new Map(),
      entitlements: new Map(),
      customers: [],
    };
    this.organizations.set(organization.id, organization);
    this.organizationsByKey.set(nameKey(name), organization);
    return organization;
  }

  renameOrganization(id: string, name: string): OrganizationRecord {
    const organization = this.requireOrganization(id);
    this.checkOrganizationName(name, organization);
    this.organizationsByKey.delete(nameKey(organization.name));
    organization.name = cleanName(name);
    this.organizationsByKey.set(nameKey(name), organization);
    return organization;
  }

  /** Throws 400 when another organization has this name (as the API compares names). */
  checkOrganizationName(
    name: string,
    self: OrganizationRecord | undefined,
  ): void {
    const owner = this.organizationsByKey.get(nameKey(name));
    if (owner && owner !== self) {
      throw conflict("name", "An organization", name);
    }
  }

  /** PUT organization/{id}/details?fieldName=F; an empty list clears the value. */
  setDetail(
    organizationId: string,
    fieldName: string,
    values: readonly string[],
  ): { field: FieldRecord; values: string[] } {
    const organization = this.requireOrganization(organizationId);
    const field = this.requireField(fieldName);
    checkDetailValues(field, values, "values");
    this.storeValues(organization, field, [...values]);
    return { field, values: [...values] };
  }

  /** Stores checked values (an empty list clears them), keeping the holder index right. */
  storeValues(
    organization: OrganizationRecord,
    field: FieldRecord,
    values: string[],
  ): void {
    let holders = this.holders.get(field.id);
    if (values.length === 0) {
      organization.values.delete(field.id);
      holders?.delete(organization);
      return;
    }
    organization.values.set(field.id, values);
    if (!holders) this.holders.set(field.id, (holders = new Set()));
    holders.add(organization);
  }

  deleteOrganization(id: string): void {
    const organization = this.requireOrganization(id);
    for (const fieldId of organization.values.keys()) {
      this.holders.get(fieldId)?.delete(organization);
    }
    for (const entitlement of organization.entitlements.values()) {
      this.entitlements.delete(entitlement.id);
    }
    for (const desk of this.serviceDesks) desk.organizations.delete(id);
    this.organizations.delete(id);
    this.organizationsByKey.delete(nameKey(organization.name));
  }

  /** The organizations named by id or name, in request order, each once; unknown ones left out. */
  fetch(
    ids: readonly string[],
    names: readonly string[],
  ): OrganizationRecord[] {
    const found = new Set<OrganizationRecord>();
    for (const id of ids) {
      const organization = this.organizations.get(id);
      if (organization) found.add(organization);
    }
    for (const name of names) {
      const organization = this.organizationsByKey.get(nameKey(name));
      if (organization) found.add(organization);
    }
    return [...found];
  }

  // ── customers (the service desk API's directory) and service desks ──────────

  /** Adds an account to the directory unless it is there: ids held by organizations are known. */
  knowAccount(account: AccountRecord): void {
    if (!this.accounts.has(account.accountId)) {
      this.accounts.set(account.accountId, account);
    }
  }

  /**
   * Adds (or removes) members; 400 naming every id the directory does not know, and then
   * nothing changes. Adding a member twice or removing a non-member changes nothing.
   */
  changeMembers(
    organizationId: string,
    accountIds: readonly string[],
    add: boolean,
  ): void {
    const organization = this.requireOrganization(organizationId);
    const unknown = accountIds.filter((id) => !this.accounts.has(id));
    if (unknown.length > 0) {
      throw invalidProperty(
        "accountIds",
        `no customer account with id ${unknown.map((id) => `"${id}"`).join(", ")}; nothing was changed`,
      );
    }
    const { customers } = organization;
    for (const id of new Set(accountIds)) {
      const at = customers.indexOf(id);
      if (add && at < 0) customers.push(id);
      if (!add && at >= 0) customers.splice(at, 1);
    }
  }

  /** A service desk by id or (case-insensitively) key; 404 when there is none. */
  requireServiceDesk(idOrKey: string): ServiceDeskRecord {
    const desk = this.serviceDesks.find(
      (each) => each.id === idOrKey || nameKey(each.key) === nameKey(idOrKey),
    );
    if (!desk) throw notFound(`No service desk with id or key "${idOrKey}".`);
    return desk;
  }

  // ── entitlements and products ──────────────────────────────────────────────

  createEntitlement(
    organizationId: string,
    productId: string,
  ): EntitlementRecord {
    const organization = this.requireOrganization(organizationId);
    const product = this.productsById.get(productId);
    if (!product) {
      throw invalidProperty("productId", `no product with id "${productId}"`);
    }
    if (organization.entitlements.has(product.id)) {
      throw invalidProperty(
        "productId",
        `organization "${organization.name}" is already entitled to product "${product.name}"`,
      );
    }
    return this.addEntitlement(organization, product);
  }

  addEntitlement(
    organization: OrganizationRecord,
    product: ProductRecord,
    id?: string,
  ): EntitlementRecord {
    const entitlementId = id ?? this.newUuid();
    if (this.entitlements.has(entitlementId)) {
      throw badRequest(`Duplicate entitlement id "${entitlementId}".`);
    }
    const entitlement = { id: entitlementId, organization, product };
    organization.entitlements.set(product.id, entitlement);
    this.entitlements.set(entitlementId, entitlement);
    return entitlement;
  }

  deleteEntitlement(id: string): void {
    const entitlement = this.entitlements.get(id);
    if (!entitlement) throw notFound(`No entitlement with id "${id}".`);
    entitlement.organization.entitlements.delete(entitlement.product.id);
    this.entitlements.delete(id);
  }

  productById(id: string): ProductRecord | undefined {
    return this.productsById.get(id);
  }

  productByName(name: string): ProductRecord | undefined {
    return this.productsByKey.get(nameKey(name));
  }

  createProduct(name: string, id?: string): ProductRecord {
    if (this.productsByKey.has(nameKey(name))) {
      throw conflict("name", "A product", name);
    }
    const product = { id: id ?? this.newUuid(), name: cleanName(name) };
    if (this.productsById.has(product.id)) {
      throw badRequest(`Duplicate product id "${product.id}".`);
    }
    this.products.push(product);
    this.productsById.set(product.id, product);
    this.productsByKey.set(nameKey(name), product);
    return product;
  }

  requireProduct(id: string): ProductRecord {
    const product = this.productsById.get(id);
    if (!product) throw notFound(`No product with id "${id}".`);
    return product;
  }

  /** PUT product/{id}: a rename; names stay unique. */
  renameProduct(id: string, name: string): ProductRecord {
    const product = this.requireProduct(id);
    const owner = this.productsByKey.get(nameKey(name));
    if (owner && owner !== product) throw conflict("name", "A product", name);
    this.productsByKey.delete(nameKey(product.name));
    product.name = cleanName(name);
    this.productsByKey.set(nameKey(name), product);
    return product;
  }

  /** DELETE product/{id}: "deletes a product and all entitlements associated with it". */
  deleteProduct(id: string): void {
    const product = this.requireProduct(id);
    for (const entitlement of [...this.entitlements.values()]) {
      if (entitlement.product === product)
        this.deleteEntitlement(entitlement.id);
    }
    this.products.splice(this.products.indexOf(product), 1);
    this.productsById.delete(id);
    this.productsByKey.delete(nameKey(product.name));
  }

  /** Numeric ids given by a seed move the counter past them, so new ids never collide. */
  private bumpCounter(id: string, kind: "field" | "organization"): void {
    if (!/^\d{1,15}$/.test(id)) return;
    const next = Number(id) + 1;
    if (kind === "field") this.nextFieldId = Math.max(this.nextFieldId, next);
    else this.nextOrganizationId = Math.max(this.nextOrganizationId, next);
  }
}
