import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildCiStacks } from "../stacks/app";
import { buildApp, ENVIRONMENTS } from "./helpers/synth";

describe("full synth of every environment", () => {
  let manifest: { stacks: Record<string, { synthesizedStackPath: string; dependencies: string[] }> };
  let outdir: string;

  beforeAll(() => {
    const app = buildApp();
    buildCiStacks(app, ENVIRONMENTS, ENVIRONMENTS); // as main.ts does
    outdir = app.outdir;
    app.synth(); // throws if any guardrail added an error annotation
    manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  });

  it("lists the state and CI stacks, network and eks for every AWS environment, karpenter and ecs where enabled, data everywhere", () => {
    const aws = ["dev", "lab", "outpost", "outpost-local", "prod"];
    const karpenter = ["dev", "lab", "outpost", "prod"];
    expect(Object.keys(manifest.stacks).sort()).toEqual(
      [
        ...aws.flatMap((env) => [`${env}-eks`, `${env}-network`]),
        ...karpenter.map((env) => `${env}-karpenter`),
        ...[...aws, "onprem"].map((env) => `${env}-data`),
        "dev-ecs",
        // The Spark environments' applications, after the operator's CRDs.
        ...["dev", "lab", "onprem"].map((env) => `${env}-workloads`),
        "platform-ci",
        "state",
        "state-eu-west-1",
      ].sort(),
    );
  });

  it("deploys each karpenter stack after its eks stack (and so after its network stack)", () => {
    for (const env of ["dev", "lab", "outpost", "prod"]) {
      expect(manifest.stacks[`${env}-karpenter`].dependencies).toContain(`${env}-eks`);
    }
  });

  it("deploys each data stack after its karpenter stack, or its eks stack where there is no Karpenter", () => {
    for (const env of ["dev", "lab", "outpost", "prod"]) {
      expect(manifest.stacks[`${env}-data`].dependencies).toContain(`${env}-karpenter`);
    }
    expect(manifest.stacks["outpost-local-data"].dependencies).toContain("outpost-local-eks");
    expect(manifest.stacks["onprem-data"].dependencies).toEqual([]);
  });

  it("deploys each workloads stack after its data stack", () => {
    for (const env of ["dev", "lab", "onprem"]) {
      expect(manifest.stacks[`${env}-workloads`].dependencies).toContain(`${env}-data`);
    }
  });

  it("deploys the ecs stack after its network stack only", () => {
    expect(manifest.stacks["dev-ecs"].dependencies).toEqual(["dev-network"]);
  });

  it("deploys each eks stack after its network stack", () => {
    for (const env of ["dev", "lab", "outpost", "outpost-local", "prod"]) {
      expect(manifest.stacks[`${env}-eks`].dependencies).toEqual([`${env}-network`]);
    }
  });

  it("writes plain Terraform JSON for each stack", () => {
    for (const stack of Object.values(manifest.stacks)) {
      const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"));
      expect(json.terraform.required_providers.aws).toEqual({ source: "aws", version: "6.25.0" });
    }
  });

  it("asks for Terraform or OpenTofu 1.10 or later in every stack (S3 native locking)", () => {
    const stacks = Object.values(manifest.stacks);
    expect(stacks.length).toBeGreaterThan(10);
    for (const stack of stacks) {
      const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"));
      expect(json.terraform.required_version).toBe(">= 1.10.0");
    }
  });
});
