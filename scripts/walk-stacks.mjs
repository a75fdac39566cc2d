// Runs `cdktf diff` or `cdktf deploy` over one environment's stacks, in dependency order.
// Usage: npm run diff:env -- dev      (every stack, continues past a stack whose upstream is missing)
//        npm run deploy:env -- dev    (stops at the first failure; add --auto-approve to skip prompts)
// `cdktf diff` takes one stack at a time and fails on a stack whose upstream stack is not yet
// deployed (its remote state has no outputs); this walker says so and goes on with the next one.
// A failure of credentials or of anything else is not that: it is reported as what it is and stops.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const LAYERS = ["network", "eks", "karpenter", "data"];
const [command, envName, ...rest] = process.argv.slice(2);
if (!["diff", "deploy"].includes(command) || !envName) {
  console.error("usage: node scripts/walk-stacks.mjs <diff|deploy> <environment> [extra cdktf flags]");
  process.exit(2);
}

/** Output that means AWS refused or found no credentials: no later stack can succeed either. */
const CREDENTIALS_FAILURE =
  /no valid credential sources|NoCredentialProviders|ExpiredToken|InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|failed to refresh cached credentials|SSO session .* expired/i;
/** Output of a plan that reads an upstream stack's outputs before they exist. */
const MISSING_UPSTREAM =
  /Unsupported attribute|does not have an attribute named|This object does not have an attribute|No stored state was found|empty state/i;

const env = { ...process.env, ENVIRONMENTS: envName, CHECKPOINT_DISABLE: "1" };
const synth = spawnSync("npm", ["run", "--silent", "synth"], { stdio: "inherit", env });
if (synth.status !== 0) process.exit(synth.status ?? 1);

const manifest = JSON.parse(readFileSync("cdktf.out/manifest.json", "utf8"));
// Exact names: a glob such as `outpost-*` would also pick `outpost-local-*`.
const stacks = LAYERS.map((layer) => `${envName}-${layer}`).filter((name) => name in manifest.stacks);
if (stacks.length === 0) {
  console.error(`no stacks for environment "${envName}" in cdktf.out/manifest.json`);
  process.exit(1);
}

/** Runs one cdktf command, echoing its output, and resolves to its exit code and output. */
function runCdktf(stack) {
  return new Promise((resolve) => {
    const child = spawn("npx", ["cdktf", command, stack, "--skip-synth", ...rest], {
      stdio: ["inherit", "pipe", "pipe"],
      env,
    });
    let output = "";
    const keep = (stream, sink) =>
      stream.on("data", (chunk) => {
        output += chunk;
        sink.write(chunk);
      });
    keep(child.stdout, process.stdout);
    keep(child.stderr, process.stderr);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

const skipped = [];
for (const [index, stack] of stacks.entries()) {
  console.log(`\n=== cdktf ${command} ${stack} (${index + 1}/${stacks.length}) ===`);
  const { code, output } = await runCdktf(stack);
  if (code === 0) continue;
  if (CREDENTIALS_FAILURE.test(output)) {
    console.error(
      `\n${stack}: AWS refused the credentials or found none (not a missing upstream stack). Log in to` +
        ` the account of ${envName} (e.g. \`aws sso login\`) and run again; no later stack can succeed without them.`,
    );
    process.exit(code);
  }
  if (command === "deploy") {
    console.error(`\n${stack}: deploy failed; later stacks depend on it, stopping here.`);
    console.error(`applied before it: ${stacks.slice(0, index).join(", ") || "nothing"}`);
    process.exit(code);
  }
  const upstream = stacks.slice(0, index);
  if (upstream.length > 0 && MISSING_UPSTREAM.test(output)) {
    console.error(
      `\n${stack}: cannot be planned yet: it reads outputs of ${upstream.join(", ")}, which ${
        upstream.length > 1 ? "are" : "is"
      } not deployed. Continuing with the next stack.`,
    );
    skipped.push(stack);
    continue;
  }
  console.error(`\n${stack}: diff failed (see the output above); stopping.`);
  process.exit(code);
}
console.log(
  skipped.length
    ? `\n${stacks.length - skipped.length} of ${stacks.length} diffs ran; waiting for upstream stacks: ${skipped.join(", ")}`
    : `\nall ${stacks.length} diffs ran`,
);
