/**
 * Jira Service Management's own REST API (the "service desk API"), as orgsync sees it: the
 * wire shapes of ../shared/api/CSM-API.md's last section and the client interface that
 * discovery, customers and service desk links depend on. It sits beside the CSM client
 * (same credentials, retries and redaction, its own rate-limit gate) and is reached only when
 * a feature needs it, through `ServiceDeskAccess`.
 */
import type { CallOptions } from "./types.js";

/** An organization as the service desk API lists it (`_links` and the rest are ignored). */
export interface SdOrganization {
  /** A numeric string: the same id the CSM API uses. */
  readonly id: string;
  readonly name: string;
  /** Newer sites say whether SCIM owns the organization; absent means not known (false). */
  readonly scimManaged?: boolean;
}

/** A member of an organization (`GET organization/{id}/user`). */
export interface SdUser {
  /** Opaque: a `qm:…` customer account or an Atlassian account id. */
  readonly accountId: string;
  readonly displayName?: string;
  readonly emailAddress?: string;
  readonly active?: boolean;
}

/**
 * One method per service desk call orgsync makes. Paged lists are read to the end
 * (`isLastPage`, advancing `start` by `size`) and returned whole. Reads and the idempotent
 * writes are retried. Organizations are created and deleted through the CSM API.
 */
export interface ServiceDeskClient {
  /** The API root every path is relative to (ends in `/`). Never carries credentials. */
  readonly baseUrl: string;

  /**
   * Every organization the caller can see (an agent sees all; a customer only their own);
   * with `onePage: n`, only the first page of at most n (one request).
   */
  listOrganizations(
    options?: CallOptions & { readonly onePage?: number },
  ): Promise<SdOrganization[]>;
  /** The organization, or undefined when the site answers 404. */
  getOrganization(
    organizationId: string,
    options?: CallOptions,
  ): Promise<SdOrganization | undefined>;

  listOrganizationUsers(
    organizationId: string,
    options?: CallOptions,
  ): Promise<SdUser[]>;
  /** At most 50 ids a call. A 400 (an unknown id) means none were added. */
  addOrganizationUsers(
    organizationId: string,
    accountIds: readonly string[],
    options?: CallOptions,
  ): Promise<void>;
  /** At most 50 ids a call. A 400 (an unknown id) means none were removed. */
  removeOrganizationUsers(
    organizationId: string,
    accountIds: readonly string[],
    options?: CallOptions,
  ): Promise<void>;

  /** The organizations that can raise requests in the service desk (by key or id). */
  listServiceDeskOrganizations(
    serviceDesk: string,
    options?: CallOptions,
  ): Promise<SdOrganization[]>;
  /** Idempotent. */
  addServiceDeskOrganization(
    serviceDesk: string,
    organizationId: string,
    options?: CallOptions,
  ): Promise<void>;
  /** Idempotent. */
  removeServiceDeskOrganization(
    serviceDesk: string,
    organizationId: string,
    options?: CallOptions,
  ): Promise<void>;
}

/** The read half of `ServiceDeskClient`: planning, drift and export take only this. */
export type ServiceDeskReader = Pick<
  ServiceDeskClient,
  | "baseUrl"
  | "listOrganizations"
  | "getOrganization"
  | "listOrganizationUsers"
  | "listServiceDeskOrganizations"
>;

/**
 * How code that may need the service desk API reaches it: nothing is resolved or called until
 * a feature asks. `feature` names what needs it (`"--show-unmanaged"`, `"customers of existing
 * organizations"`...): when the base URL cannot be derived, or a call fails, the error says
 * which feature needed the service desk API and how to configure it
 * (`--servicedesk-base-url` / `ORGSYNC_SERVICEDESK_BASE_URL`).
 */
export interface ServiceDeskAccess {
  /** The service desk API root, when it can be derived or was given; undefined otherwise. */
  readonly baseUrl: string | undefined;
  client(feature: string): ServiceDeskClient;
}

/** The read-only view of `ServiceDeskAccess` (`readOnlyServiceDesk`) plan, drift and export get. */
export interface ServiceDeskReadAccess {
  readonly baseUrl: string | undefined;
  client(feature: string): ServiceDeskReader;
}
