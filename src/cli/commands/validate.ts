import { loadManifests, plural, type LoadStats } from "../../manifest/index.js";
import { terminalSafeJson } from "../../util/escape.js";
import { readCliCredentials } from "../connection.js";
import { EXIT, type CliIo, type CommandResult } from "../io.js";
import { loadDesiredForCli } from "../load-desired.js";

/** `orgsync validate` as commander parsed it. */
export interface ValidateOptions {
  readonly paths: readonly string[];
  readonly format: "text" | "json";
  /** The token file plan would use: a manifest value holding its token is refused. */
  readonly tokenFile?: string | undefined;
}

/** "3 files, 4 fields, 120 organizations". */
function describeStats(stats: LoadStats): string {
  return [
    plural(stats.files, "file"),
    plural(stats.fields, "field"),
    plural(stats.organizations, "organization"),
  ].join(", ");
}

/**
 * `orgsync validate [PATH...]`: checks the manifests offline. Text: problems on stderr, one
 * summary line on stdout when valid. `--format json`: one JSON object on stdout,
 * `{ valid, stats, issues, warnings }`, whatever the outcome. Exit 0 when valid, else 1.
 */
export async function runValidate(
  options: ValidateOptions,
  io: CliIo,
): Promise<CommandResult> {
  // The credentials, when present, so that validate refuses exactly what plan refuses.
  const { secrets } = readCliCredentials(options, io);
  if (options.format === "text") {
    const { stats } = await loadDesiredForCli(options.paths, io, secrets);
    return { exitCode: EXIT.ok, output: `${describeStats(stats)}: valid\n` };
  }
  const result = await loadManifests(options.paths, {
    cwd: io.cwd,
    env: io.env,
    secrets,
  });
  const output = terminalSafeJson(
    {
      valid: result.ok,
      stats: result.stats,
      issues: result.ok ? [] : result.issues,
      warnings: result.warnings,
      skipped: result.skipped,
      ...(result.ok ? {} : { omitted: result.omitted }),
    },
    2,
  );
  return { exitCode: result.ok ? EXIT.ok : EXIT.error, output: `${output}\n` };
}
