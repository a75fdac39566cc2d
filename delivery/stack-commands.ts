import { join } from "node:path";
import type { DriverOptions } from "./options";
import type { WalkStack } from "./manifest-stacks";

/** One process to run: program, arguments, working directory. */
export interface CommandStep {
  readonly program: string;
  readonly args: ReadonlyArray<string>;
  /** Working directory (the project root for cdktf, the synthesized stack directory otherwise). */
  readonly cwd: string;
}

/** Minutes a plan or apply waits for another run's state lock before failing. */
export const LOCK_TIMEOUT = "5m";

/**
 * The processes that plan or apply one stack. cdktf: `cdktf diff|deploy <stack> --skip-synth` (one
 * stack at a time: `--ignore-missing-stack-dependencies`, the walk orders them). terraform/tofu:
 * `init` then `plan` or `apply` in the stack's synthesized directory, which is plain Terraform JSON.
 */
export function stackCommands(
  options: DriverOptions,
  stack: WalkStack,
  outdir: string,
  color: boolean,
): CommandStep[] {
  if (options.tool === "cdktf") {
    const args = [
      "cdktf",
      options.command,
      stack.name,
      "--skip-synth",
      "--output",
      outdir,
      ...(color ? [] : ["--no-color"]),
      ...(options.command === "deploy"
        ? ["--ignore-missing-stack-dependencies", ...(options.autoApprove ? ["--auto-approve"] : [])]
        : []),
    ];
    return [{ program: "npx", args, cwd: "." }];
  }
  const cwd = join(outdir, stack.workingDirectory);
  const noColor = color ? [] : ["-no-color"];
  const init: CommandStep = { program: options.tool, args: ["init", "-input=false", ...noColor], cwd };
  if (options.command === "diff") {
    const plan = [
      "plan",
      "-input=false",
      ...(options.noLock ? ["-lock=false"] : [`-lock-timeout=${LOCK_TIMEOUT}`]),
      ...(options.detailedExitCode ? ["-detailed-exitcode"] : []),
      ...noColor,
    ];
    return [init, { program: options.tool, args: plan, cwd }];
  }
  // Without -auto-approve, apply asks on the terminal: -input=false would refuse to ask.
  const apply = options.autoApprove
    ? ["apply", "-input=false", "-auto-approve", `-lock-timeout=${LOCK_TIMEOUT}`, ...noColor]
    : ["apply", `-lock-timeout=${LOCK_TIMEOUT}`, ...noColor];
  return [init, { program: options.tool, args: apply, cwd }];
}
