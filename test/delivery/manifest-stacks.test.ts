import { environmentStacks, type SynthManifest } from "../../delivery/manifest-stacks";
import { UsageError } from "../../delivery/options";

/** Shaped as cdktf 0.21 writes cdktf.out/manifest.json (dependencies as recorded by addDependency). */
function manifest(stacks: Record<string, string[]>): SynthManifest {
  return {
    stacks: Object.fromEntries(
      Object.entries(stacks).map(([name, dependencies]) => [
        name,
        { name, dependencies, workingDirectory: `stacks/${name}` },
      ]),
    ),
  };
}

// Keys in the order the manifest lists them (alphabetical), not deployment order.
const ALL = manifest({
  "outpost-data": ["outpost-karpenter", "outpost-eks"],
  "outpost-eks": ["outpost-network"],
  "outpost-karpenter": ["outpost-eks"],
  "outpost-local-data": ["outpost-local-eks"],
  "outpost-local-eks": ["outpost-local-network"],
  "outpost-local-network": [],
  "outpost-network": [],
  "onprem-data": [],
  "state-eu-west-3": [],
});

describe("environmentStacks", () => {
  it("orders an environment's stacks by their dependencies", () => {
    const stacks = environmentStacks(ALL, "outpost");
    expect(stacks).toHaveLength(4);
    expect(stacks.map((s) => s.name)).toEqual([
      "outpost-network",
      "outpost-eks",
      "outpost-karpenter",
      "outpost-data",
    ]);
    expect(stacks[3]).toEqual({
      name: "outpost-data",
      workingDirectory: "stacks/outpost-data",
      dependencies: ["outpost-karpenter", "outpost-eks"],
    });
  });

  it("never picks another environment whose name starts the same (outpost vs outpost-local)", () => {
    const outpost = environmentStacks(ALL, "outpost").map((s) => s.name);
    expect(outpost).toHaveLength(4);
    expect(outpost.some((name) => name.startsWith("outpost-local"))).toBe(false);
    expect(environmentStacks(ALL, "outpost-local").map((s) => s.name)).toEqual([
      "outpost-local-network",
      "outpost-local-eks",
      "outpost-local-data",
    ]);
  });

  it("follows the manifest's dependencies rather than layer order", () => {
    const odd = manifest({ "x-network": ["x-data"], "x-data": [] });
    expect(environmentStacks(odd, "x").map((s) => s.name)).toEqual(["x-data", "x-network"]);
  });

  it("walks a kubeconfig environment's single stack, and not the state stack", () => {
    expect(environmentStacks(ALL, "onprem").map((s) => s.name)).toEqual(["onprem-data"]);
  });

  it("narrows to --stacks, named in full or by layer, keeping the order", () => {
    expect(environmentStacks(ALL, "outpost", ["data", "outpost-eks"]).map((s) => s.name)).toEqual([
      "outpost-eks",
      "outpost-data",
    ]);
  });

  it("refuses a stack of another environment or an unknown one", () => {
    expect(() => environmentStacks(ALL, "outpost", ["outpost-local-eks"])).toThrow(
      /--stacks: "outpost-local-eks" is not a stack of outpost; its stacks: outpost-network, outpost-eks, outpost-karpenter, outpost-data/,
    );
    expect(() => environmentStacks(ALL, "outpost", ["ecs"])).toThrow(UsageError);
  });

  it("refuses an environment with no stacks, listing those there are", () => {
    expect(() => environmentStacks(ALL, "prod")).toThrow(
      /environment "prod" has no stacks in the synthesized output; environments there: onprem, outpost, outpost-local/,
    );
  });

  it("reports a dependency cycle", () => {
    const cycle = manifest({ "x-network": ["x-eks"], "x-eks": ["x-network"] });
    expect(() => environmentStacks(cycle, "x")).toThrow(
      /dependency cycle between stacks: x-network -> x-eks -> x-network/,
    );
  });
});
