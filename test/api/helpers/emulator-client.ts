import {
  createClient,
  type ClientOptions,
  type CsmClient,
} from "../../../src/api/index.js";
import {
  startEmulator,
  type EmulatorOptions,
  type RequestLogEntry,
  type RunningEmulator,
} from "../../../src/emulator/index.js";

/** An emulator and a client of it, with the client's debug lines. */
export interface Rig {
  readonly emu: RunningEmulator;
  readonly client: CsmClient;
  readonly lines: string[];
  /** The API requests the emulator saw, paths relative to the API root. */
  requests(): (RequestLogEntry & { call: string })[];
  close(): Promise<void>;
}

/** Starts an emulator on a random loopback port and a client for it. */
export async function startRig(
  emulator: EmulatorOptions = {},
  client: Partial<ClientOptions> = {},
): Promise<Rig> {
  const emu = await startEmulator({ quiet: true, ...emulator });
  const lines: string[] = [];
  const root = new URL(emu.baseUrl).pathname;
  return {
    emu,
    lines,
    client: createClient({
      baseUrl: emu.baseUrl,
      auth: { kind: "bearer", token: emulator.token ?? "test-token-123456" },
      logger: (line) => lines.push(line),
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
      ...client,
    }),
    requests: () =>
      emu.control.requests().map((entry) => ({
        ...entry,
        call: `${entry.method} ${entry.path.startsWith(root) ? entry.path.slice(root.length) : entry.path}`,
      })),
    close: () => emu.close(),
  };
}
