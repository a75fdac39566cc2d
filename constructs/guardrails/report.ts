import { Annotations, TerraformDataSource, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import type { GuardrailRule } from "./rules";
import { isSuppressed } from "./suppressions";

/** A resource or data source: what the guardrails judge. */
export type GuardedElement = TerraformResource | TerraformDataSource;

/**
 * Reports a finding of `rule` on `node`, unless a scope of it suppresses the rule: an error annotation
 * that fails synth, `[rule] <construct path> (<terraform type>): <what to set>`. The path starts
 * with the stack's name.
 */
export function reportViolation(node: IConstruct, rule: GuardrailRule, what: string): void {
  if (isSuppressed(node, rule)) return;
  const type =
    node instanceof TerraformResource || node instanceof TerraformDataSource
      ? ` (${node.terraformResourceType})`
      : "";
  Annotations.of(node).addError(`[${rule}] ${node.node.path}${type}: ${what}`);
}
