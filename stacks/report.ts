import { relative } from "node:path";
import type { TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../config/define";
import { ConfigError, ConfigErrors } from "../config/errors";
import { ValidationError } from "../constructs/core/validation-error";
import type { EnvironmentStacks } from "./app";

/** Set to show the stack trace of a configuration or validation error (`DEBUG=1 npm run synth`). */
export const DEBUG_VARIABLE = "DEBUG";

/** Errors of the user's input, printed as their message alone: the trace would only point at us. */
const isInputError = (error: unknown): error is Error =>
  error instanceof ConfigError ||
  error instanceof ConfigErrors ||
  error instanceof ValidationError ||
  (error instanceof Error &&
    (/^(?:ENVIRONMENTS|DATA_PLATFORM_TODAY): /.test(error.message) ||
      /^Encountered Annotations with level "ERROR"/.test(error.message)));

/**
 * Where diagnostics go: standard error, except under the cdktf CLI (which sets `CDKTF_CONTEXT_JSON`
 * for the app). The CLI logs each line an app writes to standard error as `[ERROR]` as it comes, then
 * quotes it twice more when synth fails; standard output it prints once as it comes and quotes once.
 */
export function diagnosticStream(): NodeJS.WritableStream {
  return process.env.CDKTF_CONTEXT_JSON !== undefined ? process.stdout : process.stderr;
}

/**
 * Prints why synth failed, once, and returns the exit code: input errors as one readable block (the
 * trace with `DEBUG` set), anything else with its trace (a bug to report).
 */
export function reportFailure(error: unknown, stream: NodeJS.WritableStream = diagnosticStream()): number {
  if (isInputError(error) && !process.env[DEBUG_VARIABLE]) {
    stream.write(`${error.message}\n`);
  } else {
    stream.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  return 1;
}

/**
 * Prints one line per state stack, per CI stack and per environment (its stacks, in deployment
 * order), and where they were written.
 */
export function reportSynth(
  outdir: string,
  states: ReadonlyArray<TerraformStack>,
  built: ReadonlyArray<{ readonly env: EnvironmentConfig; readonly stacks: EnvironmentStacks }>,
  cis: ReadonlyArray<TerraformStack> = [],
): void {
  const where = `${relative(process.cwd(), outdir) || "."}/stacks/`;
  const lines = [
    ...states.map((stack) => `state backend: ${stack.node.id}`),
    ...cis.map((stack) => `ci roles: ${stack.node.id}`),
    ...built.map(({ env, stacks }) => {
      const names = [stacks.network, stacks.eks, stacks.karpenter, stacks.data, stacks.workloads, stacks.ecs]
        .filter((stack): stack is NonNullable<typeof stack> => stack !== undefined)
        .map((stack) => stack.node.id);
      return `${env.name}: ${names.join(" -> ")}`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\nwritten to ${where}\n`);
}
