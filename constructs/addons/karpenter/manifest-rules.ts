/**
 * What the Karpenter 1.14 CRDs accept, as plain data and predicates (no cdktf): the config schema
 * and the manifest builders both check against them, so a bad NodePool fails at synth with a clear
 * message instead of at `terraform apply` with an admission error. The patterns are those of the
 * CRDs' OpenAPI schemas; the rules mirror their CEL validations.
 */

/** Operators of a NodePool requirement. */
export const REQUIREMENT_OPERATORS = [
  "In",
  "NotIn",
  "Exists",
  "DoesNotExist",
  "Gt",
  "Lt",
  "Gte",
  "Lte",
] as const;
/** A requirement operator. */
export type RequirementOperator = (typeof REQUIREMENT_OPERATORS)[number];

/** Consolidation policies of a NodePool. */
export const CONSOLIDATION_POLICIES = ["WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced"] as const;
/** Disruption reasons a budget may be limited to. */
export const DISRUPTION_REASONS = ["Underutilized", "Empty", "Drifted"] as const;
/** Effects of a node taint. */
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;
/**
 * Capacity types a pool may use. `reserved` (capacity reservations) is left out: it needs
 * `capacityReservationSelectorTerms` on the EC2NodeClass, which this project does not set.
 */
export const CAPACITY_TYPES = ["spot", "on-demand"] as const;
/** CPU architectures of nodes. */
export const ARCHITECTURES = ["amd64", "arm64"] as const;

/** A Kubernetes resource quantity (`100`, `1.5`, `400Gi`, `500m`). */
export const QUANTITY =
  /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
/** `consolidateAfter` and `expireAfter`: a Go duration in s/m/h, or `Never`. */
export const DURATION_OR_NEVER = /^(([0-9]+(s|m|h))+|Never)$/;
/** `terminationGracePeriod`: a Go duration in s/m/h. */
export const DURATION = /^([0-9]+(s|m|h))+$/;
/** A budget's `duration`: hours and/or minutes. */
export const BUDGET_DURATION = /^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/;
/** A budget's `nodes`: a count or a percentage. */
export const BUDGET_NODES = /^((100|[0-9]{1,2})%|[0-9]+)$/;
/** A budget's `schedule`: a cron expression or macro. */
export const BUDGET_SCHEDULE =
  /^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$/;
/** A label key (optional DNS prefix, then a name). */
export const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A label value (at most 63 characters). */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** An EC2 instance family (`m5`, `r7i`, `c7gn`, `m6id`, `u-6tb1`): no size, no dot. */
export const INSTANCE_FAMILY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Keys of the `karpenter.k8s.aws` domain a NodePool may use (the CRD refuses the others). */
const AWS_WELL_KNOWN_KEYS: ReadonlySet<string> = new Set(
  [
    "instance-tenancy",
    "capacity-reservation-type",
    "capacity-reservation-id",
    "capacity-reservation-interruptible",
    "ec2nodeclass",
    "instance-encryption-in-transit-supported",
    "instance-category",
    "instance-hypervisor",
    "instance-family",
    "instance-generation",
    "instance-local-nvme",
    "instance-size",
    "instance-cpu",
    "instance-cpu-manufacturer",
    "instance-cpu-sustained-clock-speed-mhz",
    "instance-memory",
    "instance-ebs-bandwidth",
    "instance-network-bandwidth",
    "instance-gpu-name",
    "instance-gpu-manufacturer",
    "instance-gpu-count",
    "instance-gpu-memory",
    "instance-accelerator-name",
    "instance-accelerator-manufacturer",
    "instance-accelerator-count",
    "instance-capability-flex",
    "placement-group-id",
    "placement-group-partition",
  ].map((name) => `karpenter.k8s.aws/${name}`),
);

/** A scheduling requirement of a NodePool. */
export interface Requirement {
  /** Node label key. */
  readonly key: string;
  /** How the label relates to `values`. */
  readonly operator: string;
  /**
   * Values (none for `Exists`/`DoesNotExist`, one integer for `Gt`/`Lt`/`Gte`/`Lte`).
   * @default none
   */
  readonly values?: ReadonlyArray<string>;
  /**
   * Fewest distinct values Karpenter must be able to choose from (flexibility for Spot).
   * @default none
   */
  readonly minValues?: number;
}

const domainOf = (key: string): string => (key.includes("/") ? key.split("/")[0] : "");

/** Why the CRD would refuse `key` as a requirement or label key, or undefined if it accepts it. */
export function labelKeyIssue(key: string): string | undefined {
  if (key.length > 316 || !LABEL_KEY.test(key)) {
    return "expected a label key: an optional DNS prefix and '/', then letters, digits, '-', '_' or '.'";
  }
  if (key === "kubernetes.io/hostname") return 'label "kubernetes.io/hostname" is restricted';
  if (key === "karpenter.sh/nodepool")
    return 'label "karpenter.sh/nodepool" is restricted (Karpenter sets it)';
  if (domainOf(key).endsWith("karpenter.sh") && key !== "karpenter.sh/capacity-type") {
    return 'label domain "karpenter.sh" is restricted (only karpenter.sh/capacity-type may be used)';
  }
  if (domainOf(key).endsWith("karpenter.k8s.aws") && !AWS_WELL_KNOWN_KEYS.has(key)) {
    return 'label domain "karpenter.k8s.aws" is restricted to its well-known labels (instance-family, instance-category, …)';
  }
  return undefined;
}

/** Why the CRD would refuse a label value, or undefined if it accepts it. */
export function labelValueIssue(value: string): string | undefined {
  return value.length <= 63 && LABEL_VALUE.test(value)
    ? undefined
    : "expected a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric";
}

/** Every reason the CRD would refuse a requirement (empty when it accepts it). */
export function requirementIssues(requirement: Requirement): string[] {
  const { key, operator, minValues } = requirement;
  const values = requirement.values ?? [];
  const issues: string[] = [];
  const keyIssue = labelKeyIssue(key);
  if (keyIssue) issues.push(`key "${key}": ${keyIssue}`);
  if (!(REQUIREMENT_OPERATORS as ReadonlyArray<string>).includes(operator)) {
    issues.push(`operator "${operator}": expected one of ${REQUIREMENT_OPERATORS.join(", ")}`);
    return issues;
  }
  if ((operator === "In" || operator === "NotIn") && values.length === 0) {
    issues.push(`operator ${operator} needs at least one value`);
  }
  if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) {
    issues.push(`operator ${operator} takes no values`);
  }
  if (["Gt", "Lt", "Gte", "Lte"].includes(operator) && (values.length !== 1 || !/^[0-9]+$/.test(values[0]))) {
    issues.push(`operator ${operator} needs a single non-negative integer value`);
  }
  values.forEach((value) => {
    const valueIssue = labelValueIssue(value);
    if (valueIssue) issues.push(`value "${value}": ${valueIssue}`);
  });
  if (minValues !== undefined) {
    if (!Number.isInteger(minValues) || minValues < 1 || minValues > 50) {
      issues.push(`minValues ${minValues}: expected a whole number from 1 to 50`);
    } else if (operator === "In" && values.length < minValues) {
      issues.push(`minValues ${minValues} is more than the ${values.length} values listed`);
    }
  }
  return issues;
}

/** True if `value` is a Kubernetes resource quantity the CRD accepts. */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}
