// Transpiles the app (no type-check: `npm run typecheck` does that) to dist/ with esbuild.
// One file in, one file out, so config/environments/ can still be discovered by listing a folder.
import { build } from "esbuild";
import { readdirSync, statSync, rmSync } from "node:fs";
import { join } from "node:path";

const ROOTS = ["main.ts", "config", "constructs", "stacks"];

function collect(path) {
  if (statSync(path).isFile()) return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  return readdirSync(path).flatMap((entry) => collect(join(path, entry)));
}

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
