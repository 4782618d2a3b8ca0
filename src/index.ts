/**
 * orgsync's library API: everything a program needs to validate manifests, read a site,
 * plan, apply, detect drift, export and run the emulator, without the CLI. Each stage's
 * folder has its own fuller export list; this is the public, supported surface.
 */

// Errors: the one base class and its stable codes.
export { OrgsyncError, UsageError } from "./util/errors.js";

// Model: names, field types, desired and live state, addresses, digests.
export {
  FIELD_TYPE_NAMES,
  findFieldType,
  lookupFieldType,
  checkFieldValues,
  sameValues,
  nameKey,
  sameName,
  isProductId,
  digestOf,
  fieldDigest,
  organizationDigest,
  formatLocation,
} from "./model/index.js";
export type {
  SourceLocation,
  FieldType,
  Desired,
  DesiredFields,
  DesiredField,
  DesiredDetail,
  DesiredOrganization,
  DetailEntity,
  OtherEntity,
  Live,
  LiveField,
  LiveDetail,
  LiveEntitlement,
  LiveOrganization,
  LiveProduct,
} from "./model/index.js";

// Manifests: parse, load, validate, format issues.
export {
  parseManifest,
  loadManifests,
  checkAgainstLiveFields,
  formatIssues,
  defaultPaths,
  ManifestError,
} from "./manifest/index.js";
export type { LoadResult, LoadStats, ManifestIssue } from "./manifest/index.js";

// The API client.
export {
  createClient,
  resolveBaseUrl,
  readOnlyClient,
  ApiError,
  NetworkError,
  ResponseShapeError,
  ResponseTooLargeError,
  SiteLookupError,
  UnknownOutcomeError,
} from "./api/index.js";
export type {
  ClientOptions,
  CsmClient,
  CsmReader,
  ExchangeRecorder,
  RecordedExchange,
} from "./api/index.js";

// Reading the live state.
export {
  readLive,
  readOrganizations,
  readDetailFields,
  readProducts,
} from "./live/index.js";
export type { ReadLiveOptions, ReadProgress } from "./live/index.js";

// Planning and rendering.
export {
  plan,
  selectChanges,
  parseSavedPlan,
  renderText,
  renderJson,
  renderMarkdown,
  MARKDOWN_PART_SEPARATOR,
  PlanInputError,
  PlanFileError,
} from "./plan/index.js";
export type {
  Plan,
  PlanOptions,
  Change,
  ChangeAction,
  FieldChange,
  OrganizationChange,
  DetailChange,
  EntitlementChange,
  EntitlementDetailChange,
  Unsupported,
} from "./plan/index.js";
export { planSite } from "./workflow/index.js";
export type { PlanSiteOptions, PlannedSite } from "./workflow/index.js";

// Applying.
export {
  applyPlan,
  buildSteps,
  checkSafety,
  checkStale,
  renderReport,
  ApplyRefusedError,
  StalePlanError,
  PlanTargetError,
} from "./apply/index.js";
export type {
  StaleChange,
  StaleCheck,
  ApplyOptions,
  ApplyReport,
  ApplyResult,
  ApplyEvent,
  ApplyStep,
  Refusal,
  SafetyOptions,
} from "./apply/index.js";

// Drift and export.
export {
  detectDrift,
  driftReport,
  hasDrift,
  parseIgnoreFile,
  renderDriftText,
  renderDriftJson,
  renderDriftMarkdown,
} from "./drift/index.js";
export type {
  DriftReport,
  DetectDriftOptions,
  IgnoreList,
} from "./drift/index.js";
export {
  exportManifests,
  readExportSource,
  writeExportFiles,
} from "./export/index.js";
export type { ExportOptions, ExportResult } from "./export/index.js";

// Checking a site.
export {
  runDoctor,
  renderDoctorText,
  renderDoctorJson,
} from "./doctor/index.js";
export type {
  DoctorInput,
  DoctorReport,
  DoctorCheck,
  DoctorStatus,
} from "./doctor/index.js";

// The emulator, for tests and rehearsals.
export { startEmulator, runEmulatorUntil } from "./emulator/index.js";
export type {
  EmulatorOptions,
  EmulatorControl,
  EmulatorSeed,
  FaultConfig,
  FaultKind,
  RequestLogEntry,
  RunningEmulator,
} from "./emulator/index.js";

// The CLI as a function.
export { main } from "./cli/main.js";
export type { CliIo } from "./cli/io.js";
export { ORGSYNC_VERSION } from "./version.js";
