/**
 * A loopback server that echoes the credentials it was sent back in its error bodies, in
 * every encoding a server or proxy might use (issue 13, finding 3): raw, placed across the
 * 500-character cut of error messages, percent-encoded, as HTML entities, and in Base64. The
 * style is the first path segment of the base URL (`/raw/api/v1/`). A server, not a mock:
 * the CLI talks to it over real HTTP.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** How the echo server writes the secret back. */
export const ECHO_STYLES = [
  "raw",
  "cut",
  "percent",
  "entity",
  "base64",
] as const;
export type EchoStyle = (typeof ECHO_STYLES)[number];

/** The Authorization header, and the token inside it (Bearer, or Basic's password). */
function credentialsOf(request: IncomingMessage): {
  header: string;
  token: string;
} {
  const header = request.headers.authorization ?? "";
  const [scheme, value = ""] = header.split(" ", 2);
  if (scheme === "Basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    return { header, token: decoded.slice(decoded.indexOf(":") + 1) };
  }
  return { header, token: value };
}

const percent = (text: string, lower: boolean): string =>
  [...Buffer.from(text)]
    .map((b) => `%${b.toString(16).padStart(2, "0")}`)
    .map((e) => (lower ? e : e.toUpperCase()))
    .join("");

const entities = (text: string): string =>
  [...text]
    .map((c, i) =>
      i % 2 === 0
        ? `&#${c.codePointAt(0)};`
        : `&#x${c.codePointAt(0)!.toString(16)};`,
    )
    .join("");

/** The answer for one style: status, headers and body. */
function answer(
  style: EchoStyle,
  header: string,
  token: string,
): { status: number; type: string; body: string; retryAfter?: string } {
  const json = (status: number, body: unknown) => ({
    status,
    type: "application/json",
    body: JSON.stringify(body),
  });
  switch (style) {
    case "raw":
      return json(400, {
        errorMessages: [`bad token ${token}`, `you sent ${header}`],
        errors: { [token]: `Authorization: ${header}` },
      });
    case "cut": {
      // The token straddles character 500, where messages are clipped.
      const pad = "x".repeat(500 - Math.floor(token.length / 2));
      return json(400, {
        errorMessage: `${pad}${token} and more`,
        errors: [`${pad.slice(1)}${header}`],
        statusCode: 400,
      });
    }
    case "percent":
      return json(401, {
        code: 401,
        message: `Unauthorized; token=${percent(token, true)} header=${percent(header, false)}`,
      });
    case "entity":
      return {
        status: 429,
        type: "text/html",
        retryAfter: "0",
        body: `<html>The request has been rate-limited for ${entities(header)} (${entities(token)}).</html>`,
      };
    case "base64":
      return json(403, {
        errorMessage: "No permission",
        i18nErrorMessage: {
          i18nKey: "sd.error.permission",
          parameters: [
            Buffer.from(header).toString("base64"),
            Buffer.from(`token:${token}`).toString("base64url"),
          ],
        },
      });
  }
}

/** Starts the echo server; `baseUrl(style)` is an API root answered in that style. */
export async function startEchoServer(): Promise<{
  baseUrl: (style: EchoStyle) => string;
  close(): Promise<void>;
}> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const style = (request.url ?? "").split("/")[1] as EchoStyle;
      const { header, token } = credentialsOf(request);
      const a = ECHO_STYLES.includes(style)
        ? answer(style, header, token)
        : { status: 404, type: "text/plain", body: "no such style" };
      response.writeHead(a.status, {
        "content-type": a.type,
        ...("retryAfter" in a ? { "retry-after": a.retryAfter } : {}),
      });
      response.end(a.body);
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: (style) => `http://127.0.0.1:${port}/${style}/api/v1/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
