import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { environmentStacks, type SynthManifest } from "./manifest-stacks";
import { renderMarkdown } from "./markdown";
import { EXIT, parseDriverArgs, USAGE, UsageError } from "./options";
import { runningChild, runProcess } from "./process-runner";
import { walkStacks } from "./walk";

/**
 * `npm run diff|deploy -- <env> …`: synthesizes the environment (unless `--no-synth`), then plans or
 * applies its stacks in dependency order. Exit codes: see {@link EXIT}.
 */
async function main(argv: ReadonlyArray<string>): Promise<number> {
  const options = parseDriverArgs(argv);
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  if (options.synth) {
    const synth = spawnSync(process.execPath, [join("dist", "main.js")], {
      stdio: "inherit",
      env: { ...process.env, ENVIRONMENTS: options.environment },
    });
    if (synth.status !== 0) return EXIT.failed;
  }
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new UsageError(`${manifestPath} does not exist: run \`npm run synth\` first or drop --no-synth`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as SynthManifest;
  const stacks = environmentStacks(manifest, options.environment, options.stacks);
  const log = (line: string) => process.stderr.write(`\n${line}\n`);
  // Ctrl-C reaches Terraform too (same process group), which stops gracefully: this process must not
  // die first (its pipes would break Terraform's output) nor start the next stack. A second interrupt
  // is passed on to the running process, for whoever really wants it to stop now.
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    log(
      interrupts === 1
        ? `${signal}: letting the running stack finish (Terraform stops gracefully), then stopping; again to pass it on`
        : `${signal}: passed on to the running process`,
    );
    if (interrupts > 1) runningChild()?.kill(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.stdout.on("error", () => undefined); // a closed reader must not kill an apply in progress
  const result = await walkStacks(
    options,
    stacks,
    runProcess,
    log,
    outdir,
    process.stdout.isTTY === true,
    () => interrupts > 0,
  );
  if (options.markdownFile !== undefined) {
    writeFileSync(options.markdownFile, renderMarkdown(options, result.outcomes));
  }
  return result.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(EXIT.usage);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT.failed);
  },
);
