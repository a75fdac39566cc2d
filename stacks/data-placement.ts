import type { EnvironmentConfig } from "../config/define";
import { DEFAULT_POOL } from "../config/node-pools";
import { ANYWHERE, type Placement } from "../constructs/addons/common/placement";
import {
  CRITICAL_ADDONS_TAINT,
  NODE_POOL_LABEL,
  OUTPOST_NODE_LABELS,
  SYSTEM_NODE_LABELS,
} from "../constructs/eks/node-labels";

/** Where the data layer's pods run, by kind. */
export interface DataPlacements {
  /** System add-ons (KEDA, Prometheus, metrics-server, PostgreSQL, the bootstrap). */
  readonly system: Placement;
  /** Long-running application components that must not be interrupted (Airflow's scheduler, api-server…): On-Demand. */
  readonly onDemand: Placement;
  /** Batch pods (Airflow's task pods): wherever the default pool allows, Spot included. */
  readonly batch: Placement;
}

/**
 * The placements of an environment: the tainted `system` nodes and Karpenter's `default` pool on
 * EKS with Karpenter; the rack's workers on a local cluster; no node assumption on a brought
 * cluster (or where the environment declares no `default` pool, which then goes to the system nodes).
 */
export function dataPlacements(env: EnvironmentConfig, withKarpenter: boolean): DataPlacements {
  const cluster = env.cluster;
  if (cluster.mode === "kubeconfig") return { system: ANYWHERE, onDemand: ANYWHERE, batch: ANYWHERE };
  if (cluster.mode === "outpost-local") {
    const rack = { nodeSelector: OUTPOST_NODE_LABELS };
    return { system: rack, onDemand: rack, batch: rack };
  }
  const system: Placement = {
    nodeSelector: SYSTEM_NODE_LABELS,
    tolerations: [{ key: CRITICAL_ADDONS_TAINT.key, operator: "Exists" }],
  };
  if (!withKarpenter || !(DEFAULT_POOL in env.karpenter.nodePools)) {
    return { system, onDemand: system, batch: system };
  }
  const pool = { [NODE_POOL_LABEL]: DEFAULT_POOL };
  return {
    system,
    onDemand: { nodeSelector: { ...pool, "karpenter.sh/capacity-type": "on-demand" } },
    batch: { nodeSelector: pool },
  };
}
