import {
  defaultPaths,
  loadManifests,
  plural,
  type LoadStats,
} from "../../manifest/index.js";
import { terminalSafeJson } from "../../util/escape.js";
import { EXIT, type CliIo } from "../io.js";
import { readCliCredentials } from "../connection.js";
import { loadDesiredForCli } from "../load-desired.js";
import type { RawCommand } from "../main.js";

/** "3 files, 4 fields, 120 organizations". */
export function describeStats(stats: LoadStats): string {
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
export async function runValidate(raw: RawCommand, io: CliIo): Promise<number> {
  // The credentials, when present, so that validate refuses exactly what plan refuses.
  const { secrets } = readCliCredentials(raw.flags, io);
  if (raw.flags.format === "json") {
    const paths = raw.args.length > 0 ? raw.args : await defaultPaths(io.cwd);
    const result = await loadManifests(paths, {
      cwd: io.cwd,
      env: io.env,
      secrets,
    });
    io.stdout.write(
      `${terminalSafeJson(
        {
          valid: result.ok,
          stats: result.stats,
          issues: result.ok ? [] : result.issues,
          warnings: result.warnings,
          skipped: result.skipped,
          ...(result.ok ? {} : { omitted: result.omitted }),
        },
        2,
      )}\n`,
    );
    return result.ok ? EXIT.ok : EXIT.error;
  }
  const { stats } = await loadDesiredForCli(raw.args, io, secrets);
  io.stdout.write(`${describeStats(stats)}: valid\n`);
  return EXIT.ok;
}
