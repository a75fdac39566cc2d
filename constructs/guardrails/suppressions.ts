import type { IConstruct } from "constructs";
import type { GuardrailRule } from "./rules";

export type { GuardrailRule } from "./rules";

/** One opt-out: the rule a construct (and everything under it) is exempt from, and why. */
export interface GuardrailSuppression {
  /** Construct path of the suppressing scope (`dev-data/ObjectStore/trino-exchange`). */
  readonly path: string;
  /** The rule suppressed. */
  readonly rule: GuardrailRule;
  /** Why: the documented reason. */
  readonly reason: string;
  /** Whether it let at least one finding through in the synths run so far (an unused one is stale). */
  readonly used: boolean;
}

interface Entry {
  readonly reason: string;
  used: boolean;
}

/** The registry: every suppression applied, by scope. A WeakMap, so apps built in tests are not kept alive. */
const SUPPRESSIONS = new WeakMap<IConstruct, Map<GuardrailRule, Entry>>();

/**
 * Exempts a construct and everything under it from one guardrail. A reason is mandatory and is
 * the documented opt-out: `suppressGuardrail(resource, "required-tags", "tags unsupported by …")`.
 * Every opt-out in use is listed in the README (generated, see `test/constructs/guardrails/readme.test.ts`).
 */
export function suppressGuardrail(scope: IConstruct, rule: GuardrailRule, reason: string): void {
  if (reason.trim().length < 10) {
    throw new Error(`${scope.node.path}: suppressing "${rule}" needs a reason of at least 10 characters`);
  }
  const rules = SUPPRESSIONS.get(scope) ?? new Map<GuardrailRule, Entry>();
  rules.set(rule, { reason: reason.trim(), used: false });
  SUPPRESSIONS.set(scope, rules);
}

/**
 * Whether `node` or one of its scopes suppresses `rule`; a suppression found is marked used. Call it
 * only for a finding (after the check), so a suppression that never lets anything through shows as stale.
 */
export function isSuppressed(node: IConstruct, rule: GuardrailRule): boolean {
  for (const scope of node.node.scopes) {
    const entry = SUPPRESSIONS.get(scope)?.get(rule);
    if (entry) {
      entry.used = true;
      return true;
    }
  }
  return false;
}

/** Every suppression applied under `root` (an app or a stack), in construct order. */
export function suppressionsUnder(root: IConstruct): GuardrailSuppression[] {
  return root.node.findAll().flatMap((scope) =>
    [...(SUPPRESSIONS.get(scope) ?? new Map<GuardrailRule, Entry>()).entries()].map(([rule, entry]) => ({
      path: scope.node.path,
      rule,
      reason: entry.reason,
      used: entry.used,
    })),
  );
}
