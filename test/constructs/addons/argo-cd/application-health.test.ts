import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { APPLICATION_HEALTH_LUA } from "../../../../constructs/addons/argo-cd/application-health";

/**
 * The health check run in a Lua VM (wasmoon: Lua 5.4 compiled to WebAssembly; Argo CD runs gopher-lua,
 * Lua 5.1, and the script uses nothing the two differ on) against Application statuses as Argo CD writes them.
 */
describe("the argoproj.io/Application health check", () => {
  const healthOf = (...objs: object[]): Array<{ status: string; message: string }> => {
    const run = spawnSync(process.execPath, [join(__dirname, "../../../helpers/run-lua.mjs")], {
      input: JSON.stringify({ script: APPLICATION_HEALTH_LUA, inputs: objs.map((obj) => ({ obj })) }),
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`the Lua VM failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as Array<{ status: string; message: string }>;
  };

  const CASES: ReadonlyArray<readonly [string, object, string]> = [
    ["a child not reconciled yet", {}, "Progressing"],
    ["a child Synced and Healthy", { health: { status: "Healthy" }, sync: { status: "Synced" } }, "Healthy"],
    [
      "a child Healthy but OutOfSync (a resource failed to apply: v3.4+ reads it Healthy)",
      { health: { status: "Healthy" }, sync: { status: "OutOfSync" } },
      "Progressing",
    ],
    ["a child Healthy with no sync status", { health: { status: "Healthy" } }, "Progressing"],
    [
      "a child still starting",
      { health: { status: "Progressing" }, sync: { status: "Synced" } },
      "Progressing",
    ],
    [
      "a child Degraded",
      { health: { status: "Degraded", message: "crash" }, sync: { status: "Synced" } },
      "Degraded",
    ],
    [
      "a child whose last sync failed",
      {
        health: { status: "Healthy" },
        sync: { status: "OutOfSync" },
        operationState: { phase: "Failed", message: "one or more objects failed to apply" },
      },
      "Degraded",
    ],
    [
      "a child whose sync errored",
      { health: { status: "Missing" }, sync: { status: "OutOfSync" }, operationState: { phase: "Error" } },
      "Degraded",
    ],
    [
      "a child whose sync still runs its PostSync hooks (MinIO's bucket Job), though Synced and Healthy",
      { health: { status: "Healthy" }, sync: { status: "Synced" }, operationState: { phase: "Running" } },
      "Progressing",
    ],
    [
      "a child whose last sync succeeded",
      { health: { status: "Healthy" }, sync: { status: "Synced" }, operationState: { phase: "Succeeded" } },
      "Healthy",
    ],
  ];
  let results: Array<{ status: string; message: string }>;

  beforeAll(() => {
    results = healthOf(...CASES.map(([, status]) => (Object.keys(status).length === 0 ? {} : { status })));
  });

  it.each(CASES.map(([label, , expected], index) => [label, expected, index] as const))(
    "reads %s as %s",
    (_, expected, index) => {
      expect(results).toHaveLength(CASES.length);
      expect(results[index].status).toBe(expected);
    },
  );

  it("carries the child's message", () => {
    const [hs] = healthOf({
      status: { health: { status: "Degraded", message: "crash" }, sync: { status: "Synced" } },
    });
    expect(hs).toEqual({ status: "Degraded", message: "crash" });
  });
});
