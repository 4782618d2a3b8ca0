/**
 * Ways a secret could come in through input rather than through the credentials: a base URL
 * carrying user info, and manifests interpolating a credential. Part of the secret sweep
 * (secret-sweep.ts); returns what each run printed and wrote, for the caller to check.
 */
import { readFileSync } from "node:fs";
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
 * variables or another variable holding the same secret. Each must be refused (exit 1)
 * without the secret in the output. Returns `[label, code, output]` per run.
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
    for (const [name, variable] of [
      ["${ORGSYNC_TOKEN}", "ORGSYNC_TOKEN"],
      ["${ORGSYNC_API_TOKEN}", "ORGSYNC_API_TOKEN"],
      ["${ATLASSIAN_TOKEN} (holds the same secret)", "ATLASSIAN_TOKEN"],
    ] as const) {
      const file = `leak-${variable}.yaml`;
      await writeFile(
        join(dir, file),
        `apiVersion: orgsync/v1\nkind: DetailFields\nfields:\n  - { name: Notes, type: TEXT }\n---\napiVersion: orgsync/v1\nkind: Organization\nname: Acme\ndetails:\n  Notes: "token \${${variable}}"\n`,
      );
      const leakEnv = {
        ORGSYNC_EMAIL: EMAIL,
        ORGSYNC_API_TOKEN: SENTINEL,
        ATLASSIAN_TOKEN: SENTINEL,
        ORGSYNC_BASE_URL: sites.good.baseUrl,
      };
      runs.push([`validate ${name}`, ["validate", file], leakEnv]);
      runs.push([
        `plan ${name}`,
        ["plan", file, "--format", "json", "--out", "leak.json"],
        leakEnv,
      ]);
    }
    for (const [label, argv, runEnv] of runs) {
      const run = await runIn(dir, argv, runEnv);
      const files = filesUnder(dir)
        .filter((p) => !p.endsWith(".yaml"))
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
