import { ec2NodeClassIssues } from "../constructs/addons/karpenter/node-class";
import { nodePoolIssues } from "../constructs/addons/karpenter/node-pool";
import type { ConfigIssue } from "./errors";
import type { ParsedEnvironment } from "./schema";

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
  const aliasIssue = ec2NodeClassIssues({
    roleName: "node",
    amiAlias: karpenter.amiAlias,
    subnetSelectorTerms: [{ id: "subnet" }],
    securityGroupSelectorTerms: [{ id: "sg" }],
    kmsKeyArn: "key",
  });
  if (aliasIssue.length > 0) {
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
  pools.forEach(([name, pool]) => {
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
