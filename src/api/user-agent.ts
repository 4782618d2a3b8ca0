import { ORGSYNC_VERSION } from "../version.js";

/** `orgsync/0.1.0 (node v20.19.0)`: names orgsync and its version, as Atlassian asks. */
export function defaultUserAgent(): string {
  return `orgsync/${ORGSYNC_VERSION} (node ${process.version})`;
}
