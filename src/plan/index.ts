export { plan } from "./plan.js";
export type { PlanOptions } from "./plan.js";
export { PlanInputError } from "./plan-input-error.js";
export type { PlanInputProblem } from "./plan-input-error.js";
export {
  selectChanges,
  compileAddressGlob,
  unmatchedPatterns,
  requoteAddressGlob,
} from "./select-changes.js";
export { parseSavedPlan, PlanFileError } from "./parse-saved-plan.js";
export { planNeedsServiceDesk } from "./needs-service-desk.js";
export { renderText } from "./render-text.js";
export type { DestructiveConsent } from "./render-text.js";
export { renderJson } from "./render-json.js";
export { describeUnmanaged } from "./describe-unmanaged.js";
export { renderMarkdown, MARKDOWN_PART_SEPARATOR } from "./render-markdown.js";
export type {
  Plan,
  PlanTarget,
  PlanSummary,
  Change,
  ChangeAction,
  FieldChange,
  FieldState,
  OrganizationChange,
  OrganizationState,
  ProductRef,
  DetailChange,
  DetailState,
  EntitlementChange,
  EntitlementDetailChange,
  EntitlementState,
  CustomerState,
  ServiceDeskState,
  Unsupported,
} from "./types.js";
