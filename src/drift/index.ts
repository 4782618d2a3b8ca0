export { detectDrift } from "./detect-drift.js";
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
export {
  loadIgnoreFile,
  IgnoreFileError,
  DEFAULT_IGNORE_FILE,
  defaultIgnoreFiles,
} from "./load-ignore-file.js";
export type { LoadedIgnoreFile } from "./load-ignore-file.js";
export { renderDriftText } from "./render-drift-text.js";
export { renderDriftJson } from "./render-drift-json.js";
export {
  renderDriftMarkdown,
  MARKDOWN_PART_LIMIT,
} from "./render-drift-markdown.js";
