// Synthesizes the app in fresh processes (node directly, as cdktf.json's app does after the build)
// and prints median wall time and peak RSS: for each environment alone and for all of them.
// Usage: npm run bench [-- --runs 7]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
/** Budget of a synth of all environments (median wall, median peak RSS), from the issues. */
const BUDGET = {
  wallMs: 1200,
  rssMb: 300,
  scope: "every stack of every environment, data layer included",
};
const work = mkdtempSync(join(tmpdir(), "bench-"));

function run(step, args, env = {}) {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${step} failed with exit code ${result.status}`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(selection, env = {}) {
  const walls = [];
  const rss = [];
  let stacks = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const outdir = join(work, `out-${selection || "all"}-${i}`);
    const rssFile = join(work, "rss");
    const start = process.hrtime.bigint();
    run(`synth ${selection || "all"}`, ["--require", "./scripts/report-rss.cjs", "dist/main.js"], {
      ENVIRONMENTS: selection,
      CDKTF_OUTDIR: outdir,
      BENCH_RSS_FILE: rssFile,
      ...env,
    });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    rss.push(Number(readFileSync(rssFile, "utf8")) / 1024 / 1024);
    stacks = readdirSync(join(outdir, "stacks")).length;
    rmSync(outdir, { recursive: true, force: true });
  }
  return {
    selection: env.DATA_PLATFORM_COMPILE_CACHE === "0" ? "(all, cold)" : selection || "(all)",
    stacks,
    wall: median(walls),
    rss: median(rss),
    maxRss: Math.max(...rss),
  };
}

run("build", ["scripts/build.mjs"]);
const environments = readdirSync("dist/config/environments")
  .filter((f) => f.endsWith(".js"))
  .map((f) => f.replace(/\.js$/, ""))
  .sort();
// Warm: dist/main.js reuses V8's code cache of this build (written by the first run, which each row
// then repeats). Cold: no code cache, as the first synth after a change.
const rows = [
  ...environments.map((e) => measure(e)),
  measure("", { DATA_PLATFORM_COMPILE_CACHE: "0" }),
  measure(""),
];
rmSync(work, { recursive: true, force: true });

console.log(
  `\nsynth benchmark: ${RUNS} fresh processes each, node ${process.version}, median wall / median and max peak RSS`,
);
console.log("environments    stacks   wall (ms)   peak RSS (MB)   max RSS (MB)");
for (const r of rows) {
  console.log(
    `${r.selection.padEnd(15)} ${String(r.stacks).padStart(6)} ${r.wall.toFixed(0).padStart(11)} ${r.rss.toFixed(0).padStart(15)} ${r.maxRss.toFixed(0).padStart(14)}`,
  );
}

// Judged on both: a synth after a change must fit too.
let within = true;
for (const r of rows.slice(-2)) {
  const fits = r.wall <= BUDGET.wallMs && r.rss <= BUDGET.rssMb;
  within &&= fits;
  console.log(
    `${r === rows[rows.length - 1] ? "" : "\n"}budget (${BUDGET.scope}) ${r.selection}: ${BUDGET.wallMs} ms, ${BUDGET.rssMb} MB -> ` +
      `${r.wall.toFixed(0)} ms, ${r.rss.toFixed(0)} MB: ${fits ? "within budget" : "OVER BUDGET"}`,
  );
}
process.exit(within ? 0 : 1);
