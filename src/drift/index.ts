export { detectDrift } from "./detect-drift.js";
<<<<<<< HEAD
export type { DetectDriftOptions, DetectedDrift } from "./detect-drift.js";
export {
  driftReport,
  hasDrift,
  isExpired,
  utcDate,
  EXPIRY_WARNING_DAYS,
} from "./drift-report.js";
export type {
  DriftReport,
  DriftReportOptions,
  DriftSummary,
  AcknowledgedDrift,
  UnacknowledgedDrift,
} from "./drift-report.js";
export { driftItems, kindOfChange } from "./drift-item.js";
export type {
  DriftItem,
  DriftKind,
  DriftResource,
  DriftState,
} from "./drift-item.js";
export {
  parseIgnoreFile,
  isIsoDate,
  DRIFT_IGNORE_KIND,
} from "./ignore-file.js";
export type {
  IgnoreEntry,
  IgnoreIssue,
  IgnoreList,
  IgnoreParseResult,
} from "./ignore-file.js";
=======
export type { DetectDriftOptions } from "./detect-drift.js";
export { driftReport, hasDrift, renderDriftJson } from "./drift-report.js";
export type { DriftReport } from "./drift-report.js";
export { parseIgnoreFile } from "./ignore-file.js";
export type { IgnoreList } from "./ignore-file.js";
>>>>>>> main
export {
  loadIgnoreFile,
  IgnoreFileError,
  defaultIgnoreFiles,
} from "./load-ignore-file.js";
export type { LoadedIgnoreFile } from "./load-ignore-file.js";
export { renderDriftText } from "./render-drift-text.js";
export { renderDriftMarkdown } from "./render-drift-markdown.js";
