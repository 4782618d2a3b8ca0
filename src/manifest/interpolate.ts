import { asSecretText, type SecretText } from "../util/secret-text.js";
import { didYouMean } from "../util/did-you-mean.js";

/**
 * The prefix of the only variables a manifest may read. A manifest may come from anyone who
 * can open a pull request, and CI environments are full of secrets (`CI_JOB_TOKEN`,
 * `ORGSYNC_GITLAB_TOKEN`…) that would otherwise reach a plan posted as a comment: a variable
 * is readable only when its name says it was put there for the manifests.
 */
const ALLOWED_VARIABLE_PREFIX = "ORGSYNC_VAR_";

/** The environment variables `${NAME}` reads; only own string values count. */
export type ManifestEnv = Readonly<Record<string, string | undefined>>;

/** One `${...}` that could not be replaced. */
interface InterpolationProblem {
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
    /**
     * The tokens orgsync holds, from every source (or a matcher made from them with
     * `secretText`): a value holding one, in any encoding, is refused.
     */
    readonly secrets?: readonly string[] | SecretText | undefined;
  } = {},
): Interpolated {
  if (!text.includes("${")) return { value: text, problems: [] };
  const secrets = asSecretText(options.secrets);
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
      secrets,
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

/** The variables orgsync takes its credentials from (named in a clearer message). */
const CREDENTIAL_VARIABLES = ["ORGSYNC_TOKEN", "ORGSYNC_API_TOKEN"];

const CREDENTIAL_REFUSED = {
  expected:
    "no credential in a manifest: orgsync reads ORGSYNC_TOKEN / ORGSYNC_API_TOKEN / the token file itself",
};

function resolveReference(
  inner: string,
  env: ManifestEnv,
  suggest: boolean,
  secrets: SecretText | undefined,
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
  if (CREDENTIAL_VARIABLES.includes(name)) {
    return {
      message: `\${${name}} would copy an orgsync credential into the manifests, and from there into plans, pull-request comments and the site`,
      ...CREDENTIAL_REFUSED,
    };
  }
  if (!name.startsWith(ALLOWED_VARIABLE_PREFIX)) {
    const allowed = `${ALLOWED_VARIABLE_PREFIX}${name}`;
    const example = `\${${allowed}${fallback === undefined ? "" : `:-${fallback}`}}`;
    return {
      message: `\${${name}} is not readable from a manifest: only variables named ${ALLOWED_VARIABLE_PREFIX}* are, so that no other secret of the environment can reach a plan`,
      expected: `${example}, with ${allowed} set for orgsync (e.g. export ${allowed}="$${name}")`,
    };
  }
  // Object.hasOwn: a manifest must not reach `constructor` or other inherited members.
  const set = Object.hasOwn(env, name) ? env[name] : undefined;
  const value =
    typeof set === "string" && (set !== "" || fallback === undefined)
      ? set
      : fallback;
  if (value !== undefined) {
    if (secrets?.holds(value) === true)
      return {
        message: `\${${name}} holds a credential orgsync uses (its value contains the API token), which would reach plans, pull-request comments and the site`,
        ...CREDENTIAL_REFUSED,
      };
    return value;
  }
  const suggestion = suggest
    ? didYouMean(
        name,
        Object.keys(env).filter(
          (key) =>
            key.startsWith(ALLOWED_VARIABLE_PREFIX) &&
            typeof env[key] === "string",
        ),
      )
    : undefined;
  return {
    message: `environment variable ${name} is not set`,
    expected: `${name} set in the environment, or a default: \${${name}:-value}`,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}
