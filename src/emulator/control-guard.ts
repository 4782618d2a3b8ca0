/**
 * Who may call the control endpoint (`/_emulator/…`), which needs no token and can read,
 * reconfigure and reset the whole emulated site. A web page must not be able to: a
 * cross-site `text/plain` POST would need no CORS preflight, and DNS rebinding lets a page
 * reach a loopback port under its own host name. So a control call must name an allowed
 * `Host` (the bound address, loopback names on loopback, the machine's addresses on a
 * wildcard bind, and `--allow-host` names for CI services), come from no other `Origin`, and
 * send JSON when it changes anything.
 */
import type { IncomingHttpHeaders } from "node:http";
import { networkInterfaces } from "node:os";

/** Why a control call is refused: the status and the message to answer with. */
export interface ControlRefusal {
  readonly status: number;
  readonly message: string;
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];

/** True for a loopback address or name (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = bare(host);
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** True for the wildcard addresses that listen on every interface. */
function isWildcardHost(host: string): boolean {
  const h = bare(host);
  return h === "0.0.0.0" || h === "::" || h === "";
}

/** The host names a control call may use, for an emulator bound to `bound`. */
export function allowedControlHosts(
  bound: string,
  allowHosts: readonly string[] = [],
): ReadonlySet<string> {
  const hosts = new Set<string>([bare(bound), ...allowHosts.map(bare)]);
  if (isLoopbackHost(bound) || isWildcardHost(bound))
    for (const name of LOOPBACK_NAMES) hosts.add(name);
  if (isWildcardHost(bound))
    for (const list of Object.values(networkInterfaces()))
      for (const address of list ?? []) hosts.add(bare(address.address));
  return hosts;
}

/** The refusal for a control call, or undefined when it may go ahead. */
export function checkControlRequest(
  method: string,
  headers: IncomingHttpHeaders,
  allowed: ReadonlySet<string>,
): ControlRefusal | undefined {
  const host = headers.host;
  const hostname = host === undefined ? undefined : hostOf(host);
  if (hostname === undefined || !allowed.has(hostname))
    return {
      status: 403,
      message: `Control calls are refused for Host ${JSON.stringify(host ?? "")}; allowed: ${[...allowed].join(", ")}. Start the emulator with --allow-host NAME to reach it by another name (a CI service name).`,
    };
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${host}`)
    return {
      status: 403,
      message: `Control calls are refused from another origin (${JSON.stringify(origin)}).`,
    };
  if (method !== "GET" && method !== "HEAD") {
    const type = (headers["content-type"] ?? "").split(";")[0]!.trim();
    if (type.toLowerCase() !== "application/json")
      return {
        status: 415,
        message: `Control calls that change anything need Content-Type: application/json, found ${JSON.stringify(headers["content-type"] ?? "none")}.`,
      };
  }
  return undefined;
}

/** The host name of a `Host` header (`[::1]:4010` → `::1`), lower-case. */
function hostOf(header: string): string | undefined {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(header.trim());
  return match === null ? undefined : bare(match[1]!);
}

function bare(host: string): string {
  return host
    .trim()
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
}
