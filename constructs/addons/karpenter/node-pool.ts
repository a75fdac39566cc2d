import { NODE_POOL_LABEL } from "../../eks/node-labels";
import {
  BUDGET_DURATION,
  BUDGET_NODES,
  BUDGET_SCHEDULE,
  DURATION,
  DURATION_OR_NEVER,
  INSTANCE_FAMILY,
  isQuantity,
  LABEL_KEY,
  labelKeyIssue,
  labelValueIssue,
  requirementIssues,
  type Requirement,
} from "./manifest-rules";

/** A taint of the nodes of a NodePool. */
export interface NodeTaint {
  /** Taint key. */
  readonly key: string;
  /**
   * Taint value.
   * @default none
   */
  readonly value?: string;
  /** What happens to pods that do not tolerate it. */
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** A disruption budget: how many nodes Karpenter may disrupt at once, optionally on a schedule. */
export interface DisruptionBudget {
  /** A count (`2`) or a percentage of the pool (`10%`). */
  readonly nodes: string;
  /**
   * Cron schedule when the budget starts applying (UTC); needs `duration`.
   * @default always
   */
  readonly schedule?: string;
  /**
   * How long the budget applies after each `schedule` start (`8h`, `30m`).
   * @default none
   */
  readonly duration?: string;
  /**
   * Disruption reasons it limits.
   * @default all reasons
   */
  readonly reasons?: ReadonlyArray<"Underutilized" | "Empty" | "Drifted">;
}

/** What a NodePool launches and how it is disrupted; the same shape as a NodePool in config. */
export interface NodePoolOptions {
  /** Capacity types (`spot`, `on-demand`); Karpenter prefers Spot where both are allowed. */
  readonly capacityTypes: ReadonlyArray<"spot" | "on-demand">;
  /** CPU architectures. */
  readonly architectures: ReadonlyArray<"amd64" | "arm64">;
  /**
   * Instance categories (`c`, `m`, `r`…).
   * @default any category
   */
  readonly instanceCategories?: ReadonlyArray<string>;
  /**
   * Instance families (`r6i`, `r7i`…).
   * @default any family
   */
  readonly instanceFamilies?: ReadonlyArray<string>;
  /**
   * Oldest instance generation allowed (5 allows m5 but not m4).
   * @default any generation
   */
  readonly minInstanceGeneration?: number;
  /**
   * Further requirements, checked like the CRD checks them.
   * @default none
   */
  readonly requirements?: ReadonlyArray<Requirement>;
  /**
   * Labels of the nodes, besides `node.dataplatform.io/pool: <name>`.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Taints of the nodes (a dedicated pool taints its nodes so only its workloads land there).
   * @default none
   */
  readonly taints?: ReadonlyArray<NodeTaint>;
  /** Most CPU, memory (and other resources) the pool may hold, as Kubernetes quantities. */
  readonly limits: Readonly<Record<string, string>>;
  /** When nodes may be consolidated: only when empty, also when underutilised, or balancing cost against disruption. */
  readonly consolidationPolicy: "WhenEmpty" | "WhenEmptyOrUnderutilized" | "Balanced";
  /** How long a node stays empty (or underutilised) before it is removed (`5m`, or `Never`). */
  readonly consolidateAfter: string;
  /** Disruption budgets. */
  readonly budgets: ReadonlyArray<DisruptionBudget>;
  /** Age at which nodes are replaced (`720h`, or `Never`). */
  readonly expireAfter: string;
  /**
   * Longest a draining node waits for its pods before it is terminated anyway.
   * @default none (waits for the pods)
   */
  readonly terminationGracePeriod?: string;
  /**
   * Priority among pools that fit a pod (higher first).
   * @default none
   */
  readonly weight?: number;
}

/** A problem in a NodePool's options: the field, what is wrong, the value received. */
export interface NodePoolIssue {
  readonly field: string;
  readonly message: string;
  readonly received: unknown;
}

/** Requirements a pool always has: Nitro instances only. */
const HYPERVISOR_REQUIREMENT: Requirement = {
  key: "karpenter.k8s.aws/instance-hypervisor",
  operator: "In",
  values: ["nitro"],
};

/** Keys set by dedicated options, which `requirements` must not repeat. */
const OPTION_KEYS: Readonly<Record<string, string>> = {
  "karpenter.sh/capacity-type": "capacityTypes",
  "kubernetes.io/arch": "architectures",
  "karpenter.k8s.aws/instance-category": "instanceCategories",
  "karpenter.k8s.aws/instance-family": "instanceFamilies",
  "karpenter.k8s.aws/instance-generation": "minInstanceGeneration",
  "karpenter.k8s.aws/instance-hypervisor": "(always nitro)",
};

/** Every requirement of the pool, dedicated options first. */
export function nodePoolRequirements(options: NodePoolOptions): Requirement[] {
  const inList = (key: string, values?: ReadonlyArray<string>): Requirement[] =>
    values === undefined ? [] : [{ key, operator: "In", values: [...values] }];
  return [
    ...inList("karpenter.sh/capacity-type", options.capacityTypes),
    ...inList("kubernetes.io/arch", options.architectures),
    HYPERVISOR_REQUIREMENT,
    ...inList("karpenter.k8s.aws/instance-category", options.instanceCategories),
    ...inList("karpenter.k8s.aws/instance-family", options.instanceFamilies),
    ...(options.minInstanceGeneration === undefined
      ? []
      : [
          {
            key: "karpenter.k8s.aws/instance-generation",
            operator: "Gt",
            values: [String(options.minInstanceGeneration - 1)],
          },
        ]),
    ...(options.requirements ?? []),
  ];
}

/** Every reason the NodePool CRD (or Karpenter) would refuse these options; empty when valid. */
export function nodePoolIssues(options: NodePoolOptions): NodePoolIssue[] {
  const issues: NodePoolIssue[] = [];
  const add = (field: string, message: string, received: unknown) =>
    issues.push({ field, message, received });
  const nonEmpty = (field: string, values: ReadonlyArray<string> | undefined, what: string) => {
    if (values !== undefined && values.length === 0)
      add(field, `expected at least one ${what}, or leave the field out to allow any`, values);
  };
  if (options.capacityTypes.length === 0) add("capacityTypes", "expected at least one capacity type", []);
  if (options.architectures.length === 0) add("architectures", "expected at least one architecture", []);
  nonEmpty("instanceCategories", options.instanceCategories, "instance category");
  nonEmpty("instanceFamilies", options.instanceFamilies, "instance family");
  options.instanceFamilies?.forEach((family, i) => {
    if (!INSTANCE_FAMILY.test(family))
      add(`instanceFamilies[${i}]`, "expected an EC2 instance family such as r7i or m6id", family);
  });
  options.instanceCategories?.forEach((category, i) => {
    if (!/^[a-z]+$/.test(category))
      add(`instanceCategories[${i}]`, "expected an instance category such as c, m or r", category);
  });
  const generation = options.minInstanceGeneration;
  if (generation !== undefined && (!Number.isInteger(generation) || generation < 1))
    add("minInstanceGeneration", "expected a whole number of at least 1", generation);
  (options.requirements ?? []).forEach((requirement, i) => {
    const option = OPTION_KEYS[requirement.key];
    if (option)
      add(`requirements[${i}].key`, `is set by ${option}; use that option instead`, requirement.key);
    requirementIssues(requirement).forEach((message) => add(`requirements[${i}]`, message, requirement));
  });
  Object.entries(options.labels ?? {}).forEach(([key, value]) => {
    const keyIssue = key === NODE_POOL_LABEL ? "is set to the pool's name" : labelKeyIssue(key);
    if (keyIssue) add(`labels.${key}`, keyIssue, key);
    const valueIssue = labelValueIssue(value);
    if (valueIssue) add(`labels.${key}`, valueIssue, value);
  });
  (options.taints ?? []).forEach((taint, i) => {
    if (!LABEL_KEY.test(taint.key))
      add(`taints[${i}].key`, "expected a taint key: an optional DNS prefix and '/', then a name", taint.key);
    // The CRD checks a taint's value with the same pattern as its key (and refuses "").
    if (taint.value !== undefined && !LABEL_KEY.test(taint.value))
      add(
        `taints[${i}].value`,
        "expected a taint value: letters, digits, '-', '_', '.' or a '/' prefix, not empty",
        taint.value,
      );
  });
  if (Object.keys(options.limits).length === 0)
    add("limits", "expected at least one limit (cpu, memory): an unlimited pool has no cost ceiling", {});
  Object.entries(options.limits).forEach(([resource, quantity]) => {
    if (!isQuantity(quantity) || quantity.startsWith("-"))
      add(
        `limits.${resource}`,
        "expected a non-negative Kubernetes quantity such as 100, 1.5 or 400Gi",
        quantity,
      );
  });
  if (!DURATION_OR_NEVER.test(options.consolidateAfter))
    add(
      "consolidateAfter",
      "expected a duration in s/m/h such as 30s, 5m or 1h30m, or Never",
      options.consolidateAfter,
    );
  if (!DURATION_OR_NEVER.test(options.expireAfter))
    add("expireAfter", "expected a duration in s/m/h such as 720h, or Never", options.expireAfter);
  const grace = options.terminationGracePeriod;
  if (grace !== undefined && !DURATION.test(grace))
    add("terminationGracePeriod", "expected a duration in s/m/h such as 24h", grace);
  if (
    options.weight !== undefined &&
    (!Number.isInteger(options.weight) || options.weight < 1 || options.weight > 100)
  )
    add("weight", "expected a whole number from 1 to 100", options.weight);
  if (options.budgets.length > 50) add("budgets", "expected at most 50 budgets", options.budgets.length);
  options.budgets.forEach((budget, i) => {
    if (!BUDGET_NODES.test(budget.nodes))
      add(
        `budgets[${i}].nodes`,
        "expected a node count such as 1, or a percentage from 0% to 100%",
        budget.nodes,
      );
    if ((budget.schedule === undefined) !== (budget.duration === undefined))
      add(`budgets[${i}]`, "schedule and duration go together: set both or neither", budget);
    if (budget.schedule !== undefined && !BUDGET_SCHEDULE.test(budget.schedule))
      add(
        `budgets[${i}].schedule`,
        "expected a cron expression of five fields, or @daily, @weekly…",
        budget.schedule,
      );
    if (budget.duration !== undefined && !BUDGET_DURATION.test(budget.duration))
      add(
        `budgets[${i}].duration`,
        "expected hours and/or minutes such as 8h, 30m or 1h30m",
        budget.duration,
      );
    if (budget.reasons !== undefined && budget.reasons.length === 0)
      add(`budgets[${i}].reasons`, "expected at least one reason, or leave the field out for all", []);
  });
  return issues;
}

/** The `NodePool` custom resource (karpenter.sh/v1) of a pool named `name` on EC2NodeClass `nodeClassName`. */
export function nodePoolManifest(
  name: string,
  nodeClassName: string,
  options: NodePoolOptions,
): Record<string, unknown> {
  const issues = nodePoolIssues(options);
  if (issues.length > 0) {
    const lines = issues.map((i) => `${i.field}: ${i.message}, received ${JSON.stringify(i.received)}`);
    throw new Error(`NodePool "${name}" is invalid:\n  ${lines.join("\n  ")}`);
  }
  const taints = (options.taints ?? []).map((taint) => ({ ...taint }));
  return {
    apiVersion: "karpenter.sh/v1",
    kind: "NodePool",
    metadata: { name },
    spec: {
      template: {
        metadata: { labels: { ...(options.labels ?? {}), [NODE_POOL_LABEL]: name } },
        spec: {
          nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: nodeClassName },
          requirements: nodePoolRequirements(options).map(({ values, ...rest }) => ({
            ...rest,
            ...(values ? { values: [...values] } : {}),
          })),
          ...(taints.length > 0 ? { taints } : {}),
          expireAfter: options.expireAfter,
          ...(options.terminationGracePeriod
            ? { terminationGracePeriod: options.terminationGracePeriod }
            : {}),
        },
      },
      disruption: {
        consolidationPolicy: options.consolidationPolicy,
        consolidateAfter: options.consolidateAfter,
        budgets: options.budgets.map(({ reasons, ...rest }) => ({
          ...rest,
          ...(reasons ? { reasons: [...reasons] } : {}),
        })),
      },
      limits: { ...options.limits },
      ...(options.weight !== undefined ? { weight: options.weight } : {}),
    },
  };
}
