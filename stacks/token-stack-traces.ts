/**
 * cdktf records a full stack trace for every token it creates (to say where a token came from when
 * it cannot be resolved). A synth creates tens of thousands: that capture is about a tenth of the
 * synth time, and the output does not depend on it. {@link skipTokenStackTraces} replaces it with an
 * empty trace unless `CDKTF_TOKEN_STACK_TRACES=1` asks for them back (to debug an unresolved token).
 */

/** Set to 1 to keep cdktf's per-token stack traces. */
export const TOKEN_STACK_TRACES_VARIABLE = "CDKTF_TOKEN_STACK_TRACES";

/** Call before any construct is created. Returns whether traces are now skipped. */
export function skipTokenStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[TOKEN_STACK_TRACES_VARIABLE] === "1") return false;
  // cdktf calls it through this module's exports object at each use, so replacing it there is enough.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a private module of cdktf 0.21, pinned
  const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] };
  stackTrace.captureStackTrace = () => [];
  return true;
}
