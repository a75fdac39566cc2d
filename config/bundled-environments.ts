import type { EnvironmentFiles } from "./load";

/**
 * The environment files the build bundled into `dist/main.js`, or `undefined` when the app runs
 * from its sources (tests), where `loadEnvironments` lists `config/environments/` itself.
 * `scripts/build.mjs` replaces this module in the bundle with one map entry per file of
 * `config/environments/`, each a lazy `require`, so a file that fails is reported like any other.
 */
export const BUNDLED_ENVIRONMENT_FILES: EnvironmentFiles | undefined = undefined;
