/**
 * A loopback HTTP server that answers from a `--record` file: each request gets the recorded
 * answer to the same request (method, path with query, body), whatever the order it comes in,
 * since reads run concurrently. Not a mock: the client talks to it over real HTTP.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

import type { RecordedExchange } from "../../../src/api/index.js";

export interface ReplayServer {
  /** The origin, `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Requests that matched nothing in the recording (answered 599). */
  readonly unmatched: string[];
  close(): Promise<void>;
}

/** What the request carries that decides the answer. */
const keyOf = (method: string, url: string, body: string | null): string => {
  const { pathname, search } = new URL(url, "http://replay");
  return `${method} ${pathname}${search} ${body ?? ""}`;
};

/** Parses a `--record` file's JSON lines. */
export function parseRecording(text: string): RecordedExchange[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RecordedExchange);
}

/**
 * Serves `exchanges`. `decorate` adds response headers to every answer (a test that checks
 * what the recorder keeps sends `Set-Cookie`, or echoes the request's Authorization).
 */
export async function startReplayServer(
  exchanges: readonly RecordedExchange[],
  decorate: (request: IncomingMessage) => Record<string, string> = () => ({}),
): Promise<ReplayServer> {
  const answers = new Map<string, RecordedExchange>();
  for (const e of exchanges) {
    if (e.status !== null)
      answers.set(keyOf(e.method, e.url, e.requestBody), e);
  }
  const unmatched: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const key = keyOf(
        request.method ?? "",
        request.url ?? "",
        body === "" ? null : body,
      );
      const answer = answers.get(key);
      if (answer === undefined || answer.status === null) {
        unmatched.push(key);
        response.writeHead(599).end();
        return;
      }
      const headers = { ...answer.responseHeaders, ...decorate(request) };
      delete headers["content-length"];
      delete headers["transfer-encoding"];
      delete headers.connection;
      response.writeHead(answer.status, headers).end(answer.responseBody);
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    unmatched,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
