export {
  readLive,
  desiredOrganizationNames,
  startLiveRead,
} from "./read-live.js";
export type { LiveRead, ReadLiveOptions, ReadProgress } from "./read-live.js";
export {
  readOrganizations,
  uniqueNames,
  PROFILE_BATCH_SIZE,
} from "./read-organizations.js";
export type { ReadOrganizationsOptions } from "./read-organizations.js";
export { readDetailFields } from "./read-detail-fields.js";
export { readProducts, PRODUCT_PAGE_SIZE } from "./read-products.js";
export { needsProductList } from "./product-ref.js";
export { normalizeDetailField, normalizeProfile } from "./normalize.js";
