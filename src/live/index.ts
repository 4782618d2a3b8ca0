export { readLive, startLiveRead } from "./read-live.js";
export type { LiveRead, ReadLiveOptions, ReadProgress } from "./read-live.js";
export { readOrganizations, uniqueNames } from "./read-organizations.js";
export { readDetailFields } from "./read-detail-fields.js";
export { readListed } from "./read-listed.js";
export { readProducts } from "./read-products.js";
export {
  readServiceDesks,
  serviceDesksNamed,
  SERVICE_DESK_LINKS,
} from "./read-service-desks.js";
export type { ServiceDeskSource } from "./read-service-desks.js";
