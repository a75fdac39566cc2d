import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildApp } from "./helpers/synth";

describe("full synth of every environment", () => {
  let manifest: { stacks: Record<string, { synthesizedStackPath: string; dependencies: string[] }> };
  let outdir: string;

  beforeAll(() => {
    const app = buildApp();
    outdir = app.outdir;
    app.synth(); // throws if any guardrail added an error annotation
    manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  });

  it("lists the state stack and a network stack for every AWS environment (all but onprem)", () => {
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      "dev-network",
      "lab-network",
      "outpost-local-network",
      "outpost-network",
      "prod-network",
      "state",
    ]);
  });

  it("writes plain Terraform JSON for each stack", () => {
    for (const stack of Object.values(manifest.stacks)) {
      const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"));
      expect(json.terraform.required_providers.aws).toEqual({ source: "aws", version: "6.25.0" });
    }
  });
});
