import { controlPlaneInstanceTypeFor } from "../constructs/eks/local-cluster-sizing";
import { PRIVATE_RANGES, privateAllowlistIssues, publicAllowlistIssues } from "./cidr-allowlist";
import { isOutpostMode } from "./cluster-schema";
import type { ConfigIssue } from "./errors";
import {
  SUPPORTED_KUBERNETES_VERSIONS,
  SUPPORTED_LOCAL_CLUSTER_KUBERNETES_VERSIONS,
} from "./kubernetes-versions";
import { architectureOf } from "./catalogue/instance-types";
import { rdsStorageIssues } from "./catalogue/rds";
import { EKS_LOCAL_CLUSTER_REGIONS } from "./eks-local-cluster-regions";
import { postgresVersionProblem } from "./postgres-versions";
import type { ParsedEnvironment } from "./schema";

/** Days production control-plane logs are kept at least. */
export const PRODUCTION_MIN_CLUSTER_LOG_RETENTION_DAYS = 365;
/** Days production database backups are kept at least. */
export const PRODUCTION_MIN_BACKUP_RETENTION_DAYS = 7;
/** Fewest IMDS hops rack workers allow: pods (the EBS CSI node plugin) must reach instance metadata. */
export const RACK_MIN_METADATA_HOP_LIMIT = 2;
/** RDS instance families an Outpost runs (the classes RDS on Outposts supports). */
export const OUTPOST_DB_INSTANCE_FAMILIES = ["m5", "r5"] as const;

type EksCluster = Exclude<ParsedEnvironment["cluster"], { mode: "kubeconfig" }>;
type Sizes = { readonly minSize: number; readonly desiredSize: number; readonly maxSize: number };

export { PRIVATE_RANGES };

const familyOf = (instanceType: string): string => instanceType.split(".")[0];
const isArm = (instanceType: string): boolean => architectureOf(instanceType) === "arm64";

