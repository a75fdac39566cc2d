import { DEDICATED_POOL_TAINT_KEY } from "../constructs/eks/node-labels";
import type { KarpenterNodePoolInput } from "./karpenter-schema";

/** NodePool of general workloads (Airflow, MinIO, KEDA, Prometheus…). */
export const DEFAULT_POOL = "default";
/** NodePool of Trino's workers: memory-optimised Spot, tainted for Trino only. */
export const TRINO_WORKER_POOL = "trino-worker";
/** NodePool of Trino's coordinator: On-Demand, tainted for Trino only. */
export const TRINO_COORDINATOR_POOL = "trino-coordinator";

/** No node replaced for drift (a new AMI, a changed NodeClass) from 06:00 to 18:00 UTC on weekdays. */
const NO_DRIFT_IN_WORKING_HOURS = {
  nodes: "0",
  schedule: "0 6 * * mon-fri",
  duration: "12h",
  reasons: ["Drifted" as const],
};

/** Taint reserving a pool for the workloads that tolerate it. */
const dedicatedTo = (pool: string) => [
  { key: DEDICATED_POOL_TAINT_KEY, value: pool, effect: "NoSchedule" as const },
];

/**
 * The platform's NodePools, used by every environment with Karpenter unless it declares its own.
 * Pods choose a pool by `node.dataplatform.io/pool: <name>` and tolerate its taint if it has one.
 */
export const PLATFORM_NODE_POOLS: Readonly<Record<string, KarpenterNodePoolInput>> = {
  [DEFAULT_POOL]: {
    capacityTypes: ["spot", "on-demand"],
    architectures: ["amd64"],
    // Flexible: any Nitro general-purpose, compute or memory family from the 5th generation on.
    instanceCategories: ["c", "m", "r"],
    minInstanceGeneration: 5,
    limits: { cpu: "200", memory: "800Gi" },
    consolidationPolicy: "WhenEmpty",
    consolidateAfter: "5m",
    budgets: [{ nodes: "10%" }, NO_DRIFT_IN_WORKING_HOURS],
    expireAfter: "720h",
  },
  [TRINO_WORKER_POOL]: {
    capacityTypes: ["spot"],
    architectures: ["amd64"],
    instanceFamilies: ["r5", "r5a", "r6i", "r6a", "r7i", "r7a"],
    // At least 32 GiB: smaller workers spend their heap on overhead rather than on queries.
    requirements: [{ key: "karpenter.k8s.aws/instance-memory", operator: "Gt", values: ["32767"] }],
    labels: { "node.dataplatform.io/workload": "trino" },
    taints: dedicatedTo(TRINO_WORKER_POOL),
    limits: { cpu: "256", memory: "2048Gi" },
    consolidationPolicy: "WhenEmpty",
    consolidateAfter: "10m",
    budgets: [{ nodes: "20%" }, NO_DRIFT_IN_WORKING_HOURS],
    expireAfter: "336h",
    terminationGracePeriod: "1h",
  },
  [TRINO_COORDINATOR_POOL]: {
    capacityTypes: ["on-demand"],
    architectures: ["amd64"],
    instanceCategories: ["m", "r"],
    minInstanceGeneration: 6,
    labels: { "node.dataplatform.io/workload": "trino" },
    taints: dedicatedTo(TRINO_COORDINATOR_POOL),
    limits: { cpu: "32", memory: "256Gi" },
    consolidationPolicy: "WhenEmpty",
    consolidateAfter: "30m",
    // A coordinator restart fails running queries: one node at a time, no drift replacement by day.
    budgets: [{ nodes: "1" }, NO_DRIFT_IN_WORKING_HOURS],
    expireAfter: "720h",
    // The coordinator's PodDisruptionBudget refuses every eviction of its single pod: without a bound,
    // an expired or drifted node would never drain.
    terminationGracePeriod: "1h",
  },
};
