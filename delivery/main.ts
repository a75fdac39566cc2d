import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { environmentStacks, type SynthManifest } from "./manifest-stacks";
import { renderMarkdown } from "./markdown";
import { EXIT, parseDriverArgs, USAGE, UsageError } from "./options";
import { runProcess } from "./process-runner";
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
  const result = await walkStacks(options, stacks, runProcess, log, outdir, process.stdout.isTTY === true);
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
