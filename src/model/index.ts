export { formatLocation } from "./source.js";
export type { SourceLocation } from "./source.js";
export { cleanName, nameKey, sameName, indexByName } from "./names.js";
export {
  FIELD_TYPE_NAMES,
  MAX_FIELD_OPTIONS,
  findFieldType,
  lookupFieldType,
  checkFieldValues,
  normalizeValues,
  sameValues,
} from "./field-types.js";
export type { FieldType } from "./field-types.js";
export { findPredefinedField } from "./predefined-fields.js";
export type {
  Desired,
  DesiredFields,
  DesiredField,
  DesiredDetail,
  DesiredList,
  DesiredOrganization,
} from "./desired.js";
export type {
  Live,
  LiveField,
  LiveDetail,
  LiveEntitlement,
  LiveOrganization,
  LiveProduct,
  ListedOrganization,
} from "./live.js";
export {
  fieldAddress,
  organizationAddress,
  detailAddress,
  productAddress,
  customersAddress,
  rootAddress,
} from "./address.js";
export { digestOf, fieldDigest, organizationDigest } from "./digest.js";
export { isProductId } from "./product-ref.js";
