// Which environments a change touches, for the GitHub Actions workflows (.github/workflows/pr.yml plans them,
// deploy.yml deploys them). Prints a JSON array of environment names, in the order of the file names of
// config/environments/*.ts (sorted), on one line.
// Usage: git diff --name-only A B | node scripts/changed-environments.mjs      (paths on stdin, one a line)
//        node scripts/changed-environments.mjs constructs/eks/cluster.ts config/environments/dev.ts
//        node scripts/changed-environments.mjs --all                          (every environment)
// Options: --environments-dir DIR (default config/environments, relative to the repository root).
// Rules (the first that matches a path decides; a path no rule matches changes nothing):
//   config/environments/<env>.ts    that environment (a name with no file any more, a deleted environment:
//                                   nothing to plan; removing an environment destroys nothing)
//   anything else under config/     every environment: organisation, state backends, schema, rules,
//                                   catalogues, version lists and node pools are shared by all of them
//   constructs/, stacks/, delivery/, scripts/, main.ts, package.json, package-lock.json, cdktf.json, tsconfig.json
//                                   every environment: code and tooling every stack is built with
//   anything else (test/, README.md, .github/, .ci/, ...)  nothing: it does not change a synthesized stack
import { readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Path prefixes (ending in `/`) and exact paths whose change affects every environment. */
export const ALL_ENVIRONMENTS = [
  "config/",
  "constructs/",
  "stacks/",
  "delivery/",
  "scripts/",
  "main.ts",
  "package.json",
  "package-lock.json",
  "cdktf.json",
  "tsconfig.json",
];

const ENVIRONMENT_FILE = /^config\/environments\/([^/]+)\.ts$/;

/** Environment names: the `<name>.ts` files of the environments folder, sorted. */
export function listEnvironments(dir = join(ROOT, "config/environments")) {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts"))
    .map((file) => file.slice(0, -".ts".length))
    .sort();
}

/** A path as git prints it, relative to the repository root with `/` separators. */
function normalize(path) {
  return path.trim().replace(/\\/g, "/").replace(/^\.\//, "");
}

/** What one changed path affects: "all", an environment's name, or undefined (nothing). */
export function affected(path, environments) {
  const p = normalize(path);
  if (p === "") return undefined;
  const envFile = ENVIRONMENT_FILE.exec(p);
  if (envFile) return environments.includes(envFile[1]) ? envFile[1] : undefined;
  const all = ALL_ENVIRONMENTS.some((rule) => (rule.endsWith("/") ? p.startsWith(rule) : p === rule));
  return all ? "all" : undefined;
}

/** The environments the changed paths affect, in the order of `environments`. */
export function changedEnvironments(paths, environments) {
  const hit = new Set();
  for (const path of paths) {
    const a = affected(path, environments);
    if (a === "all") return [...environments];
    if (a) hit.add(a);
  }
  return environments.filter((name) => hit.has(name));
}

function main(argv) {
  let dir = join(ROOT, "config/environments");
  let all = false;
  const paths = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--all") all = true;
    else if (arg === "--environments-dir") {
      const value = argv[(i += 1)];
      if (!value) throw new UsageError("--environments-dir needs a folder");
      dir = isAbsolute(value) ? value : resolve(ROOT, value);
    } else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  const environments = listEnvironments(dir);
  if (environments.length === 0) throw new UsageError(`no <env>.ts file in ${dir}`);
  if (all) return environments;
  // No path argument: the paths come on standard input, one a line (`git diff --name-only`).
  const input = paths.length > 0 ? paths : readFileSync(0, "utf8").split("\n");
  return changedEnvironments(input, environments);
}

class UsageError extends Error {}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(JSON.stringify(main(process.argv.slice(2))));
  } catch (error) {
    console.error(`changed-environments: ${error instanceof Error ? error.message : String(error)}`);
    console.error("usage: node scripts/changed-environments.mjs [--all] [--environments-dir DIR] [path ...]");
    process.exitCode = 2;
  }
}
