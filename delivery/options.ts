/** What a driver does to each stack: plan it, or apply it. */
export type DriverCommand = "diff" | "deploy";

/** What runs the plan or apply of one stack. */
export type DriverTool = "cdktf" | "terraform" | "tofu";

/** The parsed command line of `npm run diff|deploy -- <env> …`. */
export interface DriverOptions {
  /** `diff` plans, `deploy` applies. */
  readonly command: DriverCommand;
  /** The environment whose stacks are walked. */
  readonly environment: string;
  /** Stacks to walk (full names or layers), in any order; empty means every stack of the environment. */
  readonly stacks: ReadonlyArray<string>;
  /** `cdktf diff|deploy <stack>`, or `terraform`/`tofu` init + plan|apply in the synthesized stack directory. */
  readonly tool: DriverTool;
  /** Apply without asking (deploy only). */
  readonly autoApprove: boolean;
  /** Exit 3 when a plan is not empty (diff with terraform/tofu only). */
  readonly detailedExitCode: boolean;
  /**
   * Plan without taking the state lock (diff with terraform/tofu only): what pull-request and drift
   * plans do, so a read-only role never holds, waits for or could remove the lock of a running apply.
   */
  readonly noLock: boolean;
  /** Where to write a markdown summary (PR comment, drift issue), if anywhere. */
  readonly markdownFile?: string;
  /** Reuse the synthesized output instead of synthesizing the environment first. */
  readonly synth: boolean;
}

/** Exit codes of the drivers, documented in README ("Deploy and diff"). */
export const EXIT = {
  /** Every stack planned or applied (diff: and, with `--detailed-exitcode`, nothing to change). */
  ok: 0,
  /** A stack failed (deploy stops there), or AWS refused the credentials. */
  failed: 1,
  /** The command line is wrong: unknown flag, environment or stack. */
  usage: 2,
  /** `diff --detailed-exitcode`: at least one stack has changes (or waits for an upstream stack). */
  changes: 3,
  /** Interrupted (SIGINT/SIGTERM): the running stack was let finish, the rest not started. */
  interrupted: 130,
} as const;

/** A command line the driver cannot run; printed with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const USAGE = `usage: npm run diff -- <environment> [--stacks a,b] [--tool cdktf|terraform|tofu] [--detailed-exitcode] [--no-lock] [--markdown FILE] [--no-synth]
       npm run deploy -- <environment> [--stacks a,b] [--tool cdktf|terraform|tofu] [--auto-approve] [--markdown FILE] [--no-synth]
exit codes: 0 done, 1 a stack failed, 2 usage, 3 diff --detailed-exitcode found changes, 130 interrupted`;

const TOOLS: ReadonlyArray<DriverTool> = ["cdktf", "terraform", "tofu"];
/** An environment name as config allows it: nothing a shell or a path could misread. */
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]*$/;

/** Parses `<diff|deploy> <environment> [flags]`; throws {@link UsageError} on anything unknown. */
export function parseDriverArgs(argv: ReadonlyArray<string>): DriverOptions {
  const [command, ...rest] = argv;
  if (command !== "diff" && command !== "deploy") {
    throw new UsageError(`expected "diff" or "deploy" as the command, received ${JSON.stringify(command)}`);
  }
  let environment: string | undefined;
  let stacks: string[] = [];
  let tool: DriverTool = "cdktf";
  let autoApprove = false;
  let detailedExitCode = false;
  let noLock = false;
  let markdownFile: string | undefined;
  let synth = true;
  const valueOf = (flag: string, index: number): string => {
    const value = rest[index + 1];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return value;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    switch (arg) {
      case "--stacks":
        stacks = valueOf(arg, i)
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
        if (stacks.length === 0) throw new UsageError("--stacks needs at least one stack name");
        i++;
        break;
      case "--tool": {
        const value = valueOf(arg, i);
        if (!(TOOLS as ReadonlyArray<string>).includes(value)) {
          throw new UsageError(
            `--tool: expected one of ${TOOLS.join(", ")}, received ${JSON.stringify(value)}`,
          );
        }
        tool = value as DriverTool;
        i++;
        break;
      }
      case "--markdown":
        markdownFile = valueOf(arg, i);
        i++;
        break;
      case "--auto-approve":
        autoApprove = true;
        break;
      case "--detailed-exitcode":
        detailedExitCode = true;
        break;
      case "--no-synth":
        synth = false;
        break;
      case "--no-lock":
        noLock = true;
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown flag ${JSON.stringify(arg)}`);
        if (environment !== undefined) {
          throw new UsageError(`one environment at a time: received ${environment} and ${arg}`);
        }
        environment = arg;
    }
  }
  if (environment === undefined) throw new UsageError("name the environment, e.g. `npm run diff -- dev`");
  if (!ENVIRONMENT_NAME.test(environment)) {
    throw new UsageError(
      `environment: expected a name of lower-case letters, digits and hyphens, received ${JSON.stringify(environment)}`,
    );
  }
  if (autoApprove && command !== "deploy") throw new UsageError("--auto-approve applies to deploy only");
  if (detailedExitCode && command !== "diff")
    throw new UsageError("--detailed-exitcode applies to diff only");
  if (detailedExitCode && tool === "cdktf") {
    throw new UsageError(
      "--detailed-exitcode needs --tool terraform or --tool tofu (cdktf diff has no exit code for changes)",
    );
  }
  if (noLock && command !== "diff")
    throw new UsageError("--no-lock applies to diff only (an apply always locks)");
  if (noLock && tool === "cdktf") {
    throw new UsageError("--no-lock needs --tool terraform or --tool tofu (cdktf diff has no such option)");
  }
  return { command, environment, stacks, tool, autoApprove, detailedExitCode, noLock, markdownFile, synth };
}
