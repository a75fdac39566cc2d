import { Lazy } from "cdktf";
import { skipTokenStackTraces } from "../../stacks/token-stack-traces";

/** A lazy token's creation stack (cdktf keeps it to report where an unresolvable token came from). */
const creationStack = () =>
  (Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] }).creationStack;

describe("per-token stack traces", () => {
  it("are kept when CDKTF_TOKEN_STACK_TRACES=1 asks for them (in this process: already skipped by the setup)", () => {
    expect(skipTokenStackTraces({ CDKTF_TOKEN_STACK_TRACES: "1" })).toBe(false);
  });

  it("are skipped otherwise: a token records no creation stack", () => {
    expect(skipTokenStackTraces({})).toBe(true);
    expect(creationStack()).toEqual([]);
  });

  it("would otherwise be recorded (the check above can fail)", () => {
    const module = jest.requireActual<{ captureStackTrace: () => string[] }>(
      "cdktf/lib/tokens/private/stack-trace",
    );
    const skipped = module.captureStackTrace;
    try {
      module.captureStackTrace = () => ["at somewhere"];
      expect(creationStack()).toEqual(["at somewhere"]);
    } finally {
      module.captureStackTrace = skipped;
    }
  });
});
