import type { WalkStack } from "./manifest-stacks";
import { EXIT, type DriverOptions } from "./options";
import { stackCommands, type CommandStep } from "./stack-commands";

/** What a runner returns for one process: its exit code and everything it printed. */
export interface CommandResult {
  readonly code: number;
  readonly output: string;
}

/** Runs one process (echoing its output as it comes); tests pass a fake. */
export type Runner = (step: CommandStep) => Promise<CommandResult>;

/** How one stack ended. */
export type StackStatus =
  "no-changes" | "changes" | "planned" | "applied" | "waiting-for-upstream" | "failed" | "not-run";

/** One stack's outcome, with what its commands printed. */
export interface StackOutcome {
  readonly stack: string;
  readonly status: StackStatus;
  /** One line saying why, for anything but success. */
  readonly detail?: string;
  readonly output: string;
}

/** The walk's outcome: per stack, and the process exit code. */
export interface WalkResult {
  readonly outcomes: ReadonlyArray<StackOutcome>;
  readonly exitCode: number;
}

/** Output that means AWS refused or found no credentials: no later stack can succeed either. */
export const CREDENTIALS_FAILURE =
  /no valid credential sources|NoCredentialProviders|ExpiredToken|InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|failed to refresh cached credentials|SSO session .* expired/i;

/** Errors Terraform gives for an output or a state that is not there. */
const MISSING_VALUE =
  /Unsupported attribute|does not have an attribute named|Unable to find remote state|No stored state was found/i;
/** How cdktf reads an upstream stack: a `terraform_remote_state` data source and its `cross-stack-output-*`. */
const UPSTREAM_REFERENCE = /terraform_remote_state|cross-stack-output/;

/**
 * Whether a failed plan only reads an upstream stack's outputs before they exist: one of Terraform's
 * missing-value errors about cdktf's cross-stack reference. A missing attribute of anything else is a
 * real error and is reported as one.
 */
export function readsMissingUpstream(output: string): boolean {
  return MISSING_VALUE.test(output) && UPSTREAM_REFERENCE.test(output);
}

/** Where the walk reports as it goes (one line each). */
export type Log = (line: string) => void;

/**
 * Plans (`diff`) or applies (`deploy`) the stacks in order. diff: a stack whose upstream stack is not
 * deployed yet is reported in one line and the walk goes on; another failure is reported and the walk
 * goes on too (the exit code says so). deploy: stops at the first failure, naming what was applied.
 * Either stops at once when AWS refuses the credentials, and before the next stack once `interrupted`
 * says so (the running one is never cut short: an apply killed midway leaves state unwritten and a lock).
 */
export async function walkStacks(
  options: DriverOptions,
  stacks: ReadonlyArray<WalkStack>,
  runner: Runner,
  log: Log,
  outdir: string,
  color = false,
  interrupted: () => boolean = () => false,
): Promise<WalkResult> {
  const outcomes: StackOutcome[] = [];
  const notRun = (from: number, why: string): void => {
    for (const s of stacks.slice(from))
      outcomes.push({ stack: s.name, status: "not-run", detail: why, output: "" });
  };
  for (const [index, stack] of stacks.entries()) {
    if (interrupted()) {
      const done = outcomes.filter((o) => o.status !== "failed").map((o) => o.stack);
      log(
        `interrupted: ${stacks[index].name} and the stacks after it were not started; done: ${done.join(", ") || "nothing"}`,
      );
      notRun(index, "interrupted before it started");
      return { outcomes, exitCode: EXIT.interrupted };
    }
    log(`=== ${options.tool} ${options.command} ${stack.name} (${index + 1}/${stacks.length}) ===`);
    const { code, output } = await runAll(stackCommands(options, stack, outdir, color), runner);
    const detailed = options.command === "diff" && options.detailedExitCode;
    if (code === 0 || (detailed && code === 2)) {
      outcomes.push({ stack: stack.name, status: successStatus(options, code), output });
      continue;
    }
    if (CREDENTIALS_FAILURE.test(output)) {
      const detail = `AWS refused the credentials or found none: log in to the account of ${options.environment} (e.g. \`aws sso login\`) and run again`;
      log(`${stack.name}: ${detail}; no later stack can succeed without them.`);
      outcomes.push({ stack: stack.name, status: "failed", detail, output });
      notRun(index + 1, "stopped: no valid AWS credentials");
      return { outcomes, exitCode: EXIT.failed };
    }
    if (options.command === "deploy") {
      const applied = stacks.slice(0, index).map((s) => s.name);
      const detail = `apply failed (exit ${code}); applied before it: ${applied.join(", ") || "nothing"}`;
      log(`${stack.name}: ${detail}. Later stacks depend on it: stopping here.`);
      outcomes.push({ stack: stack.name, status: "failed", detail, output });
      notRun(index + 1, `stopped: ${stack.name} failed`);
      return { outcomes, exitCode: EXIT.failed };
    }
    if (stack.dependencies.length > 0 && readsMissingUpstream(output)) {
      const detail = `cannot be planned yet: it reads outputs of ${stack.dependencies.join(", ")}, not all deployed yet`;
      log(`${stack.name}: ${detail}. Continuing with the next stack.`);
      outcomes.push({ stack: stack.name, status: "waiting-for-upstream", detail, output });
      continue;
    }
    const detail = `plan failed (exit ${code}); see its output`;
    log(`${stack.name}: ${detail}. Continuing with the next stack.`);
    outcomes.push({ stack: stack.name, status: "failed", detail, output });
  }
  log(summaryLine(options, outcomes));
  return { outcomes, exitCode: exitCodeOf(options, outcomes) };
}

/** Runs the steps one after the other, stopping at the first that fails; output concatenated. */
async function runAll(steps: ReadonlyArray<CommandStep>, runner: Runner): Promise<CommandResult> {
  let output = "";
  let code = 0;
  for (const step of steps) {
    const result = await runner(step);
    output += result.output;
    code = result.code;
    if (code !== 0) break;
  }
  return { code, output };
}

function successStatus(options: DriverOptions, code: number): StackStatus {
  if (options.command === "deploy") return "applied";
  if (options.detailedExitCode) return code === 2 ? "changes" : "no-changes";
  return "planned";
}

function exitCodeOf(options: DriverOptions, outcomes: ReadonlyArray<StackOutcome>): number {
  if (outcomes.some((o) => o.status === "failed")) return EXIT.failed;
  const pending = outcomes.some((o) => o.status === "changes" || o.status === "waiting-for-upstream");
  return options.detailedExitCode && pending ? EXIT.changes : EXIT.ok;
}

function summaryLine(options: DriverOptions, outcomes: ReadonlyArray<StackOutcome>): string {
  const count = (status: StackStatus) => outcomes.filter((o) => o.status === status).length;
  const parts = [
    options.command === "deploy"
      ? `${count("applied")} applied`
      : `${outcomes.length - count("failed") - count("waiting-for-upstream")} planned`,
    ...(count("changes") ? [`${count("changes")} with changes`] : []),
    ...(count("waiting-for-upstream")
      ? [`${count("waiting-for-upstream")} waiting for upstream stacks`]
      : []),
    ...(count("failed") ? [`${count("failed")} failed`] : []),
  ];
  return `${options.environment}: ${outcomes.length} stack(s): ${parts.join(", ")}`;
}
