import { didYouMean } from "../util/did-you-mean.js";

/** The environment variables `${NAME}` reads; only own string values count. */
export type ManifestEnv = Readonly<Record<string, string | undefined>>;

/** One `${...}` that could not be replaced. */
export interface InterpolationProblem {
  /** Where the reference starts in the string. */
  readonly index: number;
  /** The reference as written, e.g. `${REGION}`. */
  readonly reference: string;
  readonly message: string;
  readonly expected: string;
  readonly suggestion?: string;
}

export interface Interpolated {
  readonly value: string;
  readonly problems: readonly InterpolationProblem[];
}

const NAME_RE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in one string value from `env`. An unset variable
 * without a default is a problem; `:-` also applies when the variable is set but empty, as in
 * a shell. `$${` is a literal `${`. The result is never re-read as YAML, so a variable cannot
 * change the structure of a manifest.
 */
export function interpolate(
  text: string,
  env: ManifestEnv,
  options: {
    /** Look for a near variable name to suggest when one is unset. @default true */
    readonly suggest?: boolean;
  } = {},
): Interpolated {
  if (!text.includes("${")) return { value: text, problems: [] };
  const problems: InterpolationProblem[] = [];
  let value = "";
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf("$", index);
    if (dollar < 0) break;
    value += text.slice(index, dollar);
    if (text.startsWith("$${", dollar)) {
      value += "${";
      index = dollar + 3;
      continue;
    }
    if (text[dollar + 1] !== "{") {
      value += "$";
      index = dollar + 1;
      continue;
    }
    const close = text.indexOf("}", dollar + 2);
    if (close < 0) {
      problems.push({
        index: dollar,
        reference: text.slice(dollar),
        message: "unterminated ${ (no closing })",
        expected: "${NAME} or ${NAME:-default}; write $${ for a literal ${",
      });
      value += text.slice(dollar);
      index = text.length;
      break;
    }
    const reference = text.slice(dollar, close + 1);
    const replaced = resolveReference(
      text.slice(dollar + 2, close),
      env,
      options.suggest ?? true,
    );
    if (typeof replaced === "string") {
      value += replaced;
    } else {
      problems.push({ index: dollar, reference, ...replaced });
      value += reference;
    }
    index = close + 1;
  }
  value += text.slice(index);
  return { value, problems };
}

/** The variables orgsync takes its credentials from. */
const CREDENTIAL_VARIABLES = ["ORGSYNC_TOKEN", "ORGSYNC_API_TOKEN"];

/**
 * True for a credential variable, or any variable that holds the same secret (a pipeline's
 * `ORGSYNC_API_TOKEN="$ATLASSIAN_TOKEN"` leaves the secret in both): a manifest written by
 * anyone who can open a pull request must not be able to print the token into a plan.
 */
function holdsCredential(
  name: string,
  value: string | undefined,
  env: ManifestEnv,
): boolean {
  if (CREDENTIAL_VARIABLES.includes(name)) return true;
  const secret = value?.trim();
  if (!secret) return false;
  return CREDENTIAL_VARIABLES.some(
    (variable) =>
      Object.hasOwn(env, variable) && env[variable]?.trim() === secret,
  );
}

function resolveReference(
  inner: string,
  env: ManifestEnv,
  suggest: boolean,
): string | Omit<InterpolationProblem, "index" | "reference"> {
  const match = NAME_RE.exec(inner);
  if (!match) {
    return {
      message: `\${${inner}} is not a variable reference`,
      expected:
        "${NAME} or ${NAME:-default} with NAME made of letters, digits and _; write $${ for a literal ${",
    };
  }
  const name = match[1]!;
  const fallback = match[2];
  // Object.hasOwn: a manifest must not reach `constructor` or other inherited members.
  const set = Object.hasOwn(env, name) ? env[name] : undefined;
  if (holdsCredential(name, set, env)) {
    return {
      message: `\${${name}} would copy an orgsync credential into the manifests, and from there into plans, pull-request comments and the site`,
      expected:
        "no credential in a manifest: orgsync reads ORGSYNC_TOKEN / ORGSYNC_API_TOKEN itself",
    };
  }
  if (typeof set === "string" && (set !== "" || fallback === undefined)) {
    return set;
  }
  if (fallback !== undefined) return fallback;
  const suggestion = suggest
    ? didYouMean(
        name,
        Object.keys(env).filter((key) => typeof env[key] === "string"),
      )
    : undefined;
  return {
    message: `environment variable ${name} is not set`,
    expected: `${name} set in the environment, or a default: \${${name}:-value}`,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}
