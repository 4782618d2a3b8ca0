import { Credentials } from "../api/credentials.js";
import { ApiError } from "../api/errors.js";
import type { LoadedCredentials } from "../api/load-credentials.js";
import type {
  ExchangeRecorder,
  RecordedExchange,
} from "../api/record-exchange.js";
import type { CsmReader } from "../api/types.js";
import { readProducts } from "../live/read-products.js";
import { clockCheck, rateLimitCheck } from "./answer-checks.js";
import {
  serviceDeskCheck,
  type DoctorServiceDesk,
} from "./servicedesk-check.js";
import {
  attempt,
  failed,
  firstCallChecks,
  message,
  skipped,
} from "./first-call-checks.js";
import {
  DOCTOR_CHECKS,
  doctorReport,
  type DoctorCheck,
  type DoctorCheckId,
  type DoctorReport,
} from "./doctor-report.js";
import { plural } from "../util/plural.js";

/** What the doctor works from; each step may throw, and the doctor reports it. */
export interface DoctorInput {
  /** Finds the credentials; throws (an OrgsyncError with a hint) when there are none. */
  readonly credentials: () => LoadedCredentials;
  /** The API root; throws when the site cannot be named or its cloud id looked up. */
  readonly baseUrl: () => Promise<string>;
  /** How the site was named, when its cloud id was looked up (`acme.atlassian.net`). */
  readonly site?: string;
  /**
   * A client of `baseUrl` with these credentials that hands every exchange to `onExchange`;
   * `experimentalHeader: false` leaves out `X-ExperimentalApi` (the header probe).
   */
  readonly connect: (options: {
    baseUrl: string;
    credentials: Credentials;
    onExchange: ExchangeRecorder;
    experimentalHeader: boolean;
  }) => CsmReader;
  /**
   * The service desk API for the API root and credentials found (docs/servicedesk.md); may
   * throw (a bad `--servicedesk-base-url`). Without it, there is no service desk check.
   */
  readonly serviceDesk?: (
    baseUrl: string,
    credentials: Credentials,
  ) => DoctorServiceDesk;
  /** A name no organization is likely to have, for the profile fetch. */
  readonly probeName?: string;
}

/** The Bearer token sent when none was found, only to tell whether the site answers at all. */
const PLACEHOLDER = "orgsync-doctor-no-credentials";

/**
 * Checks, read-only, that orgsync can work with a site: the credentials and the site are
 * found, the API answers and accepts the credentials, each read call orgsync makes answers
 * in a shape it understands; and reports whether the experimental header is still needed,
 * the rate-limit headers and the clock skew. Only GETs and the read-only fetch POSTs are
 * sent. A check whose prerequisite failed is skipped; the others still run.
 */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const creds = await attempt(input.credentials);
  checks.push(
    creds.ok
      ? {
          id: "credentials",
          status: "ok",
          message: `found (${creds.value.source})`,
        }
      : failed("credentials", creds.error),
  );
  const site = await attempt(input.baseUrl);
  if (!site.ok) {
    checks.push(failed("site", site.error));
    for (const id of DOCTOR_CHECKS.slice(DOCTOR_CHECKS.indexOf("site") + 1))
      if (id !== "servicedesk" || input.serviceDesk !== undefined)
        checks.push(skipped(id, "site"));
    return doctorReport(null, checks);
  }
  const baseUrl = site.value;
  checks.push({
    id: "site",
    status: "ok",
    message: siteMessage(baseUrl, input.site),
  });

  const exchanges: RecordedExchange[] = [];
  const connect = (experimentalHeader: boolean): CsmReader =>
    input.connect({
      baseUrl,
      credentials: creds.ok
        ? creds.value.credentials
        : Credentials.bearer(PLACEHOLDER),
      onExchange: (e) => exchanges.push(e),
      experimentalHeader,
    });
  const client = connect(true);
  const fields = await attempt(() => client.listDetailFields());
  const first = firstCallChecks(fields, creds.ok);
  checks.push(...first);
  const authenticated = first.some(
    (c) => c.id === "authentication" && c.status === "ok",
  );

  if (authenticated) {
    const probe =
      input.probeName ?? "orgsync doctor probe (not an organization)";
    const products = await attempt(() => productPages(client));
    checks.push(
      products.ok
        ? {
            id: "products",
            status: "ok",
            message: `GET product: ${plural(products.value.products, "product")} on ${plural(products.value.pages, "page")}`,
          }
        : failed("products", products.error),
    );
    const profiles = await attempt(() =>
      client.fetchProfiles({ organizationNames: [probe] }),
    );
    checks.push(
      profiles.ok
        ? {
            id: "profiles",
            status: "ok",
            message: `POST organization/profile/fetch of a name that does not exist: answered ${plural(profiles.value.length, "profile")}`,
          }
        : failed("profiles", profiles.error),
    );
    checks.push(await experimentalHeaderCheck(connect(false), probe));
  } else {
    const because = firstProblem(checks);
    for (const id of ["products", "profiles", "experimental-header"] as const)
      checks.push(skipped(id, because));
  }

  const { serviceDesk } = input;
  if (serviceDesk !== undefined)
    checks.push(
      creds.ok
        ? await serviceDeskCheck(() =>
            serviceDesk(baseUrl, creds.value.credentials),
          )
        : skipped("servicedesk", "credentials"),
    );

  if (exchanges.some((e) => e.status !== null)) {
    checks.push(rateLimitCheck(exchanges), clockCheck(exchanges));
  } else {
    checks.push(
      skipped("rate-limit", "connection"),
      skipped("clock", "connection"),
    );
  }
  return doctorReport(baseUrl, checks);
}

/** The check that stopped the reads: the first of the chain that did not pass. */
function firstProblem(checks: readonly DoctorCheck[]): DoctorCheckId {
  const chain = ["credentials", "connection", "authentication"] as const;
  return (
    chain.find((id) => checks.some((c) => c.id === id && c.status !== "ok")) ??
    "authentication"
  );
}

function siteMessage(baseUrl: string, site: string | undefined): string {
  const cloudId = /\/cloudid\/([^/]+)\//.exec(baseUrl)?.[1];
  if (site !== undefined && cloudId !== undefined)
    return `cloud id ${cloudId} looked up from ${site}; API root ${baseUrl}`;
  return `API root ${baseUrl}`;
}

async function productPages(
  client: CsmReader,
): Promise<{ products: number; pages: number }> {
  let pages = 0;
  const products = await readProducts(client, {
    onPage: ({ read }) => {
      pages = read;
    },
  });
  return { products: products.length, pages };
}

/** Informational only: orgsync always sends the header on the calls that may need it. */
async function experimentalHeaderCheck(
  client: CsmReader,
  probe: string,
): Promise<DoctorCheck> {
  const without = await attempt(() =>
    client.fetchProfiles({ organizationNames: [probe] }),
  );
  const call = "POST organization/profile/fetch";
  if (without.ok)
    return {
      id: "experimental-header",
      status: "info",
      message: `not needed: ${call} answered without X-ExperimentalApi (orgsync sends it anyway)`,
    };
  if (without.error instanceof ApiError && without.error.status === 412)
    return {
      id: "experimental-header",
      status: "info",
      message: `needed: ${call} answered 412 without X-ExperimentalApi: opt-in (orgsync sends it; a proxy must pass it on)`,
    };
  return {
    id: "experimental-header",
    status: "info",
    message: `could not tell: without the header, ${call} failed: ${message(without.error)}`,
  };
}
