import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

import { CONTROL_PREFIX, serveControl } from "./control-endpoint.js";
import { allowedControlHosts } from "./control-guard.js";
import {
  EmulatorConfigError,
  EmulatorRuntime,
  checkSettingsPatch,
} from "./emulator-runtime.js";
import { EmulatorSeedError, readSeedFile } from "./seed.js";
import { serveApi } from "./serve-api.js";
import { StatePersister } from "./state-persister.js";
import type {
  EmulatorOptions,
  EmulatorSeed,
  EmulatorSettingsPatch,
  RunningEmulator,
} from "./types.js";

/** The cloud id in `baseUrl` when none is given. */
const DEFAULT_CLOUD_ID = "0b5e6c2a-6f1d-4c3e-9a57-e1d0c0ffee01";

/** How long a `hang` fault holds a connection by default: past the client's 30 s response timeout. */
const DEFAULT_HANG_MS = 60_000;

function checkOptions(options: EmulatorOptions): EmulatorSettingsPatch {
  const problems: string[] = [];
  const { port, hangMs, maxLogEntries } = options;
  if (
    port !== undefined &&
    !(Number.isInteger(port) && port >= 0 && port <= 65535)
  ) {
    problems.push(`port must be a whole number from 0 to 65535, found ${port}`);
  }
  if (hangMs !== undefined && !(hangMs >= 0)) {
    problems.push(`hangMs must be 0 or more, found ${hangMs}`);
  }
  if (
    maxLogEntries !== undefined &&
    !(Number.isInteger(maxLogEntries) && maxLogEntries >= 0)
  ) {
    problems.push(
      `maxLogEntries must be a whole number, found ${maxLogEntries}`,
    );
  }
  if (options.persist && !options.stateFile) {
    problems.push("persist needs a stateFile to write to");
  }
  if (problems.length > 0) throw new EmulatorConfigError(problems);
  return checkSettingsPatch({
    ...(options.latency ? { latency: options.latency } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
    ...(options.dialect ? { dialect: options.dialect } : {}),
    ...(options.serviceDeskAgent !== undefined
      ? { serviceDeskAgent: options.serviceDeskAgent }
      : {}),
    ...(options.serviceDeskPageLimit !== undefined
      ? { serviceDeskPageLimit: options.serviceDeskPageLimit }
      : {}),
  });
}

/** The seed to start from: the state file when it exists, else the `seed` option. */
async function initialSeed(
  options: EmulatorOptions,
): Promise<{ seed: unknown; source: string }> {
  if (options.stateFile) {
    const fromFile = await readSeedFile(options.stateFile);
    if (fromFile !== undefined) {
      return { seed: fromFile, source: options.stateFile };
    }
    if (!options.persist) {
      throw new EmulatorSeedError(options.stateFile, [
        "the file does not exist (add --persist to start an empty state and save it there)",
      ]);
    }
  }
  const seed: EmulatorSeed = options.seed ?? {};
  return {
    seed: options.predefinedFields ? { ...seed, predefinedFields: true } : seed,
    source: "the seed option",
  };
}

/**
 * Starts the CSM and service desk API emulator on `host:port` and resolves once it is listening.
 *
 * @example
 *   const emulator = await startEmulator({ seed: { fields: [{ name: "Region", type: "TEXT" }] } });
 *   // point a client at emulator.baseUrl; emulator.control.requests() shows what it sent
 *   await emulator.close();
 */
export async function startEmulator(
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  const settings = checkOptions(options);
  const cloudId = options.cloudId ?? DEFAULT_CLOUD_ID;
  const { seed, source } = await initialSeed(options);
  const runtime = new EmulatorRuntime({
    random: options.random ?? Math.random,
    seedRandom: options.random !== undefined,
    seed,
    source,
    maxLogEntries: options.maxLogEntries ?? 100_000,
  });
  runtime.configure(settings);
  if (options.persist && options.stateFile) {
    runtime.persister = new StatePersister(options.stateFile, () =>
      runtime.state(),
    );
    await runtime.persister.flush();
  }

  const allowedHosts = allowedControlHosts(
    options.host ?? "127.0.0.1",
    options.allowHosts,
  );
  const hangs = new Set<NodeJS.Timeout>();
  const serveOptions = {
    cloudId,
    token: options.token,
    hangMs: options.hangMs ?? DEFAULT_HANG_MS,
    hangs,
    log: options.quiet ? undefined : options.log,
  };
  const onRequest = (
    request: IncomingMessage,
    response: ServerResponse,
  ): void => {
    const served = (request.url ?? "").startsWith(CONTROL_PREFIX)
      ? serveControl(runtime, allowedHosts, request, response)
      : serveApi(runtime, serveOptions, request, response);
    served.catch((error: unknown) => {
      // A bug or a failed state write: answer 500 if the connection is still there.
      if (!response.headersSent && !response.destroyed) {
        const text = JSON.stringify({
          errorMessages: [`Emulator failure: ${(error as Error).message}`],
          errors: {},
        });
        response.writeHead(500, {
          "Content-Type": "application/json;charset=UTF-8",
        });
        response.end(text);
      }
    });
  };

  const server = createServer({ keepAliveTimeout: 10_000 }, onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host =
    address.family === "IPv6" ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const timer of hangs) clearTimeout(timer);
      hangs.clear();
      const stopped = new Promise<void>((resolve) =>
        server.close(() => resolve()),
      );
      server.closeAllConnections();
      await stopped;
      await runtime.persister?.idle();
    })();
    return closing;
  };

  return {
    baseUrl: `${origin}/jsm/csm/cloudid/${encodeURIComponent(cloudId)}/api/v1/`,
    serviceDeskBaseUrl: `${origin}/ex/jira/${encodeURIComponent(cloudId)}/rest/servicedeskapi/`,
    origin,
    cloudId,
    control: runtime,
    close,
  };
}
