import { AL2023_ALIAS, KARPENTER_NODE_ROLE_SUFFIX } from "../constructs/addons/karpenter/node-class";
import { NODE_POOL_LABEL, OUTPOST_NODE_LABELS, SYSTEM_NODE_LABELS } from "../constructs/eks/node-labels";
import { nodePoolIssues } from "../constructs/addons/karpenter/node-pool";
import type { ConfigIssue } from "./errors";
import type { ParsedEnvironment } from "./schema";

/** Pool names the node groups use: a NodePool with one of them would draw their pods onto its nodes. */
export const RESERVED_NODE_POOL_NAMES: ReadonlyArray<string> = [
  SYSTEM_NODE_LABELS[NODE_POOL_LABEL],
  OUTPOST_NODE_LABELS[NODE_POOL_LABEL],
];
/** Longest cluster name with Karpenter: `<cluster>-karpenter-node` must fit IAM's 64 characters. */
export const MAX_KARPENTER_CLUSTER_NAME_LENGTH = 64 - KARPENTER_NODE_ROLE_SUFFIX.length;

/** Controller replicas a production environment keeps at least (one survives a node loss). */
export const PRODUCTION_MIN_KARPENTER_REPLICAS = 2;

/**
 * Rules on Karpenter's settings and NodePools: what the NodePool and EC2NodeClass CRDs would refuse
 * at apply time is refused here, at synth, with the field and the value.
 */
export function karpenterIssues(env: ParsedEnvironment): ConfigIssue[] {
  const karpenter = env.karpenter;
  if (!karpenter.enabled) return [];
  const issues: ConfigIssue[] = [];
  if (!AL2023_ALIAS.test(karpenter.amiAlias)) {
    issues.push({
      path: "karpenter.amiAlias",
      message:
        "expected al2023@latest or a pinned release such as al2023@v20260728 (nodes join with nodeadm)",
      received: karpenter.amiAlias,
    });
  } else if (env.production && karpenter.amiAlias.endsWith("@latest")) {
    issues.push({
      path: "karpenter.amiAlias",
      message:
        "expected a pinned release such as al2023@v20260728 in a production environment: @latest drifts every node at each AMI release",
      received: karpenter.amiAlias,
    });
  }
  if (env.production && karpenter.replicas < PRODUCTION_MIN_KARPENTER_REPLICAS) {
    issues.push({
      path: "karpenter.replicas",
      message: `expected at least ${PRODUCTION_MIN_KARPENTER_REPLICAS} in a production environment (a node loss must not stop provisioning)`,
      received: karpenter.replicas,
    });
  }
  const pools = Object.entries(karpenter.nodePools);
  if (pools.length === 0) {
    issues.push({
      path: "karpenter.nodePools",
      message: "expected at least one NodePool (leave the field out for the platform's pools)",
      received: {},
    });
  }
  const named = env.cluster.mode !== "kubeconfig" && env.cluster.name;
  const clusterName = named || `${env.project}-${env.name}`;
  if (clusterName.length > MAX_KARPENTER_CLUSTER_NAME_LENGTH) {
    issues.push({
      path: named ? "cluster.name" : "name",
      message: `expected a cluster name of at most ${MAX_KARPENTER_CLUSTER_NAME_LENGTH} characters with Karpenter: its node role "<cluster>${KARPENTER_NODE_ROLE_SUFFIX}" must fit IAM's 64`,
      received: clusterName,
    });
  }
  pools.forEach(([name, pool]) => {
    if (RESERVED_NODE_POOL_NAMES.includes(name)) {
      issues.push({
        path: `karpenter.nodePools.${name}`,
        message: `is a name the node groups use (${RESERVED_NODE_POOL_NAMES.join(", ")}): their pods select it through ${NODE_POOL_LABEL} and would land on this pool's nodes; choose another name`,
        received: name,
      });
    }
    nodePoolIssues(pool).forEach((issue) =>
      issues.push({
        path: `karpenter.nodePools.${name}.${issue.field}`,
        message: issue.message,
        received: issue.received,
      }),
    );
  });
  return issues;
}
