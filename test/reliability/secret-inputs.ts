/**
 * Ways a secret could come in through input rather than through the credentials: a base URL
 * carrying user info, and manifests interpolating a credential. Part of the secret sweep
 * (secret-sweep.ts); returns what each run printed and wrote, for the caller to check.
 */
import { chmodSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { main } from "../../src/cli/main.js";
import {
  EMAIL,
  MANIFEST,
  SENTINEL,
  filesUnder,
  type SweepSites,
} from "./secret-sweep.js";

/** A secret of the CI environment that is not orgsync's (a job token). */
export const OTHER_SECRET = "glcbt-OTHER-SECRET-7d41c0ffee99";

/** One command run in-process in `dir` with exactly this environment. */
async function runIn(
  dir: string,
  argv: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env,
    cwd: dir,
  });
  return { code, stdout, stderr };
}

/**
 * Paths by which a secret could enter through input rather than the credentials: a base URL
 * carrying user info (flag or environment), and manifests that interpolate the credential
 * variables, another variable (not ORGSYNC_VAR_*), or an ORGSYNC_VAR_* variable whose value
 * holds the token from any credential source. Each must be refused (exit 1) without the
 * secret in the output. Returns `[label, code, output]` per run.
 */
export async function hostileInputs(
  sites: SweepSites,
): Promise<{ label: string; code: number; output: string }[]> {
  const dir = await mkdtemp(join(tmpdir(), "orgsync-secrets-"));
  const out: { label: string; code: number; output: string }[] = [];
  try {
    const withUser = `https://${encodeURIComponent(EMAIL)}:${SENTINEL}@proxy.example/api/v1/`;
    const tokenOnly = `https://${SENTINEL}@proxy.example/api/v1/`;
    await writeFile(join(dir, "site.yaml"), MANIFEST);
    const env = { ORGSYNC_TOKEN: SENTINEL };
    const runs: [string, string[], Record<string, string>][] = [
      [
        "--base-url user:password@",
        ["plan", "site.yaml", "--base-url", withUser],
        env,
      ],
      [
        "--base-url token@",
        ["drift", "site.yaml", "--base-url", tokenOnly, "--debug"],
        env,
      ],
      [
        "ORGSYNC_BASE_URL user:password@",
        ["apply", "site.yaml", "--auto-approve"],
        { ...env, ORGSYNC_BASE_URL: withUser },
      ],
      [
        "export ORGSYNC_BASE_URL token@",
        ["export", "--org", "Acme"],
        { ...env, ORGSYNC_BASE_URL: tokenOnly },
      ],
    ];
    // Issue 13, finding 2: a manifest reads only ORGSYNC_VAR_* variables, and none whose value
    // holds a token orgsync holds, whichever source the token came from.
    await writeFile(join(dir, "token.txt"), `${SENTINEL}\n`);
    chmodSync(join(dir, "token.txt"), 0o600);
    const base = { ORGSYNC_BASE_URL: sites.good.baseUrl };
    const held = { ORGSYNC_VAR_SECRETS_JSON: `{"orgsync":"${SENTINEL}"}` };
    const leaks: [string, string, Record<string, string>, string[]][] = [
      ["${ORGSYNC_TOKEN}", "ORGSYNC_TOKEN", { ORGSYNC_TOKEN: SENTINEL }, []],
      [
        "${ORGSYNC_API_TOKEN}",
        "ORGSYNC_API_TOKEN",
        { ORGSYNC_EMAIL: EMAIL, ORGSYNC_API_TOKEN: SENTINEL },
        [],
      ],
      [
        "${ATLASSIAN_TOKEN} (holds the same secret)",
        "ATLASSIAN_TOKEN",
        { ORGSYNC_TOKEN: SENTINEL, ATLASSIAN_TOKEN: SENTINEL },
        [],
      ],
      [
        "${CI_JOB_TOKEN} (another secret)",
        "CI_JOB_TOKEN",
        { ORGSYNC_TOKEN: SENTINEL, CI_JOB_TOKEN: OTHER_SECRET },
        [],
      ],
      [
        "${ORGSYNC_GITLAB_TOKEN} (another secret)",
        "ORGSYNC_GITLAB_TOKEN",
        { ORGSYNC_TOKEN: SENTINEL, ORGSYNC_GITLAB_TOKEN: OTHER_SECRET },
        [],
      ],
      ...(
        [
          ["ORGSYNC_TOKEN", { ORGSYNC_TOKEN: SENTINEL }, []],
          [
            "ORGSYNC_API_TOKEN",
            { ORGSYNC_EMAIL: EMAIL, ORGSYNC_API_TOKEN: SENTINEL },
            [],
          ],
          ["--token-file", {}, ["--token-file", "token.txt"]],
          [
            "ORGSYNC_TOKEN_FILE",
            { ORGSYNC_EMAIL: EMAIL, ORGSYNC_TOKEN_FILE: "token.txt" },
            [],
          ],
        ] as const
      ).map(
        ([source, env, flags]): [
          string,
          string,
          Record<string, string>,
          string[],
        ] => [
          `\${ORGSYNC_VAR_SECRETS_JSON} holding the ${source} token`,
          "ORGSYNC_VAR_SECRETS_JSON",
          { ...env, ...held },
          [...flags],
        ],
      ),
    ];
    for (const [name, variable, leakEnv, flags] of leaks) {
      const file = `leak-${runs.length}.yaml`;
      await writeFile(
        join(dir, file),
        `apiVersion: orgsync/v1\nkind: DetailFields\nfields:\n  - { name: Notes, type: TEXT }\n---\napiVersion: orgsync/v1\nkind: Organization\nname: Acme\ndetails:\n  Notes: "token \${${variable}}"\n`,
      );
      const env = { ...base, ...leakEnv };
      runs.push([`validate ${name}`, ["validate", file, ...flags], env]);
      runs.push([
        `plan ${name}`,
        ["plan", file, "--format", "json", "--out", "leak.json", ...flags],
        env,
      ]);
    }
    for (const [label, argv, runEnv] of runs) {
      const run = await runIn(dir, argv, runEnv);
      const files = filesUnder(dir)
        .filter((p) => !p.endsWith(".yaml") && !p.endsWith("token.txt"))
        .map((p) => readFileSync(p, "utf8"));
      out.push({
        label,
        code: run.code,
        output: [run.stdout, run.stderr, ...files].join("\n"),
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}
