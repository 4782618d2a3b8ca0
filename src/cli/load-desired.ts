import {
  describeProblems,
  loadManifests,
  ManifestError,
  plural,
  UNCONFIRMED_TYPE_WARNING,
  type LoadedFile,
  type LoadStats,
  type ManifestIssue,
} from "../manifest/index.js";
import type { Desired } from "../model/index.js";
import { escapeForTerminal } from "../util/escape.js";
import type { CliIo } from "./io.js";
import { writeIssues } from "./report-error.js";

/** What a command gets from valid manifests. */
export interface LoadedDesired {
  readonly desired: Desired;
  readonly warnings: readonly ManifestIssue[];
  readonly stats: LoadStats;
}

/**
 * Loads the manifests a command was given (or the default paths) for validate, plan, apply
 * and drift. Warnings are written to stderr compiler-style; invalid manifests throw a
 * ManifestError holding the warnings and the problems (main prints them), so the command stops
 * (exit 1, no stack trace) before anything is written to the site. Reads files only: never the
 * network (`reading` may start reads of the site as files load).
 */
export async function loadDesiredForCli(
  args: readonly string[],
  io: CliIo,
  /** The tokens orgsync holds (`readCliCredentials`): a manifest may not interpolate one. */
  secrets: readonly string[],
  /** A read of the site that follows the load (`loadWhileReading`). */
  reading?: {
    readonly onFile: (file: LoadedFile) => void;
    /** Whether a read was started, so that a problem no longer means nothing was sent. */
    readonly started: () => boolean;
  },
): Promise<LoadedDesired> {
  const result = await loadManifests(args, {
    cwd: io.cwd,
    env: io.env,
    secrets,
    ...(reading === undefined ? {} : { onFile: reading.onFile }),
  });
  const unsent =
    reading?.started() === true
      ? "nothing was written to the site"
      : "nothing was sent to the site";
  if (!result.ok && result.noManifests) {
    throw new ManifestError([...result.warnings, ...result.issues], {
      message: `${result.issues[0]?.message ?? "no orgsync manifests found"}; ${unsent}`,
      hint: "pass the files or folders that hold the manifests as PATH arguments (docs/manifest.md)",
    });
  }
  if (result.skipped.length > 0) {
    const shown = result.skipped.slice(0, 3).map(escapeForTerminal).join(", ");
    const more =
      result.skipped.length > 3 ? ` and ${result.skipped.length - 3} more` : "";
    io.stderr.write(
      `note: skipped ${plural(result.skipped.length, "YAML file")} with no orgsync document (no apiVersion: orgsync/v1): ${shown}${more}\n`,
    );
  }
  if (!result.ok) {
    const more =
      result.omitted > 0
        ? ` (${result.omitted.toLocaleString("en-US")} more not shown)`
        : "";
    throw new ManifestError(
      [...shownWarnings(result.warnings, io), ...result.issues],
      {
        message: `${describeProblems(result.issues)}${more}; ${unsent}`,
        hint: "fix the manifests and run `orgsync validate` to check them",
      },
    );
  }
  const warnings = shownWarnings(result.warnings, io);
  if (warnings.length > 0) writeIssues(warnings, io);
  return {
    desired: result.value,
    warnings: result.warnings,
    stats: result.stats,
  };
}

/**
 * The warnings to show: all but the one about unconfirmed field types when
 * `ORGSYNC_NO_UNCONFIRMED_WARNING` is set (to anything but "" or "0"), for a team that uses
 * NUMBER or URL fields on purpose.
 */
function shownWarnings(
  warnings: readonly ManifestIssue[],
  io: CliIo,
): readonly ManifestIssue[] {
  const silenced = io.env.ORGSYNC_NO_UNCONFIRMED_WARNING;
  if (silenced === undefined || silenced === "" || silenced === "0")
    return warnings;
  return warnings.filter((w) => w.code !== UNCONFIRMED_TYPE_WARNING);
}
