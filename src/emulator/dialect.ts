import { describeProblem, type Problem } from "./api-error.js";
import type { EmulatorApi } from "./types.js";

/**
 * How the emulator words its answers. Atlassian documents the success shapes but leaves much
 * open (error envelopes, extra properties, how a last page ends), so the emulator can answer
 * in each plausible form and the client's tolerance is tested, not only claimed:
 * - `strict`: exactly the documented shapes and nothing else; errors in the envelope the CSM
 *   API was seen to use, `{errorMessage, errors, statusCode}`, and the service desk API's in
 *   its own, `{errorMessage, i18nErrorMessage}`.
 * - `lenient`: every object of a success answer carries properties orgsync does not know;
 *   error envelopes rotate through the other shapes Atlassian's APIs use (Jira's, the service
 *   desk API's, the gateway's); a 429 has an HTML body and a 503 none; the last product page
 *   says `nextPageCursor: null`.
 */
export type Dialect = "strict" | "lenient";

/** Every dialect, default first. */
export const DIALECTS: readonly Dialect[] = ["strict", "lenient"];

/** A body as sent: its text and content type (none for an empty body). */
export interface WireBody {
  readonly text: string;
  readonly contentType?: string;
}

const JSON_TYPE = "application/json;charset=UTF-8";

const json = (body: unknown): WireBody => ({
  text: JSON.stringify(body),
  contentType: JSON_TYPE,
});

/**
 * The body of an error answer. `turn` counts error answers, so the lenient dialect cycles
 * through its envelopes deterministically.
 */
export function renderProblem(
  dialect: Dialect,
  status: number,
  problem: Problem,
  turn: number,
  api: EmulatorApi = "csm",
): WireBody {
  const line = describeProblem(problem);
  const i18n = {
    errorMessage: line,
    i18nErrorMessage: { i18nKey: `emulator.error.${status}`, parameters: [] },
  };
  if (dialect === "strict" && api === "servicedesk") return json(i18n);
  if (dialect === "strict") {
    return json({
      errorMessage: problem.messages.join(" ") || line,
      errors: Object.entries(problem.fieldErrors).map(([k, v]) => `${k}: ${v}`),
      statusCode: status,
    });
  }
  if (status === 429) {
    return {
      text: "<html>The request has been rate-limited.</html>",
      contentType: "text/html;charset=UTF-8",
    };
  }
  if (status === 503) return { text: "" };
  switch (turn % 3) {
    case 0:
      return json({
        errorMessages: [...problem.messages],
        errors: { ...problem.fieldErrors },
      });
    case 1:
      return json(i18n);
    default:
      return json({ code: status, message: line });
  }
}

/** Properties no version of orgsync reads, added by the lenient dialect. */
function extras(): Record<string, unknown> {
  return {
    _links: { self: "https://emulator.invalid/unknown" },
    emulatorUnknown: { note: "an unknown property; clients must ignore it" },
  };
}

/** A success body in the dialect: as is (strict), or with unknown properties everywhere. */
export function renderSuccess(dialect: Dialect, body: unknown): WireBody {
  return json(dialect === "lenient" ? withExtras(body) : body);
}

function withExtras(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withExtras);
  if (value === null || typeof value !== "object") return value;
  // No prototype: a key such as `__proto__` stays an ordinary key.
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) copy[key] = withExtras(item);
  // The answer's own properties win: a page's or an organization's `_links` stay as sent.
  return { ...extras(), ...copy };
}
