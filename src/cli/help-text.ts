/*
 * What each command's `--help` says after its options: where the site and the credentials
 * come from (for the commands that connect), the output conventions, and the exit codes.
 */

/** For each command that connects (docs/connection.md). */
export const CONNECTION_HELP = `
Site and credentials (from the environment; tokens never come from a flag):
  ORGSYNC_BASE_URL                   the whole API root (or --base-url)
  ORGSYNC_CLOUD_ID                   the site's cloud id (or --cloud-id, or --site NAME)
  ORGSYNC_SERVICEDESK_BASE_URL       the service desk API root, if not derived (docs/servicedesk.md)
  ORGSYNC_TOKEN_FILE                 a file holding the token (or --token-file)
  ORGSYNC_TOKEN                      an OAuth 2.0 access token, sent as Bearer
  ORGSYNC_EMAIL + ORGSYNC_API_TOKEN  an account's email and API token, sent as Basic
The first of the token sources found, in that order, is used (docs/connection.md).`;

const OUTPUT_HELP = `Output: NO_COLOR=1 or --no-color turns colours and progress bars off; FORCE_COLOR=1 keeps
colours on in a pipe. ORGSYNC_NO_UNCONFIRMED_WARNING=1 silences the warning about field types
Atlassian does not confirm (NUMBER, URL).`;

const EMULATOR_HELP = `Credentials: ORGSYNC_EMULATOR_TOKEN (or --token-file) is the only token the emulator accepts;
without either, any Authorization header is accepted. Ctrl-C or SIGTERM stops it.`;

const FAILED = "bad input, an API failure or a refusal (the error says which)";

/** Each command's exit codes (DESIGN.md: 0 ok, 1 error, 2 changes, 130 interrupted). */
const EXIT_CODES = {
  validate: [
    [0, "the manifests are valid"],
    [1, "a problem in the manifests (each one located), or bad input"],
  ],
  plan: [
    [0, "planned (no changes, or changes without --detailed-exitcode)"],
    [1, FAILED],
    [2, "changes planned (only with --detailed-exitcode)"],
  ],
  apply: [
    [0, "every change applied (or nothing to do)"],
    [1, `a change failed, or ${FAILED}`],
    [130, "interrupted (Ctrl-C or SIGTERM), after the report of what was done"],
  ],
  drift: [
    [0, "the site matches the manifests (or every difference is acknowledged)"],
    [1, FAILED],
    [2, "the site drifted from the manifests"],
  ],
  export: [
    [0, "exported"],
    [1, FAILED],
  ],
  doctor: [
    [0, "every check passed"],
    [1, "a check failed (each says its fix), or bad input"],
  ],
  emulator: [
    [0, "stopped"],
    [1, "bad input (a seed file, a port in use)"],
  ],
  demo: [
    [0, "the demo ran: planned, applied, nothing left"],
    [1, "a step failed"],
  ],
} as const satisfies Record<string, readonly (readonly [number, string])[]>;

/** A command's help after its options: the output conventions and its exit codes. */
export function commandHelp(command: keyof typeof EXIT_CODES): string {
  const codes = EXIT_CODES[command]
    .map(([code, meaning]) => `  ${String(code).padEnd(5)}${meaning}`)
    .join("\n");
  const sections = [
    ...(command === "emulator" ? [EMULATOR_HELP] : []),
    OUTPUT_HELP,
    `Exit codes:\n${codes}`,
  ];
  return `\n${sections.join("\n\n")}`;
}
