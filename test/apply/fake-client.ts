/**
 * A small in-memory CSM site behind the `CsmClient` interface, for the applier's unit tests
 * (integration tests use the real emulator over HTTP). Faults are scripted per call.
 */
import type {
  ApiDetailField,
  ApiEntitlement,
  ApiOrganization,
  ApiOrganizationDetail,
  ApiProfile,
  CallOptions,
  CsmClient,
  FetchQuery,
} from "../../src/api/types.js";
import { ApiError, UnknownOutcomeError } from "../../src/api/errors.js";
import { OrgsyncError } from "../../src/util/errors.js";
import { nameKey } from "../../src/model/names.js";

/** What a scripted fault does to one call. */
export type Fault =
  /** Do the write, then answer as if its outcome were unknown. */
  | "done-unknown"
  /** Do nothing and answer as if its outcome were unknown. */
  | "lost-unknown"
  /** Do nothing and answer 500 (a definite failure). */
  | "fail";

export interface FakeCall {
  readonly method: keyof CsmClient;
  readonly args: readonly unknown[];
  readonly write: boolean;
}

/** A definite failure, as the real client reports one. */
function statusError(
  method: string,
  status: number,
  message: string,
): ApiError {
  return new ApiError({
    method: "POST",
    path: method,
    status,
    messages: [message],
    fieldErrors: [],
    rawBody: "",
    attempts: 1,
  });
}

/** A lost answer, as the real client reports one. */
function unknownOutcome(method: string): UnknownOutcomeError {
  return new UnknownOutcomeError({
    method: "POST",
    path: method,
    reason: "server-error",
    status: 500,
    detail: "answered 500",
  });
}

interface FakeOrg {
  id: string;
  name: string;
  details: Map<string, { name: string; values: string[] }>;
  entitlements: { id: string; productId: string }[];
  customers: string[];
}

export class FakeSite implements CsmClient {
  readonly baseUrl = "http://fake.test/api/v1/";
  readonly calls: FakeCall[] = [];
  readonly fields = new Map<string, ApiDetailField>();
  readonly orgs = new Map<string, FakeOrg>();
  readonly products = new Map<string, string>();
  /** Entitlement detail values: entitlement id → field name → values. */
  readonly entitlementDetails = new Map<string, Map<string, string[]>>();
  /** Decides a fault for a write; called once per write call. */
  fault: (
    method: keyof CsmClient,
    args: readonly unknown[],
  ) => Fault | undefined = () => undefined;
  /** When true every read answers 503. */
  failReads = false;
  /** Milliseconds each call takes. */
  latencyMs = 0;
  /** The most calls seen in flight at once. */
  maxInFlight = 0;
  private inFlight = 0;
  private nextId = 1;

  get writes(): FakeCall[] {
    return this.calls.filter((call) => call.write);
  }

  addField(name: string, type: string, options?: string[]): this {
    this.fields.set(nameKey(name), {
      name,
      type: options ? { name: type, options } : { name: type },
    });
    return this;
  }

  addOrg(name: string, details: Record<string, string[]> = {}): string {
    const id = String(this.nextId++);
    const org: FakeOrg = {
      id,
      name,
      details: new Map(),
      entitlements: [],
      customers: [],
    };
    for (const [field, values] of Object.entries(details)) {
      org.details.set(nameKey(field), { name: field, values });
    }
    this.orgs.set(id, org);
    return id;
  }

  orgByName(name: string): FakeOrg | undefined {
    return [...this.orgs.values()].find(
      (org) => nameKey(org.name) === nameKey(name),
    );
  }

