import type { CliIo } from "../io.js";
import type { RawCommand } from "../main.js";
import { notYetBuilt } from "./not-yet-built.js";

/** `orgsync export`. */
export function runExport(_raw: RawCommand, _io: CliIo): Promise<number> {
  return Promise.reject(notYetBuilt("export"));
}
