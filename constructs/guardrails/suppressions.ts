import type { IConstruct } from "constructs";

/** Identifiers of the guardrail rules that can be suppressed. */
export type GuardrailRule = "required-tags" | "imdsv2-required" | "encrypted-storage" | "private-databases";

const SUPPRESSIONS = new WeakMap<IConstruct, Map<GuardrailRule, string>>();

/**
 * Exempts a construct and everything under it from one guardrail. A reason is mandatory and is
 * the documented opt-out: `suppressGuardrail(resource, "required-tags", "tags unsupported by …")`.
 */
export function suppressGuardrail(scope: IConstruct, rule: GuardrailRule, reason: string): void {
  if (reason.trim().length < 10) {
    throw new Error(`${scope.node.path}: suppressing "${rule}" needs a reason of at least 10 characters`);
  }
  const rules = SUPPRESSIONS.get(scope) ?? new Map<GuardrailRule, string>();
  rules.set(rule, reason);
  SUPPRESSIONS.set(scope, rules);
}

/** Whether `node` or one of its scopes suppresses `rule`. */
export function isSuppressed(node: IConstruct, rule: GuardrailRule): boolean {
  return node.node.scopes.some((scope) => SUPPRESSIONS.get(scope)?.has(rule) ?? false);
}
