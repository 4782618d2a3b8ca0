/**
 * The service desk API of a `FakeSite`, behind the `ServiceDeskClient` interface, for the
 * applier's unit tests: organization users live on the fake site's organizations, service
 * desks link organization ids, and a directory says which account ids the site knows.
 * Faults are scripted per write, as on `FakeSite`.
 */
import { ApiError, UnknownOutcomeError } from "../../src/api/errors.js";
import type {
  ServiceDeskAccess,
  ServiceDeskClient,
  SdUser,
} from "../../src/api/servicedesk-types.js";
import type { Fault, FakeSite } from "./fake-client.js";

export interface SdCall {
  readonly method: keyof ServiceDeskClient;
  readonly args: readonly unknown[];
}

function refused(path: string, status: number, message: string): ApiError {
  return new ApiError({
    method: "POST",
    path,
    status,
    messages: [message],
    fieldErrors: [],
    rawBody: "",
    attempts: 1,
  });
}

export class FakeServiceDesk implements ServiceDeskClient {
  readonly baseUrl = "http://fake.test/rest/servicedeskapi/";
  readonly calls: SdCall[] = [];
  /** Account ids the site knows; adding or removing another answers 400 and writes nothing. */
  readonly directory = new Set<string>();
  /** Organization ids linked to each service desk, by key. */
  readonly desks = new Map<string, Set<string>>();
  fault: (
    method: keyof ServiceDeskClient,
    args: readonly unknown[],
  ) => Fault | undefined = () => undefined;

  constructor(private readonly site: FakeSite) {}

  /** The `ServiceDeskAccess` apply takes; `features` records what asked for it. */
  access(features: string[] = []): ServiceDeskAccess {
    return {
      baseUrl: this.baseUrl,
      client: (feature) => {
        features.push(feature);
        return this;
      },
    };
  }

  get writes(): SdCall[] {
    return this.calls.filter((call) => !call.method.startsWith("list"));
  }

  private async write(
    method: keyof ServiceDeskClient,
    args: readonly unknown[],
    run: () => void,
  ): Promise<void> {
    this.calls.push({ method, args });
    await Promise.resolve();
    const fault = this.fault(method, args);
    if (fault === "fail") throw refused(method, 500, `${method}: 500`);
    const lost = new UnknownOutcomeError({
      method: "POST",
      path: method,
      reason: "server-error",
      status: 500,
      detail: "answered 500",
    });
    if (fault === "lost-unknown") throw lost;
    run();
    if (fault === "done-unknown") throw lost;
  }

  private members(organizationId: string): string[] {
    const org = this.site.orgs.get(organizationId);
    if (!org) throw refused("user", 404, `organization ${organizationId}`);
    return org.customers;
  }

  private checkKnown(accountIds: readonly string[]): void {
    const unknown = accountIds.find((id) => !this.directory.has(id));
    if (unknown !== undefined) {
      throw refused("user", 400, "one or more account ids are not valid");
    }
  }

  async listOrganizationUsers(organizationId: string): Promise<SdUser[]> {
    this.calls.push({
      method: "listOrganizationUsers",
      args: [organizationId],
    });
    await Promise.resolve();
    return [...this.members(organizationId)]
      .sort()
      .map((accountId) => ({ accountId }));
  }

  addOrganizationUsers(
    organizationId: string,
    accountIds: readonly string[],
  ): Promise<void> {
    return this.write(
      "addOrganizationUsers",
      [organizationId, accountIds],
      () => {
        const members = this.members(organizationId);
        this.checkKnown(accountIds);
        for (const id of accountIds)
          if (!members.includes(id)) members.push(id);
      },
    );
  }

  removeOrganizationUsers(
    organizationId: string,
    accountIds: readonly string[],
  ): Promise<void> {
    return this.write(
      "removeOrganizationUsers",
      [organizationId, accountIds],
      () => {
        const members = this.members(organizationId);
        this.checkKnown(accountIds);
        for (const id of accountIds) {
          const at = members.indexOf(id);
          if (at >= 0) members.splice(at, 1);
        }
      },
    );
  }

  private desk(ref: string): Set<string> {
    const desk = this.desks.get(ref);
    if (!desk) throw refused("servicedesk", 404, `service desk ${ref}`);
    return desk;
  }

  async listServiceDeskOrganizations(ref: string) {
    this.calls.push({ method: "listServiceDeskOrganizations", args: [ref] });
    await Promise.resolve();
    return [...this.desk(ref)].map((id) => ({
      id,
      name: this.site.orgs.get(id)?.name ?? id,
    }));
  }

  addServiceDeskOrganization(ref: string, organizationId: string) {
    return this.write(
      "addServiceDeskOrganization",
      [ref, organizationId],
      () => {
        this.desk(ref).add(organizationId);
      },
    );
  }

  removeServiceDeskOrganization(ref: string, organizationId: string) {
    return this.write(
      "removeServiceDeskOrganization",
      [ref, organizationId],
      () => {
        this.desk(ref).delete(organizationId);
      },
    );
  }

  /** Apply's check of the API before its first write: answers, and is not recorded. */
  listOrganizations(): Promise<never[]> {
    return Promise.resolve([]);
  }
  getOrganization(): Promise<never> {
    return Promise.reject(new Error("not used by apply"));
  }
  createOrganization(): Promise<never> {
    return Promise.reject(new Error("not used by apply"));
  }
  deleteOrganization(): Promise<never> {
    return Promise.reject(new Error("not used by apply"));
  }
}
