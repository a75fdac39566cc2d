// Runs `cdktf diff` or `cdktf deploy` over one environment's stacks, in dependency order.
// Usage: npm run diff:env -- dev      (every stack, continues past failures)
//        npm run deploy:env -- dev    (stops at the first failure; add --auto-approve to skip prompts)
// `cdktf diff` takes one stack at a time and fails on a stack whose upstream stack is not yet
// deployed (its remote state has no outputs); this walker says so and goes on with the next one.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const LAYERS = ["network", "eks", "karpenter", "data"];
const [command, envName, ...rest] = process.argv.slice(2);
if (!["diff", "deploy"].includes(command) || !envName) {
  console.error("usage: node scripts/walk-stacks.mjs <diff|deploy> <environment> [extra cdktf flags]");
  process.exit(2);
}

const env = { ...process.env, ENVIRONMENTS: envName, CHECKPOINT_DISABLE: "1" };
const synth = spawnSync("npm", ["run", "--silent", "synth"], { stdio: "inherit", env });
if (synth.status !== 0) process.exit(synth.status ?? 1);

const manifest = JSON.parse(readFileSync("cdktf.out/manifest.json", "utf8"));
const stacks = LAYERS.map((layer) => `${envName}-${layer}`).filter((name) => name in manifest.stacks);
if (stacks.length === 0) {
  console.error(`no stacks for environment "${envName}" in cdktf.out/manifest.json`);
  process.exit(1);
}

const failed = [];
for (const [index, stack] of stacks.entries()) {
  console.log(`\n=== cdktf ${command} ${stack} (${index + 1}/${stacks.length}) ===`);
  const result = spawnSync("npx", ["cdktf", command, stack, "--skip-synth", ...rest], {
    stdio: "inherit",
    env,
  });
  if (result.status === 0) continue;
  failed.push(stack);
  if (command === "deploy") {
    console.error(`\n${stack}: deploy failed; later stacks depend on it, stopping here.`);
    process.exit(result.status ?? 1);
  }
  const upstream = stacks.slice(0, index);
  console.error(
    `\n${stack}: diff failed.` +
      (upstream.length
        ? ` If ${upstream.join(", ")} ${upstream.length > 1 ? "are" : "is"} not deployed yet, this is expected: ` +
          "cdktf diff reads upstream outputs from their state. Continuing with the next stack."
        : " Continuing with the next stack."),
  );
}
console.log(
  failed.length
    ? `\n${failed.length} of ${stacks.length} diffs failed: ${failed.join(", ")}`
    : `\nall ${stacks.length} diffs ran`,
);
process.exit(failed.length === stacks.length ? 1 : 0);
