export { applyPlan } from "./apply-plan.js";
export { buildSteps } from "./build-steps.js";
export { describeCall } from "./calls-for-change.js";
export { checkSafety } from "./check-safety.js";
export {
  InvalidPlanError,
  ApplyRefusedError,
  StalePlanError,
  PlanTargetError,
} from "./errors.js";
export { sendCall } from "./send-call.js";
export type {
  ApiCall,
  ApplyStep,
  ApplyResult,
  ApplyReport,
  ApplyEvent,
  ApplyOptions,
  SafetyOptions,
  Refusal,
} from "./types.js";
export { checkStale, type StaleCheck } from "./check-stale.js";
export { type StaleChange } from "./compare-before.js";
export { renderReport, resultLine } from "./render-report.js";
