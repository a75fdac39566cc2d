import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { applyGuardrails, type GuardrailOptions } from "../../../constructs/guardrails/apply";
import type { GuardrailRule } from "../../../constructs/guardrails/rules";
import { REQUIRED_TAG_KEYS } from "../../../stacks/tags";
import { errorAnnotations } from "../../helpers/synth";

const ALL_TAGS = { environment: "t", project: "p", "managed-by": "cdktf", owner: "o", "cost-center": "c" };

/** A stack named `guarded` with every guardrail, as `applyGuardrails` registers them, and a tagged provider. */
export function guardedStack(options: Partial<GuardrailOptions> = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "guarded");
  new AwsProvider(stack, "aws", { region: "eu-west-3", defaultTags: [{ tags: ALL_TAGS }] });
  applyGuardrails(stack, { requiredTagKeys: REQUIRED_TAG_KEYS, ...options });
  return stack;
}

/** The guardrail errors of a stack (messages only), optionally those of one rule. */
export function findings(stack: TerraformStack, rule?: GuardrailRule): string[] {
  return errorAnnotations(stack)
    .map((line) => line.slice(line.indexOf(": [") + 2))
    .filter((message) => rule === undefined || message.startsWith(`[${rule}] `));
}

/** A customer-managed key ARN, literal. */
export const KEY_ARN = "arn:aws:kms:eu-west-3:111111111111:key/11111111-2222-3333-4444-555555555555";