  private async call<T>(
    method: keyof CsmClient,
    args: readonly unknown[],
    write: boolean,
    options: CallOptions | undefined,
    run: () => T,
  ): Promise<T> {
    this.calls.push({ method, args, write });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      } else {
        await Promise.resolve();
      }
      if (options?.signal?.aborted)
        throw new OrgsyncError("E_ABORTED", "aborted");
      if (!write && this.failReads) {
        throw statusError(method, 503, `${method}: unavailable`);
      }
      const fault = write ? this.fault(method, args) : undefined;
      if (fault === "fail") throw statusError("fake", 500, `${method}: 500`);
      if (fault === "lost-unknown") {
        throw unknownOutcome(method);
      }
      const result = run();
      if (fault === "done-unknown") {
        throw unknownOutcome(method);
      }
      return result;
    } finally {
      this.inFlight--;
    }
  }

  private org(id: string): FakeOrg {
    const org = this.orgs.get(id);
    if (!org) throw statusError("fake", 404, `organization ${id} not found`);
    return org;
  }

  private profile(org: FakeOrg): ApiProfile {
    return {
      id: org.id,
      name: org.name,
      details: [...org.details.values()].map((d) => ({
        name: d.name,
        value: {
          type: this.fields.get(nameKey(d.name))?.type.name ?? "TEXT",
          text: d.values,
        },
      })),
      entitlements: org.entitlements.map((e) => this.entitlement(e)),
      customers: org.customers.map((id) => ({ id })),
    };
  }

  private entitlement(e: { id: string; productId: string }): ApiEntitlement {
    const details = this.entitlementDetails.get(e.id);
    return {
      id: e.id,
      product: {
        id: e.productId,
        name: this.products.get(e.productId) ?? e.productId,
      },
      ...(details
        ? {
            details: [...details].map(([name, text]) => ({
              name,
              value: { type: "TEXT", text },
            })),
          }
        : {}),
    };
  }

  listDetailFields(options?: CallOptions): Promise<ApiDetailField[]> {
    return this.call("listDetailFields", [], false, options, () => [
      ...this.fields.values(),
    ]);
  }

  createDetailField(
    field: ApiDetailField,
    options?: CallOptions,
  ): Promise<ApiDetailField> {
    return this.call("createDetailField", [field], true, options, () => {
      if (this.fields.has(nameKey(field.name))) {
        throw statusError("fake", 400, `field ${field.name} exists`);
      }
      this.fields.set(nameKey(field.name), field);
      return field;
    });
  }

  editDetailField(
    fieldName: string,
    edit: { name: string; options?: readonly string[] },
    options?: CallOptions,
  ): Promise<ApiDetailField> {
    return this.call(
      "editDetailField",
      [fieldName, edit],
      true,
      options,
      () => {
        const field = this.fields.get(nameKey(fieldName));
        if (!field)
          throw statusError("fake", 404, `field ${fieldName} not found`);
        const edited: ApiDetailField = {
          name: edit.name,
          type: {
            name: field.type.name,
            ...(edit.options ? { options: edit.options } : {}),
          },
        };
        this.fields.delete(nameKey(fieldName));
        this.fields.set(nameKey(edit.name), edited);
        for (const org of this.orgs.values()) {
          const detail = org.details.get(nameKey(fieldName));
          if (detail) {
            org.details.delete(nameKey(fieldName));
            org.details.set(nameKey(edit.name), {
              name: edit.name,
              values: detail.values,
            });
          }
        }
        return edited;
      },
    );
  }

  deleteDetailField(fieldName: string, options?: CallOptions): Promise<void> {
    return this.call("deleteDetailField", [fieldName], true, options, () => {
      if (!this.fields.delete(nameKey(fieldName))) {
        throw statusError("fake", 404, `field ${fieldName} not found`);
      }
      for (const org of this.orgs.values())
        org.details.delete(nameKey(fieldName));
    });
  }

  createOrganization(name: string, options?: CallOptions) {
    return this.call("createOrganization", [name], true, options, () => {
      const id = this.addOrg(name);
      return { id, name };
    });
  }

  getOrganization(
    organizationId: string,
    options?: CallOptions,
  ): Promise<ApiOrganization> {
    return this.call(
      "getOrganization",
      [organizationId],
      false,
      options,
      () => {
        const org = this.org(organizationId);
        return {
          id: org.id,
          name: org.name,
          details: [...org.details.values()].map((d) => this.detail(d)),
        };
      },
    );
  }

  private detail(d: { name: string; values: string[] }): ApiOrganizationDetail {
    return {
      name: d.name,
      type: this.fields.get(nameKey(d.name))?.type ?? { name: "TEXT" },
      values: d.values,
    };
  }

  renameOrganization(
    organizationId: string,
    name: string,
    options?: CallOptions,
  ) {
    return this.call(
      "renameOrganization",
      [organizationId, name],
      true,
      options,
      () => {
        const org = this.org(organizationId);
        org.name = name;
        return { id: org.id, name };
      },
    );
  }

  setOrganizationDetail(
    organizationId: string,
    fieldName: string,
    values: readonly string[],
    options?: CallOptions,
  ): Promise<ApiOrganizationDetail> {
    return this.call(
      "setOrganizationDetail",
      [organizationId, fieldName, values],
      true,
      options,
      () => {
        const org = this.org(organizationId);
        if (!this.fields.has(nameKey(fieldName))) {
          throw statusError("fake", 400, `no field ${fieldName}`);
        }
        const detail = { name: fieldName, values: [...values] };
        if (values.length === 0) org.details.delete(nameKey(fieldName));
        else org.details.set(nameKey(fieldName), detail);
        return this.detail(detail);
      },
    );
  }

  fetchOrganizations(query: FetchQuery, options?: CallOptions) {
    return this.call("fetchOrganizations", [query], false, options, () =>
      this.find(query).map((org) => ({ id: org.id, name: org.name })),
    );
  }

  private find(query: FetchQuery): FakeOrg[] {
    const ids = new Set(query.organizationIds ?? []);
    const names = new Set((query.organizationNames ?? []).map(nameKey));
    return [...this.orgs.values()].filter(
      (org) => ids.has(org.id) || names.has(nameKey(org.name)),
    );
  }

  deleteOrganization(
    organizationId: string,
    options?: CallOptions,
  ): Promise<void> {
    return this.call(
      "deleteOrganization",
      [organizationId],
      true,
      options,
      () => {
        this.org(organizationId);
        this.orgs.delete(organizationId);
      },
    );
  }

  getProfile(
    organizationId: string,
    options?: CallOptions,
  ): Promise<ApiProfile> {
    return this.call("getProfile", [organizationId], false, options, () =>
      this.profile(this.org(organizationId)),
    );
  }

  createProfile(
    body: Parameters<CsmClient["createProfile"]>[0],
    options?: CallOptions,
  ): Promise<ApiProfile> {
    return this.call("createProfile", [body], true, options, () => {
      if (this.orgByName(body.name)) {
        throw statusError("fake", 400, `organization ${body.name} exists`);
      }
      const id = this.addOrg(
        body.name,
        Object.fromEntries(body.details.map((d) => [d.name, [...d.values]])),
      );
      const org = this.org(id);
      for (const productId of body.associateProducts?.productIds ?? []) {
        org.entitlements.push({ id: `e${this.nextId++}`, productId });
      }
      org.customers.push(...(body.associateCustomers?.customerIds ?? []));
      return this.profile(org);
    });
  }

  fetchProfiles(
    query: FetchQuery,
    options?: CallOptions,
  ): Promise<ApiProfile[]> {
    return this.call("fetchProfiles", [query], false, options, () =>
      this.find(query).map((org) => this.profile(org)),
    );
  }

  listEntitlements(organizationId: string, options?: CallOptions) {
    return this.call("listEntitlements", [organizationId], false, options, () =>
      this.org(organizationId).entitlements.map((e) => this.entitlement(e)),
    );
  }

  createEntitlement(
    organizationId: string,
    productId: string,
    options?: CallOptions,
  ) {
    return this.call(
      "createEntitlement",
      [organizationId, productId],
      true,
      options,
      () => {
        const org = this.org(organizationId);
        const created = { id: `e${this.nextId++}`, productId };
        org.entitlements.push(created);
        return this.entitlement(created);
      },
    );
  }

  deleteEntitlement(
    entitlementId: string,
    options?: CallOptions,
  ): Promise<void> {
    return this.call(
      "deleteEntitlement",
      [entitlementId],
      true,
      options,
      () => {
        for (const org of this.orgs.values()) {
          const at = org.entitlements.findIndex((e) => e.id === entitlementId);
          if (at >= 0) {
            org.entitlements.splice(at, 1);
            return;
          }
        }
        throw statusError(
          "fake",
          404,
          `entitlement ${entitlementId} not found`,
        );
      },
    );
  }

  setEntitlementDetail(
    entitlementId: string,
    fieldName: string,
    values: readonly string[],
    options?: CallOptions,
  ): Promise<void> {
    return this.call(
      "setEntitlementDetail",
      [entitlementId, fieldName, values],
      true,
      options,
      () => {
        const known = [...this.orgs.values()].some((org) =>
          org.entitlements.some((e) => e.id === entitlementId),
        );
        if (!known) {
          throw statusError(
            "fake",
            404,
            `entitlement ${entitlementId} not found`,
          );
        }
        const details =
          this.entitlementDetails.get(entitlementId) ??
          new Map<string, string[]>();
        details.set(fieldName, [...values]);
        this.entitlementDetails.set(entitlementId, details);
      },
    );
  }

  listProducts(
    _page?: { limit?: number; cursor?: string },
    options?: CallOptions,
  ) {
    return this.call("listProducts", [], false, options, () => ({
      results: [...this.products].map(([id, name]) => ({ id, name })),
      nextPageCursor: null,
    }));
  }

  createProduct(product: { name: string }, options?: CallOptions) {
    return this.call("createProduct", [product], true, options, () => {
      const id = `p${this.nextId++}`;
      this.products.set(id, product.name);
      return { id, name: product.name };
    });
  }
}
