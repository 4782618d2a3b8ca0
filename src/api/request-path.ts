import { ApiRequestError } from "./errors.js";

/**
 * One path segment, percent-encoded. `.` and `..` are refused: URL parsing resolves them
 * (even as `%2E`), so `DELETE organization/details/..` would hit another resource.
 */
export function segment(value: string): string {
  if (value === "" || /^(\.|%2e){1,2}$/i.test(value))
    throw new ApiRequestError(
      `${JSON.stringify(value)} cannot be sent as a name or id in a URL path`,
      {
        hint: "rename it on the site (or in the manifest) to something other than '', '.' or '..'",
      },
    );
  return encodeURIComponent(value);
}

/** The path with its query, as errors and logs show it. */
export function displayPath(spec: {
  readonly path: string;
  readonly searchParams?: Readonly<Record<string, string | number>>;
}): string {
  // URLSearchParams turns the numbers into strings itself.
  const query = new URLSearchParams(
    spec.searchParams as Readonly<Record<string, string>> | undefined,
  ).toString();
  return query === "" ? spec.path : `${spec.path}?${query}`;
}
