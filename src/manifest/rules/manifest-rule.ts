import type { ManifestIssue } from "../manifest-issue.js";
import type { ManifestModel } from "../manifest-model.js";

/**
 * One cross-document rule: a small pure function from the whole model to the problems it
 * finds. Rules must stay linear (or n log n) in the size of the model: a manifest may hold
 * tens of thousands of organizations.
 */
export type ManifestRule = (model: ManifestModel) => ManifestIssue[];
