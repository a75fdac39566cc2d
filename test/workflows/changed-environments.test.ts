import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { environmentNames, ROOT } from "./helpers";

const SCRIPT = join(ROOT, "scripts/changed-environments.mjs");

/** A scratch environments folder holding `<name>.ts` for each name (plus a file that is not one). */
function environmentsDir(names: string[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), "changed-envs-")), "environments");
  mkdirSync(dir);
  for (const name of names) writeFileSync(join(dir, `${name}.ts`), "export default {};\n");
  writeFileSync(join(dir, "notes.md"), "not an environment\n");
  return dir;
}

const ENVS = environmentsDir(["dev", "lab", "outpost", "outpost-local", "prod"]);

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    input: input ?? "",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The environments the paths change, passed on standard input as `git diff --name-only` prints them. */
function changed(paths: string[], dir = ENVS): unknown {
  const r = run(["--environments-dir", dir], paths.map((p) => `${p}\n`).join(""));
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe("scripts/changed-environments.mjs", () => {
  it("maps an environment file to that environment", () => {
    expect(changed(["config/environments/dev.ts"])).toEqual(["dev"]);
    expect(changed(["config/environments/outpost-local.ts"])).toEqual(["outpost-local"]);
  });

  it("lists environments in the order of their file names, whatever the order of the paths", () => {
    expect(changed(["config/environments/prod.ts", "README.md", "config/environments/dev.ts"])).toEqual([
      "dev",
      "prod",
    ]);
  });

  it.each([
    "constructs/eks/cluster.ts",
    "stacks/data-stack.ts",
    "delivery/walk.ts",
    "main.ts",
    "package.json",
    "package-lock.json",
    "scripts/walk-stacks.mjs",
    "cdktf.json",
    "tsconfig.json",
    "config/organisation.ts",
    "config/state-backends.ts",
    "config/catalogue/regions.ts",
    "config/environments/notes.md",
  ])("maps %s to every environment", (path) => {
    expect(changed([path, "config/environments/dev.ts"])).toEqual([
      "dev",
      "lab",
      "outpost",
      "outpost-local",
      "prod",
    ]);
  });

  it.each([
    "README.md",
    "test/main.test.ts",
    "test/config/environments/dev.test.ts",
    ".github/workflows/pr.yml",
    ".ci/run",
    "docs/config/environments/dev.ts",
    "mainxts",
    "constructs",
  ])("maps %s to no environment", (path) => {
    expect(changed([path])).toEqual([]);
  });

  it("ignores the file of an environment that no longer exists (a deletion destroys nothing)", () => {
    expect(changed(["config/environments/staging.ts"])).toEqual([]);
    expect(changed(["config/environments/staging.ts", "config/environments/lab.ts"])).toEqual(["lab"]);
  });

  it("reads paths as git prints them: blank lines, `./` prefixes and a missing final newline", () => {
    const r = run(
      ["--environments-dir", ENVS],
      "\n./config/environments/lab.ts\n\nconfig/environments/prod.ts",
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(["lab", "prod"]);
  });

  it("prints [] for no change at all", () => {
    expect(changed([])).toEqual([]);
  });

  it("takes the paths as arguments too", () => {
    const r = run(["--environments-dir", ENVS, "config/environments/outpost.ts", "test/x.test.ts"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('["outpost"]\n');
  });

  it("prints every environment with --all", () => {
    const r = run(["--environments-dir", ENVS, "--all"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(["dev", "lab", "outpost", "outpost-local", "prod"]);
  });

  it("reads the repository's own environments by default", () => {
    const names = environmentNames();
    expect(names).toHaveLength(6);
    const r = run(["--all"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(names);
    expect(JSON.parse(run(["constructs/x.ts"]).stdout)).toEqual(names);
  });

  it("fails with a usage message (exit 2) on an unknown option or a folder without environments", () => {
    const bad = run(["--bogus"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown option --bogus");
    expect(bad.stderr).toContain("usage: node scripts/changed-environments.mjs");
    const empty = run(["--environments-dir", environmentsDir([]), "--all"]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/no <env>\.ts file in /);
  });
});
