import { resolve } from "node:path";

import {
  defaultIgnoreFiles,
  detectDrift,
  hasDrift,
  loadIgnoreFile,
  renderDriftJson,
  renderDriftMarkdown,
  renderDriftText,
  type DriftReport,
  type LoadedIgnoreFile,
} from "../../drift/index.js";
import { MARKDOWN_PART_SEPARATOR } from "../../plan/index.js";
import { escapeForTerminal, terminalSafeJsonText } from "../../util/escape.js";
import { refuseSecretData } from "../../util/refuse-secret-data.js";
import { createStyle } from "../../util/style.js";
import { readCliCredentials, type ConnectionFlags } from "../connection.js";
import { colorEnabled, EXIT, type CliIo, type CommandResult } from "../io.js";
import { loadDesiredForCli } from "../load-desired.js";
import { loadWhileReading } from "../load-while-reading.js";
import { writeIssues } from "../report-error.js";
import { plural } from "../../util/plural.js";
import { readOnlyServiceDesk } from "../../api/read-only-client.js";
import { discoveryFeature } from "../discovery-feature.js";

/** `orgsync drift` as commander parsed it. */
export interface DriftOptions extends ConnectionFlags {
  readonly paths: readonly string[];
  readonly format: "text" | "json" | "markdown";
  /** The acknowledged drift; must exist when given. */
  readonly ignoreFile?: string | undefined;
  /** List the organizations no manifest declares (through the service desk API). */
  readonly showUnmanaged?: true | undefined;
  /** As `showUnmanaged`, and exit 2 when there are any. */
  readonly failOnUnmanaged?: true | undefined;
}

/**
 * `orgsync drift`: read-only by construction. It never imports the applier, and the live
 * reader gets a view of the client without write methods (see src/drift). The site is read
 * while the manifests load; a problem in them or in the ignore file stops every read. Exit 0:
 * no drift that counts; 2: drift; 1: error.
 */
export async function runDrift(
  options: DriftOptions,
  io: CliIo,
): Promise<CommandResult> {
  const credentials = readCliCredentials(options, io);
  // A bad ignore file sends nothing; the manifests' problems are still reported first.
  const ignored = await readIgnoreFile(options, io).then(
    (loaded) => ({ loaded }),
    (error: unknown) => ({ error }),
  );
  if ("error" in ignored) {
    await loadDesiredForCli(options.paths, io, credentials.secrets);
    throw ignored.error;
  }
  const signal = io.signals?.abort;
  const { desired, connection, reading } = await loadWhileReading(
    options.paths,
    options,
    io,
    credentials,
    signal,
  );
  const ignore = ignored.loaded;
  if (ignore && ignore.warnings.length > 0) writeIssues(ignore.warnings, io);

  const { client, concurrency, serviceDesk } = connection;
  const discovery = discoveryFeature(
    desired,
    options.showUnmanaged
      ? "--show-unmanaged"
      : options.failOnUnmanaged
        ? "--fail-on-unmanaged"
        : undefined,
  );
  const { report, warnings } = await detectDrift(client, desired, {
    now: new Date(),
    concurrency,
    serviceDeskLinks: readOnlyServiceDesk(serviceDesk),
    reading,
    ...(ignore ? { ignore: ignore.list } : {}),
    ...(signal ? { signal } : {}),
    // Read-only like the CSM client: the service desk view holds no write method.
    ...(discovery
      ? { serviceDesk: readOnlyServiceDesk(serviceDesk).client(discovery) }
      : {}),
    scimCheck: readOnlyServiceDesk(serviceDesk),
  });
  for (const warning of warnings)
    io.stderr.write(`warning: ${escapeForTerminal(warning)}\n`);
  // Drift reports are data: never redacted, so a value holding the token stops here, named.
  refuseSecretData(
    [...report.drift, ...report.acknowledged].map((item) => ({
      address: item.address,
      value: item,
    })),
    credentials.secrets,
    "drift report",
  );
  const unmanaged =
    options.failOnUnmanaged === true && (report.unmanaged?.length ?? 0) > 0;
  return {
    exitCode: hasDrift(report) || unmanaged ? EXIT.changes : EXIT.ok,
    output: render(report, options.format, io),
    ...(options.format === "text" ? {} : { notes: `${summaryLine(report)}\n` }),
  };
}

/**
 * `--ignore-file` must exist when given; else the first default file that exists is read
 * (`.orgsync-ignore.yaml` here, then beside the first PATH), and none means nothing acknowledged.
 */
async function readIgnoreFile(
  options: DriftOptions,
  io: CliIo,
): Promise<LoadedIgnoreFile | undefined> {
  if (options.ignoreFile !== undefined) {
    return loadIgnoreFile(
      options.ignoreFile,
      resolve(io.cwd, options.ignoreFile),
      { required: true },
    );
  }
  for (const file of defaultIgnoreFiles(options.paths, io.cwd)) {
    const found = await loadIgnoreFile(file, resolve(io.cwd, file), {
      required: false,
    });
    if (found) return found;
  }
  return undefined;
}

function render(
  report: DriftReport,
  format: DriftOptions["format"],
  io: CliIo,
): string {
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
    expired > 0 ? plural(expired, "expired acknowledgement") : "",
    stale > 0 ? plural(stale, "stale acknowledgement") : "",
  ].filter((part) => part !== "");
  return `drift: ${plural(drifted, "difference")}, ${acknowledged} acknowledged${extra.length > 0 ? `, ${extra.join(", ")}` : ""}`;
}
