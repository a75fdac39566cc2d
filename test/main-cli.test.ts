import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEST_TODAY } from "./helpers/synth";

const ROOT = join(__dirname, "..");
/** Runs the built app as `npm run synth` does, in a scratch output folder. */
function synth(env: Record<string, string>) {
  const outdir = env.CDKTF_OUTDIR ?? mkdtempSync(join(tmpdir(), "synth-"));
  const result = spawnSync(process.execPath, ["dist/main.js"], {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      DEBUG: "",
      DATA_PLATFORM_TODAY: TEST_TODAY.toISOString().slice(0, 10),
      ...env,
      CDKTF_OUTDIR: outdir,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outdir };
}

describe("the app as a command", () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, encoding: "utf8" });
    expect(build.status).toBe(0);
  });

  it("prints an input error once, as one block without a stack trace, and exits 1", () => {
    const run = synth({ ENVIRONMENTS: "dev,staging" });
    expect(run.status).toBe(1);
    const errorLines = run.stderr.split("\n").filter((line) => !line.startsWith("warning: ") && line !== "");
    expect(errorLines).toEqual([
      'ENVIRONMENTS: unknown environment "staging"; known: dev, lab, onprem, outpost, outpost-local, prod',
    ]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe("");
  });

  it("reads EKS's calendar on the day DATA_PLATFORM_TODAY gives, and refuses a malformed one", () => {
    const late = synth({ ENVIRONMENTS: "outpost-local", DATA_PLATFORM_TODAY: "2027-03-23" });
    expect(late.status).toBe(1);
    expect(late.stderr).toMatch(
      /^config\/environments\/outpost-local\.ts: environment "outpost-local": cluster\.kubernetesVersion: Kubernetes 1\.32 left EKS extended support on 2027-03-23/m,
    );
    const bad = synth({ DATA_PLATFORM_TODAY: "2026-13-01" });
    expect(bad.stderr).toBe('DATA_PLATFORM_TODAY: expected a date YYYY-MM-DD, received "2026-13-01"\n');
  });

  it("shows the stack trace when DEBUG is set", () => {
    const run = synth({ ENVIRONMENTS: "staging", DEBUG: "1" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Error: ENVIRONMENTS: unknown environment "staging"[\s\S]*\n\s+at /m);
  });

  it("prints one line per environment with its stacks in order, and where they were written", () => {
    const run = synth({ ENVIRONMENTS: "dev,outpost-local,onprem" });
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")).toEqual([
      "state backend: state",
      "state backend: state-eu-west-1",
      "ci roles: platform-ci",
      "dev: dev-network -> dev-eks -> dev-karpenter -> dev-data -> dev-workloads -> dev-ecs",
      "onprem: onprem-data -> onprem-workloads",
      "outpost-local: outpost-local-network -> outpost-local-eks -> outpost-local-data",
      expect.stringMatching(/^written to .*\/stacks\/$/),
      "",
    ]);
  });

  it("writes the same stacks with V8's code cache as without it", () => {
    const stack = (outdir: string) => readFileSync(join(outdir, "stacks/onprem-data/cdk.tf.json"), "utf8");
    const cold = synth({ ENVIRONMENTS: "onprem", DATA_PLATFORM_COMPILE_CACHE: "0" });
    synth({ ENVIRONMENTS: "onprem" }); // writes the cache if absent
    const warm = synth({ ENVIRONMENTS: "onprem" });
    expect([cold.status, warm.status]).toEqual([0, 0]);
    expect(readdirSync(join(ROOT, "node_modules/.cache/data-platform")).some((f) => f.endsWith(".v8"))).toBe(
      true,
    );
    expect(stack(warm.outdir)).toBe(stack(cold.outdir));
  });

  describe("the diff/deploy drivers over the real synthesized manifest (terraform replaced by a recorder)", () => {
    let outdir: string;
    let bin: string;
    beforeAll(() => {
      outdir = synth({ ENVIRONMENTS: "outpost,outpost-local" }).outdir;
      bin = mkdtempSync(join(tmpdir(), "fake-terraform-"));
      // Records each call; a plan of a data stack has changes (-detailed-exitcode's 2).
      writeFileSync(
        join(bin, "terraform"),
        '#!/bin/sh\necho "$(basename "$PWD") $*" >> "$CALLS"\ncase "$PWD $*" in *-data\\ plan*-detailed-exitcode*) echo "Plan: 1 to add"; exit 2;; esac\necho ok\n',
      );
      chmodSync(join(bin, "terraform"), 0o755);
    });
    const drive = (args: string[]) => {
      const calls = join(mkdtempSync(join(tmpdir(), "calls-")), "calls.txt");
      writeFileSync(calls, "");
      const run = spawnSync(
        process.execPath,
        ["dist/delivery/main.js", ...args, "--no-synth", "--tool", "terraform"],
        {
          cwd: ROOT,
          encoding: "utf8",
          env: { ...process.env, CDKTF_OUTDIR: outdir, CALLS: calls, PATH: `${bin}:${process.env.PATH}` },
        },
      );
      return {
        status: run.status,
        stderr: run.stderr,
        calls: readFileSync(calls, "utf8").trim().split("\n"),
      };
    };

    it("plans outpost's stacks in dependency order, none of outpost-local's, and exits 3 on changes", () => {
      const run = drive(["diff", "outpost", "--detailed-exitcode"]);
      expect(run.status).toBe(3);
      expect(run.calls).toHaveLength(8);
      expect(run.calls.filter((c) => / plan /.test(c)).map((c) => c.split(" ")[0])).toEqual([
        "outpost-network",
        "outpost-eks",
        "outpost-karpenter",
        "outpost-data",
      ]);
    });

    it("applies only the stacks asked for, in order", () => {
      const run = drive(["deploy", "outpost-local", "--stacks", "data,network", "--auto-approve"]);
      expect(run.status).toBe(0);
      expect(run.calls).toEqual([
        "outpost-local-network init -input=false -no-color",
        "outpost-local-network apply -input=false -auto-approve -lock-timeout=5m -no-color",
        "outpost-local-data init -input=false -no-color",
        "outpost-local-data apply -input=false -auto-approve -lock-timeout=5m -no-color",
      ]);
    });

    it("lets the running apply finish on SIGINT, starts no other stack and exits 130", async () => {
      const calls = join(mkdtempSync(join(tmpdir(), "calls-")), "calls.txt");
      writeFileSync(calls, "");
      const slow = mkdtempSync(join(tmpdir(), "slow-terraform-"));
      // An apply that takes a second and records that it finished.
      writeFileSync(
        join(slow, "terraform"),
        '#!/bin/sh\ncase "$*" in apply*) sleep 1; echo "$(basename "$PWD") applied" >> "$CALLS";; esac\necho ok\n',
      );
      chmodSync(join(slow, "terraform"), 0o755);
      const child = spawn(
        process.execPath,
        ["dist/delivery/main.js", "deploy", "outpost", "--no-synth", "--tool", "terraform", "--auto-approve"],
        {
          cwd: ROOT,
          env: { ...process.env, CDKTF_OUTDIR: outdir, CALLS: calls, PATH: `${slow}:${process.env.PATH}` },
        },
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      setTimeout(() => child.kill("SIGINT"), 500);
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code).toBe(130);
      expect(readFileSync(calls, "utf8").trim().split("\n")).toEqual(["outpost-network applied"]);
      expect(stderr).toMatch(
        /interrupted: outpost-eks and the stacks after it were not started; done: outpost-network/,
      );
    });

    it("exits 2 with the usage on an environment that was not synthesized", () => {
      const run = drive(["diff", "prod"]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(
        /environment "prod" has no stacks in the synthesized output; environments there: outpost, outpost-local\nusage: npm run diff/,
      );
    });
  });
});
