import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { readOnlyClient } from "../../api/read-only-client.js";
import {
  exportManifests,
  OrganizationsNotFoundError,
  parseNameList,
  readExportSource,
  writeExportFiles,
  type SchemaRef,
} from "../../export/index.js";
import { UsageError } from "../../model/index.js";
import { escapeForTerminal } from "../../util/escape.js";
import { connectFromCli, readCliCredentials } from "../connection.js";
import { EXIT, type CliIo } from "../io.js";
import type { RawCommand } from "../main.js";
import { refuseSecretData } from "../../util/refuse-secret-data.js";

/** orgsync's own manifest schema, wherever this copy of orgsync is installed. */
const SCHEMA_FILE = fileURLToPath(
  new URL("../../../schema/orgsync.schema.json", import.meta.url),
);

/** Where the modeline points when orgsync's schema is not inside the working directory. */
export const PUBLISHED_SCHEMA_URL =
  "https://unpkg.com/orgsync/schema/orgsync.schema.json";

/**
 * `orgsync export`: manifests from the live site, for the organizations named with `--org`
 * and `--from-file` (the CSM API cannot list them all) and every detail field. Reads only,
 * through the same read-only view of the client as drift. Writes nothing unless every named
 * organization was found.
 */
export async function runExport(raw: RawCommand, io: CliIo): Promise<number> {
  const fieldsOnly = raw.flags.fieldsOnly === true;
  const names = await namesFromFlags(raw.flags, io);
  if (fieldsOnly && names.length > 0) {
    throw new UsageError(
      "--fields-only exports no organizations, but organizations were named",
      { hint: "drop --fields-only, or drop --org and --from-file" },
    );
  }
  if (!fieldsOnly && names.length === 0) {
    throw new UsageError(
      "name the organizations to export: the CSM API has no call that lists every organization",
      {
        hint: "use --org NAME (repeatable) or --from-file NAMES.txt (one name a line), or --fields-only for the detail fields alone",
      },
    );
  }
  const outFlag = typeof raw.flags.out === "string" ? raw.flags.out : "orgsync";
  const out = resolve(io.cwd, outFlag);

  const credentials = readCliCredentials(raw.flags, io);
  const { client, concurrency } = await connectFromCli(raw.flags, io, {
    credentials,
  });
  const read = await readExportSource(readOnlyClient(client), {
    names,
    fieldsOnly,
    concurrency,
    ...(io.signals ? { signal: io.signals.abort } : {}),
  });
  if (read.missing.length > 0) {
    // The error names the first 20; a longer list is printed whole, one name a line.
    if (read.missing.length > 20) {
      for (const name of read.missing) {
        io.stderr.write(
          `not found: ${escapeForTerminal(JSON.stringify(name))}\n`,
        );
      }
    }
    throw new OrganizationsNotFoundError(read.missing);
  }

  const result = exportManifests(read.source, {
    schema: schemaRef(out, io.cwd),
    fieldsOnly,
  });
  for (const warning of result.warnings) {
    io.stderr.write(`warning: ${escapeForTerminal(warning)}\n`);
  }
  // Exported manifests are data: never redacted, so a file that would hold the token is refused.
  refuseSecretData(
    result.files.map((file) => ({ address: file.path, value: file.text })),
    credentials.secrets,
    "export",
  );
  const summary = await writeExportFiles(out, result.files);
  const organizations = result.files.length - 1;
  io.stdout.write(
    `Exported ${read.source.fields.length} detail field(s)${fieldsOnly ? "" : ` and ${organizations} organization(s)`} to ${escapeForTerminal(outFlag)}: ${summary.written.length} file(s) written, ${summary.unchanged.length} unchanged.\n`,
  );
  return EXIT.ok;
}

async function namesFromFlags(
  flags: RawCommand["flags"],
  io: CliIo,
): Promise<string[]> {
  const names = Array.isArray(flags.org)
    ? flags.org.filter((name): name is string => typeof name === "string")
    : [];
  const fromFile = flags.fromFile;
  if (typeof fromFile === "string") {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, fromFile), "utf8");
    } catch (error) {
      throw new UsageError(
        `cannot read --from-file ${fromFile}: ${(error as Error).message}`,
        {
          cause: error,
          hint: "give a text file with one organization name a line",
        },
      );
    }
    names.push(...parseNameList(text));
  }
  return names.filter((name) => name.trim() !== "");
}

/**
 * The modeline's target, relative to the output directory: the project's
 * `node_modules/orgsync` schema (the README's install; it resolves in every checkout that
 * runs `npm install`), else this copy's schema when it lies inside the working directory;
 * else the published URL, since a path into a global install would not exist on a
 * colleague's machine.
 */
function schemaRef(out: string, cwd: string): SchemaRef {
  // `npm install --save-dev /path/to/orgsync` links a checkout here: this copy's real path
  // lies outside the project, but the link resolves in every checkout that installs it.
  const linked = resolve(
    cwd,
    "node_modules/orgsync/schema/orgsync.schema.json",
  );
  if (existsSync(linked)) {
    return { path: relative(out, linked).split(sep).join("/") };
  }
  const fromCwd = relative(resolve(cwd), SCHEMA_FILE);
  if (fromCwd.startsWith(`..${sep}`) || isAbsolute(fromCwd)) {
    return { url: PUBLISHED_SCHEMA_URL };
  }
  return { path: relative(out, SCHEMA_FILE).split(sep).join("/") };
}
