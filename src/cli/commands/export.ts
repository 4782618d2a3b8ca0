import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import {
  readOnlyClient,
  readOnlyServiceDesk,
} from "../../api/read-only-client.js";
import type { ServiceDeskReader } from "../../api/servicedesk-types.js";
import { readListed } from "../../live/index.js";
import {
  declaredInOutput,
  entityFieldsFile,
  exportManifests,
  fieldKey,
  FIELDS_FILE,
  ORGANIZATIONS_DIR,
  organizationFileNames,
  OrganizationsNotFoundError,
  parseNameList,
  readExportSource,
  writeExportFiles,
  type Declaration,
  type ExportSource,
  type SchemaRef,
} from "../../export/index.js";
import { nameKey, OTHER_ENTITIES } from "../../model/index.js";
import { UsageError } from "../../util/errors.js";
import { escapeForTerminal } from "../../util/escape.js";
import { refuseSecretData } from "../../util/refuse-secret-data.js";
import {
  connectFromCli,
  readCliCredentials,
  type ConnectionFlags,
} from "../connection.js";
import { EXIT, type CliIo, type CommandResult } from "../io.js";
import { plural } from "../../util/plural.js";

/** orgsync's own manifest schema, wherever this copy of orgsync is installed. */
const SCHEMA_FILE = fileURLToPath(
  new URL("../../../schema/orgsync.schema.json", import.meta.url),
);

/** Where the modeline points when orgsync's schema is not inside the working directory. */
export const PUBLISHED_SCHEMA_URL =
  "https://unpkg.com/orgsync/schema/orgsync.schema.json";

/** `orgsync export` as commander parsed it. */
export interface ExportOptions extends ConnectionFlags {
  /** The directory to write into. */
  readonly out: string;
  /** `--org NAME`, repeatable. */
  readonly org?: readonly string[] | undefined;
  /** A file of organization names, one a line. */
  readonly fromFile?: string | undefined;
  readonly fieldsOnly?: true | undefined;
  /** Every organization on the site, listed through the service desk API. */
  readonly all?: true | undefined;
  /** Overwrite files in `out` whose content differs from what export writes. */
  readonly force?: true | undefined;
}

/**
 * `orgsync export`: manifests from the live site, for the organizations named with `--org`
 * and `--from-file`, or with `--all` every organization the service desk API lists (the CSM
 * API cannot list them), and every detail field. Reads only,
 * through the same read-only view of the client as drift. Writes nothing unless every named
 * organization was found.
 */
