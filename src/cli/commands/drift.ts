import { resolve } from "node:path";

import {
  DEFAULT_IGNORE_FILE,
  detectDrift,
  hasDrift,
  IgnoreFileError,
  loadIgnoreFile,
  renderDriftJson,
  renderDriftMarkdown,
  renderDriftText,
  type DriftReport,
  type LoadedIgnoreFile,
} from "../../drift/index.js";
import { formatIssues, ManifestError } from "../../manifest/index.js";
import { UsageError } from "../../model/index.js";
import { MARKDOWN_PART_SEPARATOR } from "../../plan/index.js";
import { terminalSafeJsonText } from "../../util/escape.js";
import { refuseSecretData } from "../../util/refuse-secret-data.js";
import { createStyle } from "../../util/style.js";
import { connectFromCli, readCliCredentials } from "../connection.js";
import { colorEnabled, EXIT, type CliIo } from "../io.js";
import { loadDesiredForCli, writeIssues } from "../load-desired.js";
import type { RawCommand } from "../main.js";

type Format = "text" | "json" | "markdown";

/**
 * `orgsync drift`: read-only by construction. It never imports the applier, and the live
 * reader gets a view of the client without write methods (see src/drift). Manifests and the
 * ignore file are checked before any request. Exit 0: no drift that counts; 2: drift; 1: error.
 */
export async function runDrift(raw: RawCommand, io: CliIo): Promise<number> {
  const format = formatOf(raw.flags.format);
  // Both are checked before the first request: a mistake in either sends nothing.
  const credentials = readCliCredentials(raw.flags, io);
  const { desired } = await loadDesiredForCli(
    raw.args,
    io,
    credentials.secrets,
  );
  const ignore = await loadIgnoreForCli(raw.flags.ignoreFile, io);

  const { client, concurrency } = await connectFromCli(raw.flags, io, {
    credentials,
  });
  let report: DriftReport;
  try {
    ({ report } = await detectDrift(client, desired, {
      now: new Date(),
      concurrency,
      ...(ignore ? { ignore: ignore.list } : {}),
      ...(io.signals ? { signal: io.signals.abort } : {}),
    }));
  } catch (error) {
    // Detail keys checked against the site's fields (no DetailFields document given).
    if (error instanceof ManifestError) writeIssues(error.issues, io);
    throw error;
  }

  // Drift reports are data: never redacted, so a value holding the token stops here, named.
  refuseSecretData(
    [...report.drift, ...report.acknowledged].map((item) => ({
      address: item.address,
      value: item,
    })),
    credentials.secrets,
    "drift report",
  );
  io.stdout.write(render(report, format, io));
  if (format !== "text") io.stderr.write(`${summaryLine(report)}\n`);
  return hasDrift(report) ? EXIT.changes : EXIT.ok;
}

function formatOf(value: unknown): Format {
  if (value === undefined) return "text";
  if (value === "text" || value === "json" || value === "markdown") {
    return value;
  }
  throw new UsageError(
    `--format ${JSON.stringify(value)} is not a drift format`,
    { hint: "use --format text, json or markdown" },
  );
}

/**
 * The ignore file: `--ignore-file` must exist when given; the default file in the working
 * directory is read only when it exists.
 */
async function loadIgnoreForCli(
  flag: unknown,
  io: CliIo,
): Promise<LoadedIgnoreFile | undefined> {
  if (flag !== undefined && (typeof flag !== "string" || flag.trim() === "")) {
    throw new UsageError("--ignore-file needs a file name");
  }
  const file = typeof flag === "string" ? flag : DEFAULT_IGNORE_FILE;
  const color = colorEnabled(io.stderr, io.env);
  try {
    const loaded = await loadIgnoreFile(file, resolve(io.cwd, file), {
      required: flag !== undefined,
    });
    if (loaded && loaded.warnings.length > 0) {
      io.stderr.write(formatIssues(loaded.warnings, { color }));
    }
    return loaded;
  } catch (error) {
    if (error instanceof IgnoreFileError) {
      io.stderr.write(formatIssues(error.issues, { color }));
    }
    throw error;
  }
}

function render(report: DriftReport, format: Format, io: CliIo): string {
  switch (format) {
    case "json":
      return terminalSafeJsonText(renderDriftJson(report));
    case "markdown":
      return renderDriftMarkdown(report).join(MARKDOWN_PART_SEPARATOR);
    case "text":
      return renderDriftText(
        report,
        createStyle(colorEnabled(io.stdout, io.env)),
      );
  }
}

function summaryLine(report: DriftReport): string {
  const { drifted, acknowledged, expired, stale } = report.summary;
  const extra = [
    expired > 0 ? `${expired} expired acknowledgement(s)` : "",
    stale > 0 ? `${stale} stale acknowledgement(s)` : "",
  ].filter((part) => part !== "");
  return `drift: ${drifted} difference(s), ${acknowledged} acknowledged${extra.length > 0 ? `, ${extra.join(", ")}` : ""}`;
}
