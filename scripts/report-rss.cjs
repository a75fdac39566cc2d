// Preloaded by scripts/bench.mjs into each synth process: writes its peak RSS (bytes) on exit.
const { writeFileSync } = require("node:fs");
const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
}
