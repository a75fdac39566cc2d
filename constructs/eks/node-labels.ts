/** Label key naming the pool a node belongs to (`system`, `outpost`, or a Karpenter NodePool). */
export const NODE_POOL_LABEL = "node.dataplatform.io/pool";

/** Labels of the `system` node group: schedule CoreDNS, the EBS CSI controller and Karpenter there. */
export const SYSTEM_NODE_LABELS: Readonly<Record<string, string>> = { [NODE_POOL_LABEL]: "system" };

/** Labels of the self-managed workers on an Outpost. */
export const OUTPOST_NODE_LABELS: Readonly<Record<string, string>> = { [NODE_POOL_LABEL]: "outpost" };

/**
 * Taint of the `system` node group: only pods tolerating `CriticalAddonsOnly` land there (CoreDNS,
 * the EBS CSI controller and the Karpenter chart tolerate it by default).
 */
export const CRITICAL_ADDONS_TAINT = {
  key: "CriticalAddonsOnly",
  value: "true",
  effect: "NoSchedule",
} as const;

/**
 * Taint key of a dedicated Karpenter NodePool (value: the pool's name): only workloads that tolerate
 * it, such as Trino's workers on their memory-optimised pool, land on those nodes.
 */
export const DEDICATED_POOL_TAINT_KEY = "node.dataplatform.io/dedicated";