/** Rules on the cluster, its node groups, the Outpost's workers and the platform database. */
export function clusterIssues(env: ParsedEnvironment): ConfigIssue[] {
  const issues = [...integrationIssues(env), ...databaseIssues(env)];
  const cluster = env.cluster;
  if (cluster.mode === "kubeconfig") return issues;
  issues.push(...versionIssues(cluster));
  const both = cluster.viewerPrincipalArns.filter((arn) => cluster.adminPrincipalArns.includes(arn));
  if (both.length > 0) {
    issues.push({
      path: "cluster.viewerPrincipalArns",
      message: `expected principals that are not cluster admins (EKS takes one access entry per principal, and an admin already reads everything): remove ${both.join(", ")} from one of the two lists`,
      received: cluster.viewerPrincipalArns,
    });
  }
  if (env.production && cluster.logRetentionDays < PRODUCTION_MIN_CLUSTER_LOG_RETENTION_DAYS) {
    issues.push({
      path: "cluster.logRetentionDays",
      message: `expected at least ${PRODUCTION_MIN_CLUSTER_LOG_RETENTION_DAYS} days in a production environment (audit logs)`,
      received: cluster.logRetentionDays,
    });
  }
  issues.push(...privateAllowlistIssues("cluster.apiClientCidrs", cluster.apiClientCidrs));
  if (cluster.mode !== "outpost-local") {
    issues.push(
      ...endpointIssues(cluster),
      ...sizeIssues("cluster.systemNodeGroup", cluster.systemNodeGroup),
    );
    const { amiType, instanceTypes } = cluster.systemNodeGroup;
    instanceTypes.forEach((type, index) => {
      if (isArm(type) !== amiType.startsWith("AL2023_ARM")) {
        issues.push({
          path: `cluster.systemNodeGroup.instanceTypes[${index}]`,
          message: `expected an instance type of the AMI's architecture (${amiType})`,
          received: type,
        });
      }
    });
  }
  if (cluster.mode === "outpost-local") {
    if (!(EKS_LOCAL_CLUSTER_REGIONS as ReadonlyArray<string>).includes(env.region)) {
      issues.push({
        path: "region",
        message: `expected a region where EKS creates local clusters on Outposts (${EKS_LOCAL_CLUSTER_REGIONS.join(", ")}; config/eks-local-cluster-regions.ts), since cluster.mode is "outpost-local"; in another region use "outpost-extended"`,
        received: env.region,
      });
    }
  }
  const outpost = env.outpost;
  if (cluster.mode === "regional" || !outpost) return issues;
  const families = outpost.instanceFamilies;
  const nodes = outpost.nodes;
  const onRack = (path: string, type: string) => {
    if (!families.includes(familyOf(type))) {
      issues.push({
        path,
        message: `expected an instance type of the Outpost's families (${families.join(", ")}; see outpost.instanceFamilies)`,
        received: type,
      });
    }
  };
  onRack("outpost.nodes.instanceType", nodes.instanceType);
  issues.push(...sizeIssues("outpost.nodes", nodes));
  if (nodes.rootVolumeType !== "gp2") {
    issues.push({
      path: "outpost.nodes.rootVolumeType",
      message: 'expected "gp2": EBS on an Outpost rack offers gp2 only (no gp3, io1 or io2)',
      received: nodes.rootVolumeType,
    });
  }
  if (env.production && nodes.amiReleaseVersion === "recommended") {
    issues.push({
      path: "outpost.nodes.amiReleaseVersion",
      message:
        'expected a pinned release such as v20251112 in a production environment: "recommended" changes the launch template at each AMI release and rolls the rack\'s nodes at the next apply',
      received: nodes.amiReleaseVersion,
    });
  }
  if (nodes.capacityType !== "on-demand") {
    issues.push({
      path: "outpost.nodes.capacityType",
      message: 'expected "on-demand": an Outpost rack has no Spot capacity',
      received: nodes.capacityType,
    });
  }
  if (nodes.metadataHopLimit < RACK_MIN_METADATA_HOP_LIMIT) {
    issues.push({
      path: "outpost.nodes.metadataHopLimit",
      message: `expected at least ${RACK_MIN_METADATA_HOP_LIMIT} on rack workers: the EBS CSI node plugin reads the Outpost ARN from instance metadata inside a pod, one hop further than the node; with 1 it cannot, and volumes are created in the region and never attach${cluster.mode === "outpost-local" ? " (on a local cluster the controller also takes the node's credentials there: no IRSA or Pod Identity)" : ""}`,
      received: nodes.metadataHopLimit,
    });
  }
  if (cluster.mode === "outpost-local") {
    const { instanceType, maxNodeCount } = cluster.controlPlane;
    if (instanceType) onRack("cluster.controlPlane.instanceType", instanceType);
    if (maxNodeCount !== undefined && maxNodeCount < nodes.maxSize) {
      issues.push({
        path: "cluster.controlPlane.maxNodeCount",
        message: `expected at least outpost.nodes.maxSize (${nodes.maxSize}): the control plane is sized for it`,
        received: maxNodeCount,
      });
    }
    if (!instanceType)
      onRack("cluster.controlPlane.maxNodeCount", controlPlaneInstanceTypeFor(maxNodeCount ?? nodes.maxSize));
  }
  return issues;
}

function versionIssues(cluster: EksCluster): ConfigIssue[] {
  const local = cluster.mode === "outpost-local";
  const supported: ReadonlyArray<string> = local
    ? SUPPORTED_LOCAL_CLUSTER_KUBERNETES_VERSIONS
    : SUPPORTED_KUBERNETES_VERSIONS;
  if (supported.includes(cluster.kubernetesVersion)) return [];
  return [
    {
      path: "cluster.kubernetesVersion",
      message: `expected a version ${local ? "EKS local clusters on Outposts" : "EKS"} supports and this project has add-on versions for: ${supported.join(", ")} (config/kubernetes-versions.ts)`,
      received: cluster.kubernetesVersion,
    },
  ];
}

function endpointIssues(cluster: Extract<EksCluster, { publicAccessCidrs: unknown }>): ConfigIssue[] {
  const { endpointPublicAccess, publicAccessCidrs } = cluster;
  if (!endpointPublicAccess) {
    return publicAccessCidrs.length > 0
      ? [
          {
            path: "cluster.publicAccessCidrs",
            message:
              "has no effect while cluster.endpointPublicAccess is false; remove it or turn the public endpoint on",
            received: publicAccessCidrs,
          },
        ]
      : [];
  }
  if (publicAccessCidrs.length === 0) {
    return [
      {
        path: "cluster.publicAccessCidrs",
        message:
          "expected the CIDRs allowed to reach the public endpoint: a public endpoint without an allowlist is open to the whole internet",
        received: publicAccessCidrs,
      },
    ];
  }
  return publicAllowlistIssues("cluster.publicAccessCidrs", publicAccessCidrs);
}

function sizeIssues(path: string, sizes: Sizes): ConfigIssue[] {
  const { minSize, desiredSize, maxSize } = sizes;
  if (minSize <= desiredSize && desiredSize <= maxSize) return [];
  return [
    {
      path,
      message: "expected minSize ≤ desiredSize ≤ maxSize",
      received: { minSize, desiredSize, maxSize },
    },
  ];
}

