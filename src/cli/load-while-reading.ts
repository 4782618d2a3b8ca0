import { readOnlyClient } from "../api/index.js";
import { startLiveRead, type LiveRead } from "../live/index.js";
import {
  connectFromCli,
  type CliCredentials,
  type Connection,
  type ConnectionFlags,
} from "./connection.js";
import type { CliIo } from "./io.js";
import { loadDesiredForCli, type LoadedDesired } from "./load-desired.js";

/** The manifests, the connection, and the read of the site that began while they loaded. */
export interface LoadedWhileReading extends LoadedDesired {
  readonly connection: Connection;
  readonly reading: LiveRead;
}

/**
 * Loads the manifests (plan, apply, drift) and reads the site meanwhile: once the first file
 * parses cleanly it connects and starts the reads that need nothing from the manifests, then
 * fetches profiles as each file's organization names become known. The first manifest problem
 * abandons every read (those in flight are aborted; no other starts) and is reported exactly as
 * before; nothing is ever written. A connection problem is reported only for valid manifests.
 */
export async function loadWhileReading(
  paths: readonly string[],
  flags: ConnectionFlags,
  io: CliIo,
  credentials: CliCredentials,
  signal?: AbortSignal,
): Promise<LoadedWhileReading> {
  let connecting: Promise<Connection> | undefined;
  const connect = (): Promise<Connection> =>
    (connecting ??= connectFromCli(flags, io, { credentials }));
  let reading: LiveRead | undefined;
  const read = (): LiveRead =>
    (reading ??= startLiveRead(
      connect().then((connection) => readOnlyClient(connection.client)),
      {
        ...(flags.concurrency === undefined
          ? {}
          : { concurrency: flags.concurrency }),
        ...(signal === undefined ? {} : { signal }),
      },
    ));
  let loaded: LoadedDesired;
  try {
    loaded = await loadDesiredForCli(paths, io, credentials.secrets, {
      onFile: (file) => {
        if (file.failed) reading?.abandon();
        else read().addNames(file.names);
      },
      started: () => reading !== undefined,
    });
  } catch (error) {
    reading?.abandon();
    // A connection problem waits for valid manifests: the manifest problem is the one shown.
    connecting?.catch(() => undefined);
    throw error;
  }
  const connection = await connect();
  return { ...loaded, connection, reading: read() };
}
