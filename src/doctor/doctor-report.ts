/**
 * What `orgsync doctor` found, as data: one entry per check, in a fixed order. `--format json`
 * prints it as it is (the machine contract); the text renderer prints one line per check.
 */

/** The checks, in the order they run and are shown. */
export const DOCTOR_CHECKS = [
  "credentials",
  "site",
  "connection",
  "authentication",
  "detail-fields",
  "products",
  "profiles",
  "experimental-header",
  "servicedesk",
  "rate-limit",
  "clock",
] as const;

/** A check's id. */
export type DoctorCheckId = (typeof DOCTOR_CHECKS)[number];

/**
 * - `ok`: works as orgsync needs.
 * - `fail`: orgsync cannot work until it is fixed (`fix` says how); makes the exit code 1.
 * - `skip`: not run, because a check it depends on failed (`message` names it).
 * - `info`: a fact worth knowing that never fails (the experimental header, rate-limit headers).
 * - `warn`: something to look at that does not stop orgsync (a skewed clock).
 */
export type DoctorStatus = "ok" | "fail" | "skip" | "info" | "warn";

/** One check's outcome. */
export interface DoctorCheck {
  readonly id: DoctorCheckId;
  readonly status: DoctorStatus;
  /** What was found, in one line. Never a credential. */
  readonly message: string;
  /** On `fail` and `warn`: the next thing to try. */
  readonly fix?: string;
}

/** The whole report. */
export interface DoctorReport {
  readonly formatVersion: 1;
  /** True when no check failed: everything orgsync needs works. */
  readonly ok: boolean;
  /** The API root checked, when one could be worked out. */
  readonly baseUrl: string | null;
  readonly checks: readonly DoctorCheck[];
}

/** Puts the checks in their fixed order and works out `ok`. */
export function doctorReport(
  baseUrl: string | null,
  checks: readonly DoctorCheck[],
): DoctorReport {
  const ordered = [...checks].sort(
    (a, b) => DOCTOR_CHECKS.indexOf(a.id) - DOCTOR_CHECKS.indexOf(b.id),
  );
  return {
    formatVersion: 1,
    ok: ordered.every((check) => check.status !== "fail"),
    baseUrl,
    checks: ordered,
  };
}