export async function runExport(
  options: ExportOptions,
  io: CliIo,
): Promise<CommandResult> {
  const fieldsOnly = options.fieldsOnly === true;
  const names = await namesFromFlags(options, io);
  if (fieldsOnly && names.length > 0) {
    throw new UsageError(
      "--fields-only exports no organizations, but organizations were named",
      { hint: "drop --fields-only, or drop --org and --from-file" },
    );
  }
  const all = options.all === true;
  if (all && (fieldsOnly || names.length > 0)) {
    throw new UsageError(
      "--all exports every organization, so it takes no --org, --from-file or --fields-only",
      { hint: "drop --all, or the other flags" },
    );
  }
  if (!all && !fieldsOnly && names.length === 0) {
    throw new UsageError(
      "name the organizations to export, or give --all: the CSM API has no call that lists every organization",
      {
        hint: "use --org NAME (repeatable) or --from-file NAMES.txt (one name a line), --all (through the service desk API), or --fields-only for the detail fields alone",
      },
    );
  }
  const out = resolve(io.cwd, options.out);

  const credentials = readCliCredentials(options, io);
  const { client, concurrency, serviceDesk } = await connectFromCli(
    options,
    io,
    { credentials },
  );
  const ids = all
    ? await listedIds(
        readOnlyServiceDesk(serviceDesk).client("export --all"),
        io,
      )
    : [];
  const read = await readExportSource(readOnlyClient(client), {
    names,
    ids,
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

  const { source, skipped } = await withoutDeclaredElsewhere(read.source, out);
  for (const { what, file } of skipped) {
    io.stderr.write(
      `skipped ${escapeForTerminal(what)}: ${escapeForTerminal(file)} in the output directory already declares it\n`,
    );
  }
  const result = exportManifests(source, {
    schema: schemaRef(out, io.cwd),
    fieldsOnly,
    // A skipped organization still counts for file names: the others keep their files.
    fileNamesAmong: read.source.organizations.map((o) => o.name),
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
  const summary = await writeExportFiles(out, result.files, {
    force: options.force === true,
  });
  const organizations = result.files.filter((file) =>
    file.path.startsWith(`${ORGANIZATIONS_DIR}/`),
  ).length;
  // Detail fields of every entity: organization, entitlement and customer.
  const fields = [source.fields, ...Object.values(source.entityFields ?? {})]
    .map((list) => list.length)
    .reduce((a, b) => a + b);
  return {
    exitCode: EXIT.ok,
    output: `Exported ${plural(fields, "detail field")}${fieldsOnly ? "" : ` and ${plural(organizations, "organization")}`} to ${escapeForTerminal(options.out)}: ${plural(summary.written.length, "file")} written, ${summary.unchanged.length.toLocaleString("en-US")} unchanged.\n`,
  };
}

/** Every organization's id, through the service desk API; an empty list is said on stderr. */
async function listedIds(
  reader: ServiceDeskReader,
  io: CliIo,
): Promise<string[]> {
  const listed = await readListed(
    reader,
    io.signals ? { signal: io.signals.abort } : {},
  );
  if (listed.length === 0) {
    io.stderr.write(
      `warning: the service desk API (${escapeForTerminal(reader.baseUrl)}) lists no organization: if the site has some, the account is not an agent (a customer sees only its own organizations)\n`,
    );
  }
  return listed.map((o) => o.id);
}

async function namesFromFlags(
  options: ExportOptions,
  io: CliIo,
): Promise<string[]> {
  const names = [...(options.org ?? [])];
  const fromFile = options.fromFile;
  if (fromFile !== undefined) {
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

/**
 * What to export, less the organizations and fields that a manifest already in `out`
 * declares in a file other than the one export would write for them: a second declaration
 * would make the directory invalid (docs/export.md). Export's own earlier output is not
 * "elsewhere".
 */
async function withoutDeclaredElsewhere(
  source: ExportSource,
  out: string,
): Promise<{ source: ExportSource; skipped: Skipped[] }> {
  const declared = await declaredInOutput(out);
  const skipped: Skipped[] = [];
  const elsewhere = (
    found: Declaration | undefined,
    own: string,
    what: string,
  ): boolean => {
    if (found === undefined || found.file === own) return false;
    skipped.push({ what, file: found.file });
    return true;
  };
  const fields = source.fields.filter(
    (field) =>
      !elsewhere(
        declared.fields.get(nameKey(field.name)),
        FIELDS_FILE,
        `field ${JSON.stringify(field.name)}`,
      ),
  );
  // Entitlement and customer fields likewise, each entity in its own name space.
  const entityFields = Object.fromEntries(
    OTHER_ENTITIES.map((entity) => [
      entity,
      (source.entityFields?.[entity] ?? []).filter(
        (field) =>
          !elsewhere(
            declared.fields.get(fieldKey(entity, field.name)),
            entityFieldsFile(entity),
            `${entity} field ${JSON.stringify(field.name)}`,
          ),
      ),
    ]),
  );
  const stems = organizationFileNames(source.organizations.map((o) => o.name));
  const organizations = source.organizations.filter(
    (organization) =>
      !elsewhere(
        declared.organizations.get(nameKey(organization.name)) ??
          // Renamed by hand since: the file that declares its id holds it.
          declared.organizationIds.get(organization.id),
        `${ORGANIZATIONS_DIR}/${stems.get(organization.name)!}.yaml`,
        JSON.stringify(organization.name),
      ),
  );
  return {
    source: { ...source, fields, entityFields, organizations },
    skipped,
  };
}

/** Something export leaves out because another file in `--out` declares it. */
interface Skipped {
  /** `"Acme Corp"` for an organization, `field "Region"` for a field. */
  readonly what: string;
  readonly file: string;
}
