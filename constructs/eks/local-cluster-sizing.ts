/**
 * Control-plane instance types of an EKS local cluster on an Outpost, by the most nodes the cluster
 * is expected to run (AWS's sizing guidance for local clusters). Three instances of the type run
 * the control plane on the rack.
 */
export const LOCAL_CONTROL_PLANE_SIZES = [
  { maxNodes: 20, instanceType: "m5.large" },
  { maxNodes: 100, instanceType: "m5.xlarge" },
  { maxNodes: 250, instanceType: "m5.2xlarge" },
  { maxNodes: 500, instanceType: "m5.4xlarge" },
] as const;

/** Largest node count a local cluster is sized for. */
export const LOCAL_CLUSTER_MAX_NODES =
  LOCAL_CONTROL_PLANE_SIZES[LOCAL_CONTROL_PLANE_SIZES.length - 1].maxNodes;

/** The control-plane instance type for a local cluster expected to reach `nodeCount` nodes. */
export function controlPlaneInstanceTypeFor(nodeCount: number): string {
  if (!Number.isInteger(nodeCount) || nodeCount < 1) {
    throw new Error(
      `a local cluster's expected node count must be a whole number from 1, received ${nodeCount}`,
    );
  }
  const size = LOCAL_CONTROL_PLANE_SIZES.find((s) => nodeCount <= s.maxNodes);
  if (!size) {
    throw new Error(
      `a local cluster on an Outpost is sized for at most ${LOCAL_CLUSTER_MAX_NODES} nodes, received ${nodeCount}`,
    );
  }
  return size.instanceType;
}
