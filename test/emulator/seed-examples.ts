import type { EmulatorSeed } from "../../src/emulator/index.js";

/**
 * Every request example of the seed reference page (/work/shared/api/seed-organization-api.txt),
 * written down as data: the request as the page shows it, the page's example answer, and the
 * state the emulator must hold for the example to make sense (ids chosen to match the page).
 * CI has only this repository, so the page itself cannot be parsed at test time.
 */
export interface SeedExample {
  /** The operation, as the page describes it. */
  readonly title: string;
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Relative to the API root, placeholders filled in. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** The state before the request. */
  readonly before: EmulatorSeed;
  readonly status: number;
  /** The definition in schema/api/csm-api.schema.json the answer must satisfy. */
  readonly schema?: string;
  /** The page's example answer. */
  readonly answer?: unknown;
  /**
   * How the emulator's answer must relate to the page's: `equal` after the documented
   * deviations (see docs/emulator.md), or the same `shape` (keys and value types).
   */
  readonly compare?: "equal" | "shape";
}

const PRODUCT_A = "3858a61a-d337-42e6-993e-e13e1c366d4f";
const PRODUCT_B = "4858a61a-d337-42e6-993e-e13e1c366d4f";
const CUSTOMER_1 =
  "qm:9edf598a-85d4-4db9-bf2e-7245922b4ea8:0000e9d8-a22e-4220-ac63-412ff9eec053";
const CUSTOMER_2 =
  "qm:10c2e972-eef6-4e0e-aa81-9a9e7a4ba9a7:3468699a-b2f0-4ae9-ab2d-155a5f5a8db4";

const READ = {
  Authorization: "Bearer <access_token>",
  Accept: "application/json",
};
const WRITE = { ...READ, "Content-Type": "application/json" };
const X_READ = { ...READ, "X-ExperimentalApi": "opt-in" };
const X_WRITE = { ...WRITE, "X-ExperimentalApi": "opt-in" };

const REGION = {
  id: "321",
  name: "Region",
  type: "SELECT",
  options: ["AU", "EU", "US"],
};
const PRODUCTS = [
  { id: PRODUCT_A, name: "Acme Widget" },
  { id: PRODUCT_B, name: "Acme Gadget" },
];

/** The site of the page's examples: organization `id` named Atlassian, Region EU, one product. */
function site(organizationId: string): EmulatorSeed {
  return {
    fields: [REGION],
    products: PRODUCTS,
    organizations: [
      {
        id: organizationId,
        name: "Atlassian",
        details: { Region: ["EU"] },
        products: [PRODUCT_A],
        // The page's entitlement id equals its product id; a seed can keep any id.
        entitlementIds: { [PRODUCT_A]: PRODUCT_A },
        customers: [CUSTOMER_1],
      },
    ],
  };
}

const regionField = {
  name: "Region",
  type: { name: "SELECT", options: ["AU", "EU", "US"] },
};

const profileDetail = {
  name: "Region",
  value: { type: "SELECT", text: ["EU"] },
};

const entitlement = {
  id: PRODUCT_A,
  product: { id: PRODUCT_A, name: "Acme Widget" },
  entitledEntity: { id: "123", type: "CUSTOMER" },
  details: [profileDetail],
};

const profile = {
  id: "1",
  name: "Atlassian",
  details: [profileDetail],
  entitlements: [entitlement],
  customers: [{ id: CUSTOMER_1 }],
};

