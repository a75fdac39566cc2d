// dist/main.js: runs the bundled app (dist/app.js) through V8's code cache, which Node 20 does not
// offer for CommonJS (Node 22 has module.enableCompileCache). A warm run skips parsing and the lazy
// compilation of every function the previous run compiled (measured: ~1060 -> ~900 ms for all
// environments). The cache is keyed by the bundle's SHA-256 (written here by scripts/build.mjs),
// so an unchanged build reuses it and a changed one never does; V8 itself refuses a cache of another
// Node version or flags, and the file is then rewritten. DATA_PLATFORM_COMPILE_CACHE=0 turns it off.
"use strict";
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

const BUNDLE_SHA256 = "__BUNDLE_SHA256__";
const app = join(__dirname, "app.js");
const cacheDir = join(__dirname, "..", "node_modules", ".cache", "data-platform");
const cacheFile = join(cacheDir, `app-${BUNDLE_SHA256.slice(0, 16)}-${process.version}-${process.arch}.v8`);
const enabled = process.env.DATA_PLATFORM_COMPILE_CACHE !== "0";

let cachedData;
if (enabled) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // first run of this build
  }
}
const script = new Script(Module.wrap(readFileSync(app, "utf8")), { filename: app, cachedData });
if (enabled && (!cachedData || script.cachedDataRejected)) {
  // Written at exit, so the cache holds every function the run compiled, not only the top level.
  process.once("exit", () => {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const partial = `${cacheFile}.${process.pid}`;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cacheFile); // atomic: concurrent synths never read half a file
      // Caches of earlier builds are never read again.
      for (const stale of readdirSync(cacheDir).filter(
        (f) => f.endsWith(".v8") && join(cacheDir, f) !== cacheFile,
      )) {
        rmSync(join(cacheDir, stale), { force: true });
      }
    } catch {
      // a read-only checkout only loses the speed-up
    }
  });
}
const mod = new Module(app, module);
mod.filename = app;
mod.paths = Module._nodeModulePaths(__dirname);
script.runInThisContext()(mod.exports, (id) => mod.require(id), mod, app, __dirname);
