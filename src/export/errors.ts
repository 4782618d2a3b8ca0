import { OrgsyncError } from "../util/errors.js";

/**
 * Organizations asked for by name that the site does not have. Nothing is written: a partial
 * export would look complete in a review.
 */
export class OrganizationsNotFoundError extends OrgsyncError {
  /** The names as given, in the order given. */
  readonly names: readonly string[];

  constructor(names: readonly string[], options: { cause?: unknown } = {}) {
    const shown = names
      .slice(0, 20)
      .map((name) => JSON.stringify(name))
      .join(", ");
    const more = names.length > 20 ? ` and ${names.length - 20} more` : "";
    super(
      "E_EXPORT_NOT_FOUND",
      `${names.length} organization${names.length === 1 ? "" : "s"} not found on the site: ${shown}${more}; nothing was written`,
      {
        ...options,
        hint: "check the spelling (names compare case-insensitively), or remove them from --org / --from-file",
      },
    );
    this.names = names;
  }
}

/** A file export would write resolves outside the output directory (or could not be written). */
export class ExportWriteError extends OrgsyncError {
  /** The path that was refused or failed. */
  readonly path: string;

  constructor(
    code: "E_EXPORT_PATH" | "E_EXPORT_WRITE" | "E_EXPORT_CLOBBER",
    path: string,
    message: string,
    options: { cause?: unknown; hint?: string } = {},
  ) {
    super(code, message, options);
    this.path = path;
  }
}
