import { readdirSync } from "node:fs";
import { basename, extname, join } from "node:path";
import type { EnvironmentConfig } from "./define";
import { ConfigError } from "./errors";
import { STATE_BACKENDS, type StateBackendConfig } from "./state-backends";

/** Folder holding one file per environment; adding an environment is adding a file here. */
export const ENVIRONMENTS_DIR = join(__dirname, "environments");

const ENVIRONMENT_FILE = /^[a-z][a-z0-9-]*\.(?:ts|js)$/;

/** Loads and validates every environment file, sorted by name. */
export function loadEnvironments(dir: string = ENVIRONMENTS_DIR): EnvironmentConfig[] {
  const files = readdirSync(dir).filter((file) => ENVIRONMENT_FILE.test(file) && !file.endsWith(".d.ts"));
  const environments = files.map((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- environments are discovered at run time
    const loaded = require(join(dir, file)) as { default?: EnvironmentConfig };
    const expected = basename(file, extname(file));
    if (!loaded.default) {
      throw new Error(`config/environments/${file} must \`export default defineEnvironment({...})\``);
    }
    if (loaded.default.name !== expected) {
      throw new ConfigError(loaded.default.name, [
        {
          path: "name",
          message: `must match its file name config/environments/${file}`,
          received: loaded.default.name,
        },
      ]);
    }
    return loaded.default;
  });
  environments.forEach((env) => stateBackendOf(env));
  return environments.sort((a, b) => a.name.localeCompare(b.name));
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

/** The state backend an environment uses; an unknown name is a config error listing the known ones. */
export function stateBackendOf(
  env: EnvironmentConfig,
  backends: ReadonlyArray<StateBackendConfig> = STATE_BACKENDS,
): StateBackendConfig {
  const backend = backends.find((b) => b.name === env.state.backend);
  if (!backend) {
    throw new ConfigError(env.name, [
      {
        path: "state.backend",
        message: `expected one of the backends in config/state-backends.ts: ${backends.map((b) => b.name).join(", ")}`,
        received: env.state.backend,
      },
    ]);
  }
  return backend;
}
