import { z } from "zod";
import { ConfigError, formatPath, type ConfigIssue } from "./errors";
import { crossFieldIssues } from "./rules";
import { environmentSchema, resolveDefaults, type EnvironmentInput, type ParsedEnvironment } from "./schema";

/** A deep read-only view: configuration is data and never changes after parsing. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A validated environment: defaults applied, names derived, frozen. */
export type EnvironmentConfig = DeepReadonly<ParsedEnvironment> & {
  /** `<project>-<name>`: the prefix of every derived AWS resource name. */
  readonly resourcePrefix: string;
  /** Name of the EKS cluster (`cluster.name`, or the resource prefix). */
  readonly clusterName: string;
};

function zodIssues(issues: ReadonlyArray<z.core.$ZodIssue>): ConfigIssue[] {
  return issues.map((issue) => {
    // A record key that fails its own checks is wrapped ("Invalid key in record"): quote the checks.
    const message =
      issue.code === "invalid_key" && issue.issues.length > 0
        ? issue.issues.map((inner) => inner.message).join("; ")
        : issue.message;
    const base = { path: formatPath(issue.path), message };
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(issue.path);
      const hint = !allowed
        ? "see EnvironmentInput in config/schema.ts"
        : allowed.length > 0
          ? `allowed: ${allowed.join(", ")}`
          : "this block takes no keys yet (write it empty: {})";
      return { ...base, message: `${issue.message}; ${hint}` };
    }
    if (issue.code === "invalid_type" && issue.input === undefined) {
      // A missing field: say so, rather than zod's "expected object, received undefined".
      return { ...base, message: `is required (${issue.expected})`, received: undefined };
    }
    if (!("input" in issue)) return base;
    // A bad discriminator (cluster.mode) is reported with its parent object as input: quote the field.
    const last = issue.path[issue.path.length - 1];
    const input = issue.input as Record<PropertyKey, unknown> | undefined;
    const received =
      issue.code === "invalid_union" &&
      typeof input === "object" &&
      input !== null &&
      last !== undefined &&
      last in input
        ? input[last]
        : issue.input;
    return { ...base, received };
  });
}

/** Keys of the object schema at `path`, looking through optional and default wrappers. */
function allowedKeysAt(path: ReadonlyArray<PropertyKey>): string[] | undefined {
  const unwrap = (schema: z.ZodType): z.ZodType =>
    schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault
      ? unwrap(schema.unwrap() as z.ZodType)
      : schema;
  let schema: z.ZodType = environmentSchema;
  for (const part of path) {
    const current = unwrap(schema);
    if (!(current instanceof z.ZodObject) || typeof part !== "string" || !(part in current.shape))
      return undefined;
    schema = current.shape[part] as z.ZodType;
  }
  const target = unwrap(schema);
  return target instanceof z.ZodObject ? Object.keys(target.shape) : undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function nameOf(input: unknown): string {
  const name = (input as { name?: unknown } | undefined)?.name;
  return typeof name === "string" && name !== "" ? name : "(unnamed)";
}

/**
 * Parses and validates one environment. Throws a {@link ConfigError} listing every problem,
 * each naming the environment, the field, the value received and what is allowed.
 */
export function parseEnvironment(input: EnvironmentInput | Record<string, unknown>): EnvironmentConfig {
  const parsed = environmentSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new ConfigError(nameOf(input), zodIssues(parsed.error.issues));
  const env = resolveDefaults(parsed.data);
  const issues = crossFieldIssues(env);
  if (issues.length > 0) throw new ConfigError(env.name, issues);
  const resourcePrefix = `${env.project}-${env.name}`;
  const clusterName = (env.cluster.mode !== "kubeconfig" && env.cluster.name) || resourcePrefix;
  // Derived names are not enumerable, so `{ ...env, ... }` is again a valid input.
  const derived: ParsedEnvironment & { resourcePrefix: string; clusterName: string } =
    Object.defineProperties(env, {
      resourcePrefix: { value: resourcePrefix, enumerable: false },
      clusterName: { value: clusterName, enumerable: false },
    }) as ParsedEnvironment & { resourcePrefix: string; clusterName: string };
  return deepFreeze(derived);
}

/** Declares an environment in `config/environments/<name>.ts`; validated when the file loads. */
export function defineEnvironment(input: EnvironmentInput): EnvironmentConfig {
  return parseEnvironment(input);
}
