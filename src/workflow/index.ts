export { planSite } from "./plan-site.js";
export type { PlanSiteOptions, PlannedSite } from "./plan-site.js";
