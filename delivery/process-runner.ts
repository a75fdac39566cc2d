import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import type { CommandStep } from "./stack-commands";
import type { CommandResult } from "./walk";

/**
 * Runs a step as a child process without a shell (arguments are never re-parsed), the terminal's
 * input passed through (an apply without `--auto-approve` asks there), its output echoed as it
 * comes and kept for the walk's decisions and the markdown summary.
 */
let running: ChildProcess | undefined;

/** The process running now, if any (the driver passes it a second interrupt). */
export function runningChild(): ChildProcess | undefined {
  return running;
}

export function runProcess(step: CommandStep): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(step.program, [...step.args], {
      cwd: step.cwd,
      stdio: ["inherit", "pipe", "pipe"],
      env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: process.env.CI ? "1" : "" },
    });
    let output = "";
    const keep = (stream: NodeJS.ReadableStream, sink: NodeJS.WritableStream) =>
      stream.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        sink.write(chunk);
      });
    keep(child.stdout, process.stdout);
    keep(child.stderr, process.stderr);
    running = child;
    child.on("error", (error) => {
      running = undefined;
      resolve({ code: 127, output: `${output}${step.program}: ${error.message}\n` });
    });
    // A process killed by a signal has no exit code: 128 + the signal's number, as shells report it.
    child.on("close", (code, signal) => {
      running = undefined;
      resolve({ code: code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1), output });
    });
  });
}
