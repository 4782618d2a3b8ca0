import type { CsmClient } from "../api/types.js";
import { ManifestError } from "../manifest/index.js";
import type { Desired } from "../model/index.js";
import { escapeForTerminal } from "../util/escape.js";
import { refuseSecretData } from "../util/refuse-secret-data.js";
import { planSite, type PlannedSite } from "../workflow/index.js";
import { connectFromCli, readCliCredentials } from "./connection.js";
import { barsEnabled, type CliIo } from "./io.js";
import { loadDesiredForCli, writeIssues } from "./load-desired.js";
import type { RawCommand } from "./main.js";
import { createReadProgress } from "./progress.js";

/** What `plan` and `apply` get: the manifests, a connected client, the live state and the plan. */
export interface CliPlan extends PlannedSite {
  readonly desired: Desired;
  readonly client: CsmClient;
  readonly concurrency: number;
}

/** `--target` / `--exclude` as commander collected them (repeatable flags). */
export function selectionFlags(flags: RawCommand["flags"]): {
  target: string[];
  exclude: string[];
} {
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.map(String) : [];
  return { target: strings(flags.target), exclude: strings(flags.exclude) };
}

/** A `--target` / `--exclude` glob that matches nothing is most likely a typo: say so. */
export function warnUnmatched(patterns: readonly string[], io: CliIo): void {
  for (const pattern of patterns) {
    io.stderr.write(
      `warning: ${escapeForTerminal(JSON.stringify(pattern))} matches nothing in the plan\n`,
    );
  }
}

/**
 * Load the manifests (bad input: exit 1 before any request), connect, read the site with a
 * progress line on a terminal, and plan, honouring --target / --exclude.
 */
export async function planForCli(raw: RawCommand, io: CliIo): Promise<CliPlan> {
  const credentials = readCliCredentials(raw.flags, io);
  const { desired } = await loadDesiredForCli(
    raw.args,
    io,
    credentials.secrets,
  );
  const { client, concurrency } = await connectFromCli(raw.flags, io, {
    credentials,
  });
  const progress = createReadProgress(
    io.stderr,
    barsEnabled(io.stderr, io.env),
  );
  let planned: PlannedSite;
  try {
    planned = await planSite(client, desired, {
      now: new Date(),
      concurrency,
      ...selectionFlags(raw.flags),
      onProgress: progress.update,
    });
  } catch (error) {
    progress.stop();
    if (error instanceof ManifestError) writeIssues(error.issues, io);
    throw error;
  }
  progress.stop();
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
  warnUnmatched(planned.unmatched, io);
  return { ...planned, desired, client, concurrency };
}
