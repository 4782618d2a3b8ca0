/**
 * The manifest stage: YAML files in, a validated and normalised Desired model out, with
 * compiler-style issues (file:line:col, what was found and expected, did you mean) for
 * everything wrong. Parsing is pure; `loadManifests` adds the file system.
 */
export { parseManifest } from "./parse-manifest.js";
export { loadManifests } from "./load-manifests.js";
export { loadManifestSources } from "./load-manifest-sources.js";
export type { LoadedFile } from "./load-manifest-sources.js";
export type { ManifestSource } from "./load-source.js";
export type { LoadResult, LoadStats } from "./load-result.js";
export { checkAgainstLiveFields } from "./check-live-fields.js";
export { issueAtSource } from "./issue-at-source.js";
export { defaultPaths } from "./default-paths.js";
export { formatIssues } from "./format-issues.js";
export { UNCONFIRMED_TYPE_WARNING } from "./rules/unconfirmed-field-types.js";
export {
  describeProblems,
  ManifestError,
  fileIssue,
  plural,
  sortIssues,
} from "./manifest-issue.js";
export type { ManifestIssue } from "./manifest-issue.js";
export { interpolate } from "./interpolate.js";
export { didYouMean } from "../util/did-you-mean.js";
export { manifestSchema } from "./validate-schema.js";
export { LIMITS } from "./limits.js";
export {
  API_VERSION,
  MANIFEST_KINDS,
  MANIFEST_KEYS,
  ENSURE_VALUES,
} from "./manifest-types.js";
