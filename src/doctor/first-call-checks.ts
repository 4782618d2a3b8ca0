import { ApiError, NetworkError, ResponseShapeError } from "../api/errors.js";
import { isOrgsyncError } from "../util/errors.js";
import type { DoctorCheck, DoctorCheckId } from "./doctor-report.js";
import { plural } from "../util/plural.js";

const ROOT_EXAMPLE =
  "https://api.atlassian.com/jsm/csm/cloudid/CLOUD_ID/api/v1/ (or the ORGSYNC_BASE_URL=… line `orgsync emulator` prints)";

/** What a step gave: its value, or what it threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs a step, keeping what it threw instead of throwing it. */
export async function attempt<T>(
  run: () => T | Promise<T>,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** An error's message, or the text itself. */
export const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** A failed check: the error's message, and `fix` or else the error's hint. */
export function failed(
  id: DoctorCheckId,
  error: unknown,
  fix?: string,
): DoctorCheck {
  const hint = isOrgsyncError(error) ? error.hint : undefined;
  const next = fix ?? hint;
  return {
    id,
    status: "fail",
    message: message(error),
    ...(next === undefined ? {} : { fix: next }),
  };
}

/** A check not run because `because` did not pass. */
export const skipped = (
  id: DoctorCheckId,
  because: DoctorCheckId,
): DoctorCheck => ({
  id,
  status: "skip",
  message: `skipped: needs ${because}`,
});

/** The connection, authentication and detail-field checks, from the first call's outcome. */
export function firstCallChecks(
  fields: Outcome<unknown[]>,
  haveCredentials: boolean,
): DoctorCheck[] {
  const call = "GET organization/details";
  const connected: DoctorCheck = {
    id: "connection",
    status: "ok",
    message: `the API answered ${call}`,
  };
  const authOk: DoctorCheck = haveCredentials
    ? {
        id: "authentication",
        status: "ok",
        message: "the site accepted the credentials",
      }
    : skipped("authentication", "credentials");
  if (fields.ok)
    return [
      connected,
      authOk,
      haveCredentials
        ? {
            id: "detail-fields",
            status: "ok",
            message: `${call}: ${plural(fields.value.length, "field")}, in a shape orgsync reads`,
          }
        : skipped("detail-fields", "credentials"),
    ];
  const error = fields.error;
  const unconnected = [
    skipped("authentication", haveCredentials ? "connection" : "credentials"),
    skipped("detail-fields", "connection"),
  ];
  if (error instanceof NetworkError)
    return [
      failed(
        "connection",
        error,
        error.kind === "timeout"
          ? "the API did not answer in time: check the network or a proxy, or raise --timeout"
          : "check that the site (or the emulator) is running and that the base URL's host and port are right",
      ),
      ...unconnected,
    ];
  if (
    error instanceof ApiError &&
    (error.status === 404 ||
      error.status === 405 ||
      (error.status >= 300 && error.status < 400))
  )
    return [
      failed(
        "connection",
        `${call} answered ${error.status}: the base URL is not the CSM API root`,
        `give the API root, ending in /api/v1/, e.g. ${ROOT_EXAMPLE}`,
      ),
      ...unconnected,
    ];
  if (
    error instanceof ApiError &&
    (error.status === 401 || error.status === 403)
  ) {
    if (!haveCredentials)
      return [connected, authOk, skipped("detail-fields", "credentials")];
    return [
      connected,
      failed(
        "authentication",
        error.status === 401
          ? `the site refused the credentials (${call} answered 401)`
          : `the account may not read organizations (${call} answered 403)`,
        error.hint,
      ),
      skipped("detail-fields", "authentication"),
    ];
  }
  if (error instanceof ResponseShapeError)
    return [connected, authOk, failed("detail-fields", error)];
  return [
    connected,
    {
      id: "authentication",
      status: "skip",
      message: `skipped: ${call} failed before the credentials could be judged`,
    },
    failed("detail-fields", error),
  ];
}
