/**
 * The entry of a worker thread of `loadInWorkers`: loads the files it is sent, one message
 * each, with the environment and secrets it was started with. Built to
 * dist/manifest/load-worker.js, which ships in the package.
 */
import { parentPort, workerData } from "node:worker_threads";

import { asSecretText } from "../util/secret-text.js";
import { loadSource, type ManifestSource } from "./load-source.js";
import { toMessage } from "./source-message.js";
import type { WorkerStart } from "./load-in-workers.js";

const start = workerData as WorkerStart;
const context = { env: start.env, secrets: asSecretText(start.secrets) };
parentPort?.on(
  "message",
  ({ id, source }: { id: number; source: ManifestSource }) => {
    parentPort?.postMessage({
      id,
      loaded: toMessage(loadSource(source, context)),
    });
  },
);
