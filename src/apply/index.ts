export { applyPlan, runSteps } from "./apply-plan.js";
export { buildSteps } from "./build-steps.js";
export { callsForChange, describeCall } from "./calls-for-change.js";
export { checkSafety, isDelete, DEFAULT_MAX_DELETES } from "./check-safety.js";
export {
  InvalidPlanError,
  ApplyRefusedError,
  StalePlanError,
  PlanTargetError,
  CreateConflictError,
} from "./errors.js";
export { sendCall } from "./send-call.js";
export type { SendCallOptions } from "./send-call.js";
export type {
  ApiCall,
  ApplyStep,
  ApplyStatus,
  ApplyResult,
  ApplyReport,
  ApplyEvent,
  ApplyOptions,
  SafetyOptions,
  Refusal,
} from "./types.js";
export { checkStale, type StaleCheck } from "./check-stale.js";
export { compareBefore, type StaleChange } from "./compare-before.js";
export type { CheckStaleOptions } from "./check-stale.js";
export {
  renderReport,
  resultLine,
  summarySentence,
  PAST_TENSE,
} from "./render-report.js";
export type { RenderReportOptions } from "./render-report.js";
