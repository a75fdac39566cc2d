import type { z } from "zod";

/**
 * Turns a catalogue check (`value => problem | undefined`) into a zod refinement, so a value AWS
 * would refuse is reported like any other schema problem: the field, the value, what is allowed.
 */
export function byCatalogue<T>(check: (value: T) => string | undefined) {
  return (value: T, ctx: z.RefinementCtx<T>): void => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
  };
}
