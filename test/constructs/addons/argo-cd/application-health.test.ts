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

  /** The child's source, and the one it had before the root changed it. */
  const SOURCE = {
    repoURL: "https://charts.min.io/",
    chart: "minio",
    targetRevision: "5.4.0",
    helm: {
      releaseName: "minio",
      // Written as a manifest may (Argo CD's copy in the status leaves it out).
      skipCrds: false,
      valuesObject: { mode: "standalone", replicas: 1, buckets: [{ name: "a" }] },
    },
  };
  const PREVIOUS = {
    ...SOURCE,
    helm: { ...SOURCE.helm, valuesObject: { ...SOURCE.helm.valuesObject, replicas: 2 } },
  };

  /** A child Application: the status as given, compared with its current source unless it says otherwise. */
  const child = (status: Record<string, unknown>) => {
    if (Object.keys(status).length === 0) return { spec: { source: SOURCE } };
    const sync = status.sync as Record<string, unknown> | undefined;
    return {
      spec: { source: SOURCE },
      status: { ...status, ...(sync ? { sync: { comparedTo: { source: SOURCE }, ...sync } } : {}) },
    };
  };

  const CASES: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
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
      "a child whose status still describes its previous source (just changed by the root)",
      {
        health: { status: "Healthy" },
        sync: { status: "Synced", comparedTo: { source: PREVIOUS } },
        operationState: { phase: "Succeeded" },
      },
      "Progressing",
    ],
    [
      "a child that failed on its previous source and is now Synced and Healthy on the current one",
      {
        health: { status: "Healthy" },
        sync: { status: "Synced" },
        operationState: { phase: "Failed", syncResult: { source: PREVIOUS } },
      },
      "Healthy",
    ],
    [
      "a child whose sync of its current source failed",
      {
        health: { status: "Healthy" },
        sync: { status: "OutOfSync" },
        operationState: { phase: "Failed", syncResult: { source: SOURCE } },
      },
      "Degraded",
    ],
    [
      "a child whose spec sets a field to its zero value, which the status's copy of the source omits",
      {
        health: { status: "Healthy" },
        sync: {
          status: "Synced",
          comparedTo: { source: { ...SOURCE, helm: { ...SOURCE.helm, skipCrds: undefined } } },
        },
        operationState: { phase: "Succeeded" },
      },
      "Healthy",
    ],
    [
      "a child whose last sync succeeded",
      { health: { status: "Healthy" }, sync: { status: "Synced" }, operationState: { phase: "Succeeded" } },
      "Healthy",
    ],
  ];
  let results: Array<{ status: string; message: string }>;

  beforeAll(() => {
    results = healthOf(...CASES.map(([, status]) => child(status)));
  });

  it.each(CASES.map(([label, , expected], index) => [label, expected, index] as const))(
    "reads %s as %s",
    (_, expected, index) => {
      expect(results).toHaveLength(CASES.length);
      expect(results[index].status).toBe(expected);
    },
  );

  it("carries the child's message", () => {
    const [hs] = healthOf(
      child({ health: { status: "Degraded", message: "crash" }, sync: { status: "Synced" } }),
    );
    expect(hs).toEqual({ status: "Degraded", message: "crash" });
  });
});