/** Karpenter and RDS need what some modes do not have. */
function integrationIssues(env: ParsedEnvironment): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (env.cluster.mode === "outpost-local" && env.karpenter.enabled) {
    issues.push({
      path: "karpenter.enabled",
      message:
        'must be false when cluster.mode is "outpost-local": Karpenter needs EC2 Fleet and Spot/On-Demand capacity in the region, which a local cluster on an Outpost cannot use',
      received: true,
    });
  }
  if (env.cluster.mode === "kubeconfig") {
    if (env.karpenter.enabled) {
      issues.push({
        path: "karpenter.enabled",
        message:
          'must be false when cluster.mode is "kubeconfig": Karpenter provisions EC2 nodes for EKS only',
        received: true,
      });
    }
    if (env.data.database === "rds") {
      issues.push({
        path: "data.database",
        message:
          'expected "in-cluster" when cluster.mode is "kubeconfig" (RDS lives in the environment\'s VPC, which this mode has not)',
        received: env.data.database,
      });
    }
  }
  return issues;
}

function databaseIssues(env: ParsedEnvironment): ConfigIssue[] {
  const rds = env.data.rds;
  if (!rds) return [];
  if (env.data.database !== "rds") {
    return [
      {
        path: "data.rds",
        message: 'is only used when data.database is "rds"; remove it',
        received: "an rds block",
      },
    ];
  }
  const issues: ConfigIssue[] = [];
  const onOutpost = isOutpostMode(env.cluster.mode);
  const versionProblem = postgresVersionProblem(rds.engineVersion);
  if (versionProblem) {
    issues.push({ path: "data.rds.engineVersion", message: versionProblem, received: rds.engineVersion });
  }
  issues.push(
    ...rdsStorageIssues(
      {
        storageType: rds.storageType ?? (onOutpost ? "gp2" : "gp3"),
        allocatedStorageGiB: rds.allocatedStorageGiB,
        iops: rds.iops,
        storageThroughput: rds.storageThroughput,
      },
      "data.rds",
    ),
  );
  if (rds.maxAllocatedStorageGiB < rds.allocatedStorageGiB) {
    issues.push({
      path: "data.rds.maxAllocatedStorageGiB",
      message: `expected at least data.rds.allocatedStorageGiB (${rds.allocatedStorageGiB})`,
      received: rds.maxAllocatedStorageGiB,
    });
  }
  if (env.production && rds.backupRetentionDays < PRODUCTION_MIN_BACKUP_RETENTION_DAYS) {
    issues.push({
      path: "data.rds.backupRetentionDays",
      message: `expected at least ${PRODUCTION_MIN_BACKUP_RETENTION_DAYS} days in a production environment`,
      received: rds.backupRetentionDays,
    });
  }
  if (!onOutpost) {
    if (rds.backupTarget !== "region") {
      issues.push({
        path: "data.rds.backupTarget",
        message: 'expected "region": backups on the rack exist only for a database on an Outpost',
        received: rds.backupTarget,
      });
    }
    if (env.production && !rds.multiAz) {
      issues.push({
        path: "data.rds.multiAz",
        message: "expected true in a production environment (a standby in a second AZ)",
        received: rds.multiAz,
      });
    }
    return issues;
  }
  const dbFamily = rds.instanceClass.split(".")[1];
  const families = env.outpost?.instanceFamilies ?? [];
  if (
    !(OUTPOST_DB_INSTANCE_FAMILIES as ReadonlyArray<string>).includes(dbFamily) ||
    !families.includes(dbFamily)
  ) {
    issues.push({
      path: "data.rds.instanceClass",
      message: `expected a db.m5 or db.r5 class whose family the Outpost offers (${families.join(", ")}): RDS on Outposts runs only those`,
      received: rds.instanceClass,
    });
  }
  if (rds.storageType !== undefined && rds.storageType !== "gp2") {
    issues.push({
      path: "data.rds.storageType",
      message: 'expected "gp2": RDS on an Outpost stores on gp2 only (no gp3, io1 or io2)',
      received: rds.storageType,
    });
  }
  if (rds.multiAz) {
    issues.push({
      path: "data.rds.multiAz",
      message:
        "expected false: a Multi-AZ database on Outposts needs two racks and customer-owned IPs, and this environment has one Outpost",
      received: rds.multiAz,
    });
  }
  return issues;
}
