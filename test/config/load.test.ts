import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments, selectEnvironments, stateBackendOf, type ConfigWarning } from "../../config/load";
import { STATE_BACKENDS } from "../../config/state-backends";
import { ENVIRONMENTS, environment, TEST_TODAY } from "../helpers/synth";

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
      /environment "dev": name: must match its file name config\/environments\/staging\.ts, received "dev"/,
    );
  });

  it("refuses a file without a default export", () => {
    const dir = mkdtempSync(join(tmpdir(), "envs-"));
    writeFileSync(join(dir, "staging.js"), `module.exports = {};`);
    expect(() => loadEnvironments(dir)).toThrow(
      /config\/environments\/staging\.ts: must `export default defineEnvironment/,
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

describe("environment discovery is strict", () => {
  const define = join(__dirname, "../../config/define");
  const organisation = join(__dirname, "../../config/organisation");
  /** A folder of environment files (JavaScript, requiring the real defineEnvironment). */
  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "envs-"));
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
    return dir;
  }
  /** An environment file: dev's settings under another name, with changes. */
  const envFile = (name: string, changes: Record<string, unknown> = {}) => `
    const { defineEnvironment } = require(${JSON.stringify(define)});
    const { ORGANISATION, CLUSTER_ADMINS } = require(${JSON.stringify(organisation)});
    module.exports = { default: defineEnvironment({
      name: ${JSON.stringify(name)}, ...ORGANISATION,
      network: { cidr: "10.20.0.0/16", availabilityZones: ["eu-west-3a", "eu-west-3b"], natGateways: "single" },
      cluster: { mode: "regional", adminPrincipalArns: [...CLUSTER_ADMINS] },
      data: { objectStore: "s3", database: "rds" },
      ...${JSON.stringify(changes)},
    }) };`;
  const quiet = { today: TEST_TODAY, onWarning: () => undefined };

  it("loads the files it is given (the build's bundle) as it loads a folder, each failure named by its file", () => {
    const dir = folder({ "alpha.js": envFile("alpha"), "beta.js": envFile("beta", { accountId: "42" }) });
    const files = new Map(
      ["beta.ts", "alpha.ts"].map((f) => [
        f,
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- what the bundle's lazy requires do
        () => require(join(dir, f.replace(/ts$/, "js"))),
      ]),
    );
    expect(() => loadEnvironments("/nonexistent", { ...quiet, files })).toThrow(
      /^config\/environments\/beta\.ts: environment "beta": accountId: expected a 12-digit AWS account id, received "42"\n\n1 configuration problem/,
    );
    files.delete("beta.ts");
    expect(loadEnvironments("/nonexistent", { ...quiet, files }).map((env) => env.name)).toEqual(["alpha"]);
  });

  it("refuses a file whose name is not an environment name, naming the file", () => {
    const dir = folder({ "alpha.js": envFile("alpha"), "Staging_2.js": envFile("staging"), "notes.md": "" });
    expect(() => loadEnvironments(dir, quiet)).toThrow(
      /config\/environments\/Staging_2\.ts: not an environment file: expected <name>\.ts where <name> is an environment name/,
    );
    expect(() => loadEnvironments(dir, quiet)).toThrow(
      /config\/environments\/notes\.md: not an environment file/,
    );
  });

  it("reports the problems of every file at once, each line naming its file, and what was not synthesized", () => {
    const dir = folder({
      "alpha.js": envFile("alpha", { accountId: "42" }),
      "beta.js": envFile("beta", {
        network: {
          cidr: "10.20.0.0/24",
          availabilityZones: ["eu-west-3a", "eu-west-3b"],
          natGateways: "single",
        },
      }),
      "gamma.js": envFile("gamma"),
    });
    let message = "";
    try {
      loadEnvironments(dir, quiet);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^config\/environments\/alpha\.ts: environment "alpha": accountId: expected a 12-digit AWS account id, received "42"\n\nconfig\/environments\/beta\.ts: environment "beta": network\.cidr: expected a \/16–\/20 IPv4 CIDR .*, received "10\.20\.0\.0\/24"\n\n2 configuration problems; nothing was synthesized\.$/,
    );
  });

  it("says when a faulty value comes from config/organisation.ts rather than the environment's file", () => {
    // A local cluster in the organisation's region (Paris), where EKS offers none.
    const dir = folder({
      "alpha.js": envFile("alpha", {
        cluster: { mode: "outpost-local", adminPrincipalArns: ["arn:aws:iam::111111111111:role/a"] },
        outpost: {
          arn: "arn:aws:outposts:eu-west-3:111111111111:outpost/op-0a1b2c3d4e5f60718",
          availabilityZone: "eu-west-3a",
          subnetCidr: "10.20.200.0/22",
        },
        karpenter: { enabled: false },
      }),
    });
    expect(() => loadEnvironments(dir, quiet)).toThrow(
      /config\/environments\/alpha\.ts: environment "alpha": region \(set in config\/organisation\.ts\): expected a region where EKS creates local clusters/,
    );
  });

  it("refuses an environment of an account and region without a declared state backend", () => {
    const dir = folder({ "alpha.js": envFile("alpha", { accountId: "222222222222" }) });
    expect(() => loadEnvironments(dir, quiet)).toThrow(
      /config\/environments\/alpha\.ts: environment "alpha": state\.backend: no state backend is declared for account 222222222222 in eu-west-3: add one to config\/state-backends\.ts .*declared: state \(111111111111, eu-west-3\), state-eu-west-1 \(111111111111, eu-west-1\)/,
    );
  });

  it("picks the backend of the environment's account and region, never another one", () => {
    expect(stateBackendOf(environment("outpost-local")).name).toBe("state-eu-west-1");
    expect(stateBackendOf(environment("prod")).name).toBe("state");
  });

  it("warns of two VPCs of one account and region that overlap", () => {
    const dir = folder({
      "alpha.js": envFile("alpha"),
      "beta.js": envFile("beta", {
        network: {
          cidr: "10.20.0.0/17",
          availabilityZones: ["eu-west-3a", "eu-west-3b"],
          natGateways: "single",
        },
      }),
      "delta.js": envFile("delta", {
        network: {
          cidr: "10.21.0.0/16",
          availabilityZones: ["eu-west-3a", "eu-west-3b"],
          natGateways: "single",
        },
      }),
    });
    const warnings: ConfigWarning[] = [];
    loadEnvironments(dir, { today: TEST_TODAY, onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      environment: "beta",
      issue: { path: "network.cidr", received: "10.20.0.0/17" },
    });
    expect(warnings[0].issue.message).toMatch(
      /overlaps the VPC of environment "alpha" \(10\.20\.0\.0\/16\) in the same account and region/,
    );
  });

  it("refuses, when loading, a Kubernetes version past EKS extended support on the given day", () => {
    const dir = folder({
      "alpha.js": envFile("alpha", {
        cluster: {
          mode: "regional",
          adminPrincipalArns: ["arn:aws:iam::111111111111:role/a"],
          kubernetesVersion: "1.32",
        },
      }),
    });
    expect(() => loadEnvironments(dir, { ...quiet, today: new Date("2027-04-01T00:00:00Z") })).toThrow(
      /alpha\.ts: environment "alpha": cluster\.kubernetesVersion: Kubernetes 1\.32 left EKS extended support on 2027-03-23/,
    );
    expect(loadEnvironments(dir, { ...quiet, today: new Date("2026-06-01T00:00:00Z") })).toHaveLength(1);
  });
});
