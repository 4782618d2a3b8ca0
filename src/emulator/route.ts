import type { Dialect } from "./dialect.js";
import type { EmulatorState } from "./emulator-state.js";
import type { EmulatorSettings } from "./types.js";

/** What a route handler gets: the state, path parameters (decoded), query and parsed body. */
export interface RouteContext {
  readonly state: EmulatorState;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  /** The parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
  /** The dialect in force, for the few answers whose form it changes. */
  readonly dialect: Dialect;
  readonly settings: EmulatorSettings;
  /** The API root as the caller reached it, without a trailing slash (for `_links`). */
  readonly base: string;
}

/** A handler's answer: 204 answers carry no body. */
export interface RouteAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/** One call of an API, relative to its root (`/jsm/csm/cloudid/{cloudId}/api/v1/` for the CSM API). */
export interface Route {
  readonly method: string;
  /** Path segments; `:` stands for a parameter. */
  readonly pattern: readonly string[];
  /** Needs `X-ExperimentalApi: opt-in` (412 without it). */
  readonly experimental: boolean;
  /** Changes state (403 when read-only; persisted; counted as a write in the log). */
  readonly write: boolean;
  handle(context: RouteContext): RouteAnswer;
}

/** The outcome of matching a method and path against the routes. */
export type RouteMatch =
  | { readonly kind: "found"; readonly route: Route; readonly params: string[] }
  | { readonly kind: "method"; readonly allowed: string[] }
  | { readonly kind: "none" };

function matchPattern(
  pattern: readonly string[],
  segments: readonly string[],
): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i]!;
    const segment = segments[i]!;
    if (part === ":") {
      if (segment === "") return undefined;
      params.push(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

const literals = (pattern: readonly string[]): number =>
  pattern.filter((part) => part !== ":").length;

/**
 * Finds the route for a method and (still encoded) path segments. Patterns with more literal
 * segments win (`organization/details` over `organization/{id}`); a path whose best patterns
 * lack the method is a 405 listing the methods they have.
 */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  segments: readonly string[],
): RouteMatch {
  let best = -1;
  let candidates: { route: Route; params: string[] }[] = [];
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    const score = literals(route.pattern);
    if (score > best) {
      best = score;
      candidates = [];
    }
    if (score === best) candidates.push({ route, params });
  }
  if (candidates.length === 0) return { kind: "none" };
  const hit = candidates.find((candidate) => candidate.route.method === method);
  if (hit) return { kind: "found", route: hit.route, params: hit.params };
  return {
    kind: "method",
    allowed: [...new Set(candidates.map((c) => c.route.method))],
  };
}
