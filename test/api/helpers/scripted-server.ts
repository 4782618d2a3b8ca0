import {
  createServer,
  type IncomingHttpHeaders,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

/** One request the scripted server received. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/** What to do with one request: answer it, or drop the connection. */
export type Script =
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Record<string, string>;
    }
  | { readonly reset: true };

/**
 * A real HTTP server on loopback that answers requests from a list, in order (the last
 * entry repeats). For the answers the emulator never gives: malformed shapes, odd error
 * bodies, 412, redirects. Not a mock: the client talks to it over real HTTP.
 */
export async function startScriptedServer(scripts: readonly Script[]): Promise<{
  baseUrl: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}> {
  const seen: SeenRequest[] = [];
  let index = 0;
  const server = createServer((request, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      const script = scripts[Math.min(index, scripts.length - 1)]!;
      index += 1;
      if ("reset" in script) {
        request.socket.resetAndDestroy();
        return;
      }
      const text =
        script.body === undefined
          ? ""
          : typeof script.body === "string"
            ? script.body
            : JSON.stringify(script.body);
      response.writeHead(script.status, {
        "content-type": "application/json",
        ...script.headers,
      });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1/`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
