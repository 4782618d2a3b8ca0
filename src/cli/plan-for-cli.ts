import type { ServiceDeskAccess } from "../api/servicedesk-types.js";
import { readOnlyServiceDesk } from "../api/read-only-client.js";
import type { CsmClient } from "../api/types.js";
import type { Desired } from "../model/index.js";
import {
  MARKDOWN_PART_SEPARATOR,
  renderJson,
  renderMarkdown,
  renderText,
  requoteAddressGlob,
  type DestructiveConsent,
  type Plan,
} from "../plan/index.js";
import { escapeForTerminal } from "../util/escape.js";
import { planSite, type PlannedSite } from "../workflow/index.js";
import { refuseSecretData } from "../util/refuse-secret-data.js";
import { readCliCredentials, type ConnectionFlags } from "./connection.js";
import { barsEnabled, colorEnabled, terminalWidth, type CliIo } from "./io.js";
import { loadWhileReading } from "./load-while-reading.js";
import { createReadProgress } from "./progress.js";
import { discoveryFeature } from "./discovery-feature.js";

/** What `plan` and `apply` get: the manifests, a connected client, the live state and the plan. */
export interface CliPlan extends PlannedSite {
  readonly desired: Desired;
  readonly client: CsmClient;
  readonly serviceDesk: ServiceDeskAccess;
  readonly concurrency: number;
}

/** `--target` / `--exclude` as commander collected them (repeatable flags). */
export interface SelectionFlags {
  readonly target?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
}

/** What `plan` and `apply` take to make a plan: the manifests, the site, the selection. */
export interface PlanFlags extends ConnectionFlags, SelectionFlags {
  /** Manifest files or directories; none: the default paths. */
  readonly paths: readonly string[];
  /** List the organizations no manifest declares (through the service desk API). */
  readonly showUnmanaged?: true | undefined;
}

/** Whether `--target` or `--exclude` was given: the plan shown is then part of the plan. */
export function isTargeted(flags: SelectionFlags): boolean {
  return (flags.target?.length ?? 0) + (flags.exclude?.length ?? 0) > 0;
}

/**
 * A `--target` / `--exclude` glob that matches nothing is most likely a typo: say so, and when
 * it looks like what the shell left of an unquoted `organization["Acme"]`, show it quoted.
 */
export function warnUnmatched(
  patterns: readonly string[],
  flags: SelectionFlags,
  io: CliIo,
): void {
  for (const pattern of patterns) {
    io.stderr.write(
      `warning: ${escapeForTerminal(JSON.stringify(pattern))} matches nothing in the plan\n`,
    );
    const requoted = requoteAddressGlob(pattern);
    if (requoted === undefined) continue;
    const flag = flags.target?.includes(pattern) ? "--target" : "--exclude";
    io.stderr.write(
      `hint: names in addresses are in double quotes, which the shell removes unless the whole pattern is in single quotes: ${flag} ${escapeForTerminal(shellQuote(requoted))}\n`,
    );
  }
}

/** `text` in single quotes for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * Load the manifests while reading the site (bad input: exit 1, nothing written, no read
 * started after the problem), with a progress line on a terminal, and plan, honouring
 * --target / --exclude.
 */
export async function planForCli(
  flags: PlanFlags,
  io: CliIo,
): Promise<CliPlan> {
  const credentials = readCliCredentials(flags, io);
  const { desired, connection, reading } = await loadWhileReading(
    flags.paths,
    flags,
    io,
    credentials,
  );
  const { client, concurrency, serviceDesk } = connection;
  const discovery = discoveryFeature(
    desired,
    flags.showUnmanaged ? "--show-unmanaged" : undefined,
  );
  const progress = createReadProgress(
    io.stderr,
    barsEnabled(io.stderr, io.env),
  );
  let planned: PlannedSite;
  try {
    planned = await planSite(client, desired, {
      now: new Date(),
      concurrency,
      target: flags.target ?? [],
      exclude: flags.exclude ?? [],
      onProgress: progress.update,
      reading,
      ...(discovery ? { serviceDesk: serviceDesk.client(discovery) } : {}),
      serviceDeskBaseUrl: serviceDesk.baseUrl,
      serviceDeskLinks: serviceDesk,
      scimCheck: readOnlyServiceDesk(serviceDesk),
    });
  } finally {
    progress.stop();
  }
  // Plans are data: never redacted, so a value holding the token stops here, named.
  refuseSecretData(
    [
      ...planned.plan.changes.map((c) => ({ address: c.address, value: c })),
      ...planned.plan.unsupported.map((u) => ({
        address: u.address,
        value: u,
      })),
    ],
    credentials.secrets,
    "plan",
  );
  for (const warning of planned.warnings)
    io.stderr.write(`warning: ${escapeForTerminal(warning)}\n`);
  warnUnmatched(planned.unmatched, flags, io);
  return { ...planned, desired, client, serviceDesk, concurrency };
}

/** The formats `plan` renders (apply shows its plan as text). */
export type PlanFormat = "text" | "json" | "markdown";

/**
 * The plan in the format asked for; text fits the terminal's width. `targeted`: --target or
 * --exclude chose part of the plan (an empty one then does not claim the site matches).
 * `allowed`: the consent apply was given, so that its warning about destructive changes says
 * what is allowed.
 */
export function renderPlan(
  plan: Plan,
  format: PlanFormat,
  io: CliIo,
  options: { targeted?: boolean; allowed?: DestructiveConsent } = {},
): string {
  const width = terminalWidth(io.stdout);
  switch (format) {
    case "json":
      // The same JSON value as the saved file, with no character that acts on a terminal.
      return renderJson(plan);
    case "markdown":
      return `${renderMarkdown(plan, { targeted: options.targeted ?? false }).join(MARKDOWN_PART_SEPARATOR)}\n`;
    case "text":
      return renderText(plan, {
        color: colorEnabled(io.stdout, io.env),
        targeted: options.targeted ?? false,
        ...(width === undefined ? {} : { width }),
        ...(options.allowed === undefined ? {} : { allowed: options.allowed }),
      });
  }
}
