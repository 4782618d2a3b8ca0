export { detectDrift } from "./detect-drift.js";
export type { DetectDriftOptions } from "./detect-drift.js";
export { driftReport, hasDrift, renderDriftJson } from "./drift-report.js";
export type { DriftReport } from "./drift-report.js";
export { parseIgnoreFile } from "./ignore-file.js";
export type { IgnoreList } from "./ignore-file.js";
export {
  loadIgnoreFile,
  IgnoreFileError,
  defaultIgnoreFiles,
} from "./load-ignore-file.js";
export type { LoadedIgnoreFile } from "./load-ignore-file.js";
export { renderDriftText } from "./render-drift-text.js";
export { renderDriftMarkdown } from "./render-drift-markdown.js";
