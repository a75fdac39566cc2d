import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { App } from "cdktf";
import { STATE_BACKENDS } from "../../../config/state-backends";
import {
  guardrailsBlockOf,
  renderGuardrailsBlock,
  replaceGuardrailsBlock,
  stackIndependentPath,
} from "../../../constructs/guardrails/readme";
import { GUARDRAIL_RULES } from "../../../constructs/guardrails/rules";
import { suppressionsUnder, type GuardrailSuppression } from "../../../constructs/guardrails/suppressions";
import { buildCiStacks } from "../../../stacks/app";
import { buildApp, ENVIRONMENTS, errorAnnotations, stacksOf } from "../../helpers/synth";

const README = join(__dirname, "../../../README.md");

/**
 * Every shipped environment, synthesized once: no stack may carry a guardrail error, and the README
 * lists exactly the rules of the catalogue and the suppressions the code applies.
 * `UPDATE_README=1 npx jest test/constructs/guardrails/readme.test.ts` rewrites the README block.
 */
describe("guardrails over every shipped environment", () => {
  let app: App;
  let errors: string[];
  let suppressions: GuardrailSuppression[];
  let ciStacks: string[];

  beforeAll(() => {
    // What main.ts builds: the state stacks, the CI stacks and every environment's stacks.
    app = buildApp();
    ciStacks = buildCiStacks(app, ENVIRONMENTS, ENVIRONMENTS).map((stack) => stack.node.id);
    const stacks = [...stacksOf(app).values()];
    stacks.forEach((stack) => stack.prepareStack());
    errors = stacks.flatMap((stack) => errorAnnotations(stack));
    suppressions = suppressionsUnder(app);
  });

  it("synthesizes every stack of every environment with no guardrail error", () => {
    expect(stacksOf(app).size).toBeGreaterThan(20);
    expect(ciStacks.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it("applies no stale suppression: each one lets a finding through in some environment", () => {
    expect(suppressions.length).toBeGreaterThan(0);
    expect(suppressions.filter((s) => !s.used).map((s) => `${s.path} ${s.rule}`)).toEqual([]);
  });

  it("lists every rule and every suppression in use in the README, generated from code", () => {
    const names = {
      environments: ENVIRONMENTS.map((env) => env.name),
      stateStacks: STATE_BACKENDS.map((backend) => backend.name),
      ciStacks,
    };
    const expected = renderGuardrailsBlock(
      suppressions.map((s) => ({ ...s, path: stackIndependentPath(s.path, names) })),
    );
    expect(expected.split("\n").filter((line) => /^\| `[a-z0-9-]+` /.test(line))).toHaveLength(
      GUARDRAIL_RULES.length,
    );
    const text = readFileSync(README, "utf8");
    if (process.env.UPDATE_README === "1") {
      writeFileSync(README, replaceGuardrailsBlock(text, expected));
      return;
    }
    const actual = guardrailsBlockOf(text);
    if (actual !== expected) {
      // The block to paste, or regenerate with UPDATE_README=1 npx jest test/constructs/guardrails/readme.test.ts
      console.log(`README.md guardrails block should be:\n${expected}`);
    }
    expect(actual).toBe(expected);
  });
});
