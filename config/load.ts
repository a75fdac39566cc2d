import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { cidrsOverlap, isValidCidr } from "../constructs/network/subnet-plan";
import { RESOURCE_NAME } from "./cluster-schema";
import type { EnvironmentConfig } from "./define";
import { ConfigError, ConfigErrors, type ConfigIssue } from "./errors";
import { CLUSTER_ADMINS, CLUSTER_VIEWERS, ORGANISATION } from "./organisation";
import { STATE_BACKENDS, type StateBackendConfig } from "./state-backends";
import { kubernetesLifecycleFindings } from "./version-lifecycle";

/** Folder holding one file per environment; adding an environment is adding a file here. */
export const ENVIRONMENTS_DIR = join(__dirname, "environments");

/** Longest environment name (it prefixes stack and AWS resource names). */
const MAX_ENVIRONMENT_NAME_LENGTH = 16;
/** Files of the folder that are not environments: type declarations and source maps of a build. */
const NOT_AN_ENVIRONMENT = /\.(?:d\.ts|map)$/;

/** A problem worth reading that does not stop synth. */
export interface ConfigWarning {
  /** Environment the warning is about. */
  readonly environment: string;
  /** The field and what to do about it. */
  readonly issue: ConfigIssue;
}

/** Options of {@link loadEnvironments}. */
export interface LoadOptions {
  /**
   * The day the support calendar is read on (injected by tests, so no verdict changes with the calendar).
   * @default the current date
   */
  readonly today?: Date;
  /**
   * The state backends environments may use.
   * @default STATE_BACKENDS
   */
  readonly backends?: ReadonlyArray<StateBackendConfig>;
  /**
   * Receives each warning.
   * @default prints it to standard error
   */
  readonly onWarning?: (warning: ConfigWarning) => void;
  /**
   * The environment files by file name (`dev.ts`), each loaded when called: the build's bundle
   * passes the files it holds (see `config/bundled-environments.ts`).
   * @default the files of `dir`, loaded with `require`
   */
  readonly files?: EnvironmentFiles;
}

/** Environment files by file name, each loaded (evaluated) only when its function is called. */
export type EnvironmentFiles = ReadonlyMap<string, () => unknown>;

/** The files of a folder, each loaded with `require` when called. */
export function environmentFilesIn(dir: string): EnvironmentFiles {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- environments are discovered at run time
  return new Map(readdirSync(dir).map((file) => [file, () => require(join(dir, file)) as unknown]));
}

/** Environment variable that sets the day the support calendar is read on (`YYYY-MM-DD`): what-if checks, tests. */
export const TODAY_VARIABLE = "DATA_PLATFORM_TODAY";

/** The day of `DATA_PLATFORM_TODAY` (`YYYY-MM-DD`), or now when it is unset or empty. */
export function todayFrom(value: string | undefined): Date {
  if (value === undefined || value === "") return new Date();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new Error(`${TODAY_VARIABLE}: expected a date YYYY-MM-DD, received "${value}"`);
  }
  return day;
}

/** Prints a warning as one line: `warning: environment "dev": <field>: <what to do>`. */
export function printWarning(
  { environment, issue }: ConfigWarning,
  stream: NodeJS.WritableStream = process.stderr,
): void {
  stream.write(`warning: environment "${environment}": ${issue.path}: ${issue.message}\n`);
}

/** Which shared file a field's value comes from, when it is the shared value (spread into the file). */
function sharedDefinition(issue: ConfigIssue): string | undefined {
  const shared: Record<string, unknown> = {
    ...ORGANISATION,
    "cluster.adminPrincipalArns": CLUSTER_ADMINS,
    "cluster.viewerPrincipalArns": CLUSTER_VIEWERS,
  };
  return issue.path in shared && isDeepStrictEqual(issue.received, shared[issue.path])
    ? "config/organisation.ts"
    : undefined;
}

/**
 * Loads and validates every environment file, sorted by name. Every problem of every file is
 * reported at once (a {@link ConfigErrors}): files whose name is not an environment name, files
 * that fail validation, environments without a state backend, versions past EKS support.
 */
