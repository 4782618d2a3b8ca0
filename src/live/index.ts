export { readLive } from "./read-live.js";
export type { ReadLiveOptions, ReadProgress } from "./read-live.js";
export { readOrganizations, uniqueNames } from "./read-organizations.js";
export { readDetailFields } from "./read-detail-fields.js";
export { readListed } from "./read-listed.js";
export { readProducts } from "./read-products.js";
