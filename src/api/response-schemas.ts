import type { ErrorObject, ValidateFunction } from "ajv";

import { compileSchema, packageSchema } from "../util/check-schema.js";
import { childPointer } from "../util/json-pointer.js";
import { ResponseShapeError } from "./errors.js";
import type {
  ApiDetailField,
  ApiEntitlement,
  ApiOrganization,
  ApiOrganizationDetail,
  ApiOrganizationRef,
  ApiProduct,
  ApiProductPage,
  ApiProfile,
} from "./types.js";

/** A service desk organization as it comes over the wire (the client reads the id as text). */
interface SdWireOrganization {
  id: string | number;
  name: string;
  scimManaged?: boolean | null;
}

/** A page of the service desk API (see `createServiceDeskClient`'s paging). */
interface SdPage<T> {
  values: T[];
  isLastPage: boolean;
  size?: number;
  start?: number;
}

/**
 * The response shapes, by definition name in schema/api/csm-api.schema.json, with the type
 * each one guarantees. The same schema file backs the emulator's contract tests, so client
 * and emulator cannot drift apart silently.
 */
export interface ResponseShapes {
  DetailField: ApiDetailField;
  DetailFieldList: { results: ApiDetailField[] };
  OrganizationRef: ApiOrganizationRef;
  OrganizationRefList: { organizations: ApiOrganizationRef[] };
  OrganizationDetail: ApiOrganizationDetail;
  Organization: ApiOrganization;
  Entitlement: ApiEntitlement;
  EntitlementList: ApiEntitlement[];
  Profile: ApiProfile;
  ProfileList: { profiles: ApiProfile[] };
  Product: ApiProduct;
  ProductPage: ApiProductPage;
  SdOrganization: SdWireOrganization;
  SdOrganizationPage: SdPage<SdWireOrganization>;
  SdUserPage: SdPage<{ accountId: string } & Record<string, unknown>>;
}

/** A definition name of the response schema. */
export type ShapeName = keyof ResponseShapes;

const SCHEMA_ID = "https://orgsync.dev/schema/api/csm-api.schema.json";

const validators = new Map<ShapeName, ValidateFunction>();

function validatorFor(name: ShapeName): ValidateFunction {
  let validate = validators.get(name);
  if (validate === undefined) {
    validate = compileSchema({ $ref: `${SCHEMA_ID}#/definitions/${name}` }, [
      packageSchema("api/csm-api.schema.json"),
    ]);
    validators.set(name, validate);
  }
  return validate;
}

/**
 * Returns `data` typed as the named shape, or throws a `ResponseShapeError` naming the call,
 * the JSON pointer of the first bad value and what was expected there.
 */
export function checkShape<N extends ShapeName>(
  call: string,
  name: N,
  data: unknown,
): ResponseShapes[N] {
  const validate = validatorFor(name);
  if (validate(data)) return data as ResponseShapes[N];
  const first = validate.errors?.[0];
  throw new ResponseShapeError({
    call,
    definition: name,
    ...(first === undefined
      ? { pointer: "", expected: `a ${name}` }
      : describeError(first)),
  });
}

function describeError(error: ErrorObject): {
  pointer: string;
  expected: string;
} {
  const params = error.params as Record<string, unknown>;
  if (
    error.keyword === "required" &&
    typeof params.missingProperty === "string"
  )
    return {
      pointer: childPointer(error.instancePath, params.missingProperty),
      expected: "a value (the property is required)",
    };
  if (error.keyword === "type")
    return {
      pointer: error.instancePath,
      expected: `a value of type ${String(params.type)}`,
    };
  return {
    pointer: error.instancePath,
    expected: `a value that ${error.message ?? `passes ${error.keyword}`}`,
  };
}