export function loadEnvironments(
  dir: string = ENVIRONMENTS_DIR,
  options: LoadOptions = {},
): EnvironmentConfig[] {
  const { today = new Date(), backends = STATE_BACKENDS, onWarning = (w) => printWarning(w) } = options;
  const files = options.files ?? environmentFilesIn(dir);
  const errors: Error[] = [];
  const environments: EnvironmentConfig[] = [];
  for (const file of [...files.keys()].sort()) {
    if (NOT_AN_ENVIRONMENT.test(file)) continue;
    // Name the file to edit: dist/ holds the compiled .js of each config/environments/<name>.ts.
    const where = `config/environments/${file.replace(/\.js$/, ".ts")}`;
    const match = /^(.*)\.(?:ts|js)$/.exec(file);
    const expected = match?.[1] ?? basename(file);
    if (!match || !RESOURCE_NAME.test(expected) || expected.length > MAX_ENVIRONMENT_NAME_LENGTH) {
      errors.push(
        new Error(
          `${where}: not an environment file: expected <name>.ts where <name> is an environment name (lower-case letters, digits and single hyphens, starting with a letter, at most ${MAX_ENVIRONMENT_NAME_LENGTH} characters); move or rename it`,
        ),
      );
      continue;
    }
    try {
      const loaded = files.get(file)?.() as { default?: EnvironmentConfig } | undefined;
      const env = loaded?.default;
      if (!env) {
        errors.push(new Error(`${where}: must \`export default defineEnvironment({...})\``));
        continue;
      }
      if (env.name !== expected) {
        throw new ConfigError(env.name, [
          { path: "name", message: `must match its file name ${where}`, received: env.name },
        ]);
      }
      stateBackendOf(env, backends);
      const lifecycle = kubernetesLifecycleFindings(env, today);
      if (lifecycle.errors.length > 0) throw new ConfigError(env.name, lifecycle.errors);
      lifecycle.warnings.forEach((issue) => onWarning({ environment: env.name, issue }));
      environments.push(env);
    } catch (error) {
      if (error instanceof ConfigError) errors.push(error.inFile(where, sharedDefinition));
      else throw error;
    }
  }
  if (errors.length > 0) throw new ConfigErrors(errors);
  overlapWarnings(environments).forEach(onWarning);
  return environments.sort((a, b) => a.name.localeCompare(b.name));
}

/** Two VPCs of one account and region whose CIDRs overlap cannot be peered or routed together. */
function overlapWarnings(environments: ReadonlyArray<EnvironmentConfig>): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  environments.forEach((a, index) => {
    for (const b of environments.slice(index + 1)) {
      const [x, y] = [a.network?.cidr, b.network?.cidr];
      if (!x || !y || a.accountId !== b.accountId || a.region !== b.region) continue;
      if (!isValidCidr(x) || !isValidCidr(y) || !cidrsOverlap(x, y)) continue;
      warnings.push({
        environment: b.name,
        issue: {
          path: "network.cidr",
          message: `overlaps the VPC of environment "${a.name}" (${x}) in the same account and region: the two cannot be peered or share a transit gateway; pick a disjoint range`,
          received: y,
        },
      });
    }
  });
  return warnings;
}

/** Narrows to the comma-separated names in `selection` (e.g. `ENVIRONMENTS=dev,prod`); all when empty. */
export function selectEnvironments(
  environments: ReadonlyArray<EnvironmentConfig>,
  selection: string | undefined,
): EnvironmentConfig[] {
  const names = (selection ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0) return [...environments];
  const known = environments.map((env) => env.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `ENVIRONMENTS: unknown environment${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")}; known: ${known.join(", ")}`,
    );
  }
  return environments.filter((env) => names.includes(env.name));
}

/**
 * The state backend an environment uses: the one `state.backend` names, or else the one declared
 * for the environment's account and region. None (or several) is a config error listing the
 * declared ones; an environment never falls back to another account's or region's backend.
 */
export function stateBackendOf(
  env: EnvironmentConfig,
  backends: ReadonlyArray<StateBackendConfig> = STATE_BACKENDS,
): StateBackendConfig {
  const declared = backends.map((b) => `${b.name} (${b.accountId}, ${b.region})`).join(", ");
  const fail = (path: string, message: string, received: unknown): never => {
    throw new ConfigError(env.name, [{ path, message, received }]);
  };
  if (env.state.backend !== undefined) {
    return (
      backends.find((b) => b.name === env.state.backend) ??
      fail(
        "state.backend",
        `expected one of the backends in config/state-backends.ts: ${declared}`,
        env.state.backend,
      )
    );
  }
  const local = backends.filter((b) => b.accountId === env.accountId && b.region === env.region);
  if (local.length === 1) return local[0];
  return fail(
    "state.backend",
    local.length === 0
      ? `no state backend is declared for account ${env.accountId} in ${env.region}: add one to config/state-backends.ts (and deploy its bootstrap stack), or name one with state.backend; declared: ${declared}`
      : `several state backends are declared for account ${env.accountId} in ${env.region} (${local.map((b) => b.name).join(", ")}): name one with state.backend`,
    undefined,
  );
}
