import type { Route } from "../route.js";
import { ENTITLEMENT_ROUTES } from "./entitlement-routes.js";
import { FIELD_ROUTES } from "./field-routes.js";
import { ORGANIZATION_ROUTES } from "./organization-routes.js";
import { PRODUCT_ROUTES } from "./product-routes.js";
import { PROFILE_ROUTES } from "./profile-routes.js";

/** Every call of the CSM organization API the emulator serves. */
export const API_ROUTES: readonly Route[] = [
  ...FIELD_ROUTES,
  ...ORGANIZATION_ROUTES,
  ...PROFILE_ROUTES,
  ...ENTITLEMENT_ROUTES,
  ...PRODUCT_ROUTES,
];
