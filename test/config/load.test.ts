import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments, selectEnvironments, stateBackendOf } from "../../config/load";
import { STATE_BACKENDS } from "../../config/state-backends";
import { ENVIRONMENTS, environment } from "../helpers/synth";

describe("environment loading", () => {
  it("discovers one environment per file in config/environments", () => {
    expect(ENVIRONMENTS.map((env) => env.name)).toEqual([
      "dev",
      "lab",
      "onprem",
      "outpost",
      "outpost-local",
      "prod",
    ]);
  });

  it("refuses a file whose environment has another name", () => {
    const dir = mkdtempSync(join(tmpdir(), "envs-"));
    writeFileSync(join(dir, "staging.js"), `module.exports = { default: { name: "dev" } };`);
    expect(() => loadEnvironments(dir)).toThrow(
      /environment "dev": name: must match its file name config\/environments\/staging\.js, received "dev"/,
    );
  });

  it("refuses a file without a default export", () => {
    const dir = mkdtempSync(join(tmpdir(), "envs-"));
    writeFileSync(join(dir, "staging.js"), `module.exports = {};`);
    expect(() => loadEnvironments(dir)).toThrow(
      /config\/environments\/staging\.js: must `export default defineEnvironment/,
    );
  });

  it("keeps every environment when ENVIRONMENTS is unset or empty", () => {
    expect(selectEnvironments(ENVIRONMENTS, undefined)).toHaveLength(ENVIRONMENTS.length);
    expect(selectEnvironments(ENVIRONMENTS, " ")).toHaveLength(ENVIRONMENTS.length);
  });

  it("narrows to the environments named in ENVIRONMENTS", () => {
    expect(selectEnvironments(ENVIRONMENTS, "prod, dev").map((env) => env.name)).toEqual(["dev", "prod"]);
  });

  it("refuses an unknown environment name, listing the known ones", () => {
    expect(() => selectEnvironments(ENVIRONMENTS, "dev,staging")).toThrow(
      /ENVIRONMENTS: unknown environment "staging"; known: dev, lab, onprem, outpost, outpost-local, prod/,
    );
  });

  it("finds the state backend an environment names", () => {
    expect(stateBackendOf(environment("dev")).bucketName).toBe(STATE_BACKENDS[0].bucketName);
  });

  it("refuses a state backend that is not declared", () => {
    const env = { ...environment("dev"), state: { backend: "other", useLockfile: true } } as never;
    expect(() => stateBackendOf(env)).toThrow(
      /environment "dev": state\.backend: expected one of the backends in config\/state-backends\.ts: state \(111111111111, eu-west-3\), state-eu-west-1 \(111111111111, eu-west-1\), received "other"/,
    );
  });
});
