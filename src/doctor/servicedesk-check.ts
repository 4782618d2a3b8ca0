import type { ServiceDeskReadAccess } from "../api/servicedesk-types.js";
import { isOrgsyncError } from "../util/errors.js";
import type { DoctorCheck } from "./doctor-report.js";
import { attempt, failed, message } from "./first-call-checks.js";

/** The service desk API as the doctor sees it. */
export interface DoctorServiceDesk {
  /** Read-only; its `baseUrl` is undefined when no root is given or derived. */
  readonly access: ServiceDeskReadAccess;
  /**
   * True when the root was given (`--servicedesk-base-url` / `ORGSYNC_SERVICEDESK_BASE_URL`):
   * a failure then fails the doctor. A derived root's failure is only a warning, so a site or
   * token that never uses the service desk features keeps a passing doctor.
   */
  readonly explicit: boolean;
}

const FEATURES =
  "export --all, --show-unmanaged, customers and serviceDesks in manifests";

/**
 * Reads one page of one organization through the service desk API: it answers, accepts the
 * credentials, and lists some (an empty list on a site with organizations means the account is not an
 * agent). Not run when no root can be derived (information only).
 */
export async function serviceDeskCheck(
  serviceDesk: () => DoctorServiceDesk,
): Promise<DoctorCheck> {
  const found = await attempt(serviceDesk);
  if (!found.ok) return failed("servicedesk", found.error);
  const { access, explicit } = found.value;
  if (access.baseUrl === undefined)
    return {
      id: "servicedesk",
      status: "info",
      message: `not checked: no service desk API root can be derived from this connection; ${FEATURES} need one (--servicedesk-base-url / ORGSYNC_SERVICEDESK_BASE_URL)`,
    };
  const listed = await attempt(() =>
    access
      .client("the doctor's service desk check")
      .listOrganizations({ onePage: 1 }),
  );
  if (!listed.ok) {
    const hint = isOrgsyncError(listed.error) ? listed.error.hint : undefined;
    return {
      id: "servicedesk",
      status: explicit ? "fail" : "warn",
      message: message(listed.error),
      ...(hint === undefined ? {} : { fix: hint }),
    };
  }
  const call = `GET ${access.baseUrl}organization?limit=1`;
  if (listed.value.length === 0)
    return {
      id: "servicedesk",
      status: "warn",
      message: `${call} listed no organizations: if the site has any, the account is not a Jira Service Management agent (a customer sees only their own), and ${FEATURES} would see none`,
      fix: "use an agent's token (a Jira administrator's to delete organizations)",
    };
  return {
    id: "servicedesk",
    status: "ok",
    message: `${call}: organizations are listed (one page read)`,
  };
}
