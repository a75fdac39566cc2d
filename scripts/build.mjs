// Builds the app with esbuild (no type-check: `npm run typecheck` does that), in two forms:
// - dist/app.js: the app and its npm dependencies in one bundle, run by dist/main.js (what `npm run
//   synth`, `cdktf synth` and the bench run; scripts/launcher.cjs: it adds V8's code cache). One file
//   loads faster than ~735 modules (resolution and a file read per module: ~100 ms of a synth).
//   The environment files of config/environments/ are bundled too, each behind a lazy require
//   (the virtual module below replaces config/bundled-environments.ts), so adding an environment
//   is still adding a file and a file that fails is reported like any other.
// - dist/<folder>/*.js: each source file transpiled alone, for scripts that import one module
//   (scripts/verify.mjs reads dist/config/load.js) and for the diff/deploy drivers (dist/delivery/main.js).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOTS = ["main.ts", "config", "constructs", "stacks", "delivery"];
const ENVIRONMENTS = "config/environments";

function collect(path) {
  if (statSync(path).isFile()) return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  return readdirSync(path).flatMap((entry) => collect(join(path, entry)));
}

/** Replaces config/bundled-environments.ts with a map of every environment file, each loaded on demand. */
const bundledEnvironments = {
  name: "bundled-environments",
  setup(b) {
    b.onLoad({ filter: /[\\/]config[\\/]bundled-environments\.ts$/ }, () => {
      const files = readdirSync(ENVIRONMENTS)
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
        .sort();
      const entries = files.map(
        (f) => `  [${JSON.stringify(f)}, () => require(${JSON.stringify(`./environments/${f}`)})],`,
      );
      return {
        contents: `export const BUNDLED_ENVIRONMENT_FILES = new Map([\n${entries.join("\n")}\n]);\n`,
        loader: "ts",
        resolveDir: resolve("config"),
      };
    });
  },
};

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: ROOTS.flatMap(collect),
  outdir: "dist",
  outbase: ".",
  format: "cjs",
  platform: "node",
  target: "node20",
  sourcemap: "inline",
  logLevel: "warning",
});
await build({
  entryPoints: ["main.ts"],
  outfile: "dist/app.js",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // A linked map (read only under --enable-source-maps): an inline one would be parsed on every run.
  sourcemap: "linked",
  plugins: [bundledEnvironments],
  logLevel: "warning",
});
const bundleSha256 = createHash("sha256").update(readFileSync("dist/app.js")).digest("hex");
writeFileSync(
  "dist/main.js",
  readFileSync("scripts/launcher.cjs", "utf8").replace("__BUNDLE_SHA256__", bundleSha256),
);
