import type { CliIo } from "../io.js";
import type { RawCommand } from "../main.js";
import { notYetBuilt } from "./not-yet-built.js";

/** `orgsync plan`. */
export function runPlan(_raw: RawCommand, _io: CliIo): Promise<number> {
  return Promise.reject(notYetBuilt("plan"));
}
