import type { Desired } from "../model/index.js";
import type { ManifestIssue } from "./manifest-issue.js";

/** What was loaded: counts for the one-line summary. */
export interface LoadStats {
  /** Manifest files read (files skipped as not orgsync manifests are not counted). */
  readonly files: number;
  /** Detail field definitions, of every entity. */
  readonly fields: number;
  readonly organizations: number;
}

/** The outcome of loading manifests: the Desired model, or every problem found. */
export type LoadResult =
  | {
      readonly ok: true;
      readonly value: Desired;
      readonly warnings: readonly ManifestIssue[];
      readonly stats: LoadStats;
      /** YAML files found in directories that are not orgsync manifests, left out. */
      readonly skipped: readonly string[];
      /** Files read that hold no YAML document (empty, or comments only). */
      readonly empty: readonly string[];
      /** The orgsync documents read. */
      readonly documents: number;
    }
  | {
      readonly ok: false;
      /** The errors, in reading order; at most LIMITS.maxReportedIssues of them. */
      readonly issues: readonly ManifestIssue[];
      readonly warnings: readonly ManifestIssue[];
      /** Counts of what could be read despite the errors. */
      readonly stats: LoadStats;
      readonly skipped: readonly string[];
      readonly empty: readonly string[];
      readonly documents: number;
      /**
       * True when the paths hold no orgsync document at all: `issues` says so, and the
       * warnings list what was left out and why.
       */
      readonly noManifests?: boolean;
      /** Errors found beyond those listed in `issues`. */
      readonly omitted: number;
    };