export const SEED_EXAMPLES: readonly SeedExample[] = [
  {
    title: "Get organization detail fields",
    method: "GET",
    path: "organization/details",
    headers: READ,
    before: site("123"),
    status: 200,
    schema: "DetailFieldList",
    answer: { results: [{ ...regionField, configuration: { position: 1 } }] },
    compare: "equal",
  },
  {
    title: "Create organization detail field",
    method: "POST",
    path: "organization/details",
    headers: WRITE,
    body: regionField,
    before: {},
    status: 200,
    schema: "DetailField",
    answer: regionField,
    compare: "equal",
  },
  {
    title: "Edit organization detail field",
    method: "PUT",
    path: "organization/details/Region",
    headers: WRITE,
    body: { name: "Region", options: ["AU", "EU", "US"] },
    before: site("123"),
    status: 200,
    schema: "DetailField",
    answer: regionField,
    compare: "equal",
  },
  {
    title: "Delete organization detail field",
    method: "DELETE",
    path: "organization/details/Region",
    headers: { Authorization: "Bearer <access_token>" },
    before: site("123"),
    status: 204,
  },
  {
    title: "Get organization",
    method: "GET",
    path: "organization/123",
    headers: READ,
    before: site("123"),
    status: 200,
    schema: "Organization",
    answer: {
      id: "123",
      name: "Atlassian",
      details: [
        {
          id: "321",
          ...regionField,
          values: ["EU"],
          configuration: { position: 1 },
        },
      ],
    },
    compare: "equal",
  },
  {
    title: "Update organization (rename)",
    method: "PUT",
    path: "organization/123",
    headers: X_WRITE,
    body: { name: "Atlassian" },
    before: site("123"),
    status: 200,
    schema: "OrganizationRef",
    answer: { id: "123", name: "Atlassian" },
    compare: "equal",
  },
  {
    title: "Set organization detail value",
    method: "PUT",
    path: "organization/123/details?fieldName=Region",
    headers: WRITE,
    body: { values: ["EU"] },
    before: site("123"),
    status: 200,
    schema: "OrganizationDetail",
    answer: { id: "321", ...regionField, values: ["EU"] },
    compare: "equal",
  },
  {
    title: "Get organization entitlements",
    method: "GET",
    path: "organization/123/entitlement",
    headers: READ,
    before: site("123"),
    status: 200,
    schema: "EntitlementList",
    answer: [
      {
        ...entitlement,
        details: [
          {
            id: "321",
            name: "Region",
            type: { name: "SELECT" },
            values: ["EU"],
            configuration: {},
          },
        ],
      },
    ],
    compare: "equal",
  },
  {
    title: "Create entitlement",
    method: "POST",
    path: "organization/123/entitlement",
    headers: WRITE,
    body: { productId: PRODUCT_A },
    before: {
      ...site("123"),
      organizations: [{ id: "123", name: "Atlassian" }],
    },
    status: 200,
    schema: "Entitlement",
    answer: {
      ...entitlement,
      details: [
        {
          id: "321",
          ...regionField,
          values: ["EU"],
          configuration: { position: 1 },
        },
      ],
    },
    // The entitlement id is new (a UUID), unlike the page's placeholder.
    compare: "shape",
  },
  {
    title: "Create organization",
    method: "POST",
    path: "organization",
    headers: X_WRITE,
    body: { name: "Atlassian" },
    before: { organizations: [{ id: "122", name: "Someone else" }] },
    status: 200,
    schema: "OrganizationRef",
    answer: { id: "123", name: "Atlassian" },
    compare: "equal",
  },
  {
    title: "Fetch organizations by id or name",
    method: "POST",
    path: "organization/fetch",
    headers: X_WRITE,
    body: { organizationIds: ["1", "2"], organizationNames: ["Atlassian"] },
    before: site("123"),
    status: 200,
    schema: "OrganizationRefList",
    answer: { organizations: [{ id: "123", name: "Atlassian" }] },
    compare: "equal",
  },
  {
    title: "Get organization profile",
    method: "GET",
    path: "organization/profile/1",
    headers: X_READ,
    before: site("1"),
    status: 200,
    schema: "Profile",
    answer: profile,
    compare: "equal",
  },
  {
    title: "Create organization profile",
    method: "POST",
    path: "organization/profile",
    headers: X_WRITE,
    body: {
      name: "Atlassian",
      details: [{ name: "Region", values: ["EU"] }],
      associateCustomers: { customerIds: [CUSTOMER_1, CUSTOMER_2] },
      associateProducts: { productIds: [PRODUCT_A, PRODUCT_B] },
    },
    before: { fields: [REGION], products: PRODUCTS },
    status: 200,
    schema: "Profile",
    answer: profile,
    // New entitlement ids; and the page lists one customer of the two it sent.
    compare: "shape",
  },
  {
    title: "Fetch organization profiles by id or name",
    method: "POST",
    path: "organization/profile/fetch",
    headers: X_WRITE,
    body: { organizationIds: ["1", "2"], organizationNames: ["Atlassian"] },
    before: site("1"),
    status: 200,
    schema: "ProfileList",
    answer: { profiles: [profile] },
    compare: "equal",
  },
];
