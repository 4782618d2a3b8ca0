/**
 * The emulator's in-memory site: one class whose every operation keeps the same private
 * indexes (by id, by name key, holders) in step; the field sets live in field-set.ts.
 */
import { randomUUID } from "node:crypto";

import { badRequest, invalidProperty, notFound } from "./api-error.js";
import {
  conflict,
  FieldSet,
  type FieldEntity,
  type ValueHolder,
} from "./field-set.js";
import { cleanName, nameKey } from "./site-rules.js";

export interface ProductRecord {
  readonly id: string;
  name: string;
}

export interface EntitlementRecord extends ValueHolder {
  readonly id: string;
  readonly organization: OrganizationRecord;
  readonly product: ProductRecord;
}

export interface OrganizationRecord extends ValueHolder {
  readonly id: string;
  name: string;
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

/**
 * The emulator's in-memory site. Every object is indexed by id and by name key, and each
 * field knows which organizations hold a value for it, so every operation costs what it
 * touches: fetching 25 profiles never scans the organizations. Operations check everything
 * before they change anything, and run synchronously, so concurrent requests never observe
 * or leave a half-done change.
 */
export class EmulatorState {
  private readonly fieldIds = new Set<string>();
  /** The detail fields of each entity, each its own name space. */
  readonly detailFields: Readonly<Record<FieldEntity, FieldSet>> = {
    organization: new FieldSet("organization", (id) => this.newFieldId(id)),
    entitlement: new FieldSet("entitlement", (id) => this.newFieldId(id)),
    customer: new FieldSet("customer", (id) => this.newFieldId(id)),
  };
  readonly organizations = new Map<string, OrganizationRecord>();
  private readonly organizationsByKey = new Map<string, OrganizationRecord>();
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

  /** A field id, unique across every entity's fields: the one a seed gives, or a new one. */
  private newFieldId(given: string | undefined): string {
    const id = given ?? String(this.nextFieldId++);
    if (this.fieldIds.has(id)) {
      throw badRequest(`Duplicate detail field id "${id}".`);
    }
    this.bumpCounter(id, "field");
    this.fieldIds.add(id);
    return id;
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
  ) {
    const organization = this.requireOrganization(organizationId);
    return this.detailFields.organization.setValues(
      organization,
      fieldName,
      values,
    );
  }

  /** PUT entitlement/{id}/details?fieldName=F; an empty list clears the value. */
  setEntitlementDetail(
    entitlementId: string,
    fieldName: string,
    values: readonly string[],
  ) {
    const entitlement = this.requireEntitlement(entitlementId);
    return this.detailFields.entitlement.setValues(
      entitlement,
      fieldName,
      values,
    );
  }

  deleteOrganization(id: string): void {
    const organization = this.requireOrganization(id);
    this.detailFields.organization.forget(organization);
    for (const entitlement of organization.entitlements.values()) {
      this.detailFields.entitlement.forget(entitlement);
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
    const entitlement = {
      id: entitlementId,
      organization,
      product,
      values: new Map<string, string[]>(),
    };
    organization.entitlements.set(product.id, entitlement);
    this.entitlements.set(entitlementId, entitlement);
    return entitlement;
  }

  requireEntitlement(id: string): EntitlementRecord {
    const entitlement = this.entitlements.get(id);
    if (!entitlement) throw notFound(`No entitlement with id "${id}".`);
    return entitlement;
  }

  /** DELETE entitlement/{id}: its detail values go with it. */
  deleteEntitlement(id: string): void {
    const entitlement = this.requireEntitlement(id);
    this.detailFields.entitlement.forget(entitlement);
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
