import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";
import { NodeLaunchTemplate } from "./node-launch-template";
import { CRITICAL_ADDONS_TAINT, SYSTEM_NODE_LABELS } from "./node-labels";
import { NodeRole } from "./node-role";

/** Properties of {@link SystemNodeGroup}. */
export interface SystemNodeGroupProps {
  /** Cluster the group joins. */
  readonly clusterName: string;
  /** Private subnets of the nodes (regional, never an Outpost subnet). */
  readonly subnetIds: ReadonlyArray<string>;
  /** Node security group. */
  readonly securityGroupIds: ReadonlyArray<string>;
  /** KMS key of the root volumes. */
  readonly kmsKeyArn: string;
  /** Region (IAM partition). */
  readonly region: string;
  /** Instance types, in order of preference. */
  readonly instanceTypes: ReadonlyArray<string>;
  /** AMI type (Amazon Linux 2023). */
  readonly amiType: string;
  /** Root volume size. */
  readonly diskSizeGiB: number;
  /** Fewest nodes (at least 2 for the critical add-ons to survive a node loss). */
  readonly minSize: number;
  /** Nodes at creation. */
  readonly desiredSize: number;
  /** Most nodes. */
  readonly maxSize: number;
  /**
   * IMDS hop limit.
   * @default 1
   */
  readonly metadataHopLimit?: number;
  /**
   * Tags of the instances and volumes.
   * @default none
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
  /**
   * What must exist before nodes start (the CNI and kube-proxy add-ons).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

const NODE_GROUP_NAME = "system";
const MIN_SYSTEM_NODES = 2;

/**
 * The managed `system` node group, On-Demand, labelled and tainted for critical add-ons, behind a
 * launch template that requires IMDSv2 and encrypts the root volume; no SSH key, no remote access.
 */
export class SystemNodeGroup extends Construct {
  public readonly nodeGroup: EksNodeGroup;
  public readonly role: NodeRole;

  constructor(scope: Construct, id: string, props: SystemNodeGroupProps) {
    super(scope, id);
    const { minSize, desiredSize, maxSize } = props;
    if (minSize < MIN_SYSTEM_NODES || minSize > desiredSize || desiredSize > maxSize) {
      throw new ValidationError(
        `sizes must satisfy ${MIN_SYSTEM_NODES} ≤ minSize ≤ desiredSize ≤ maxSize, received ${minSize}/${desiredSize}/${maxSize}`,
        this,
      );
    }
    const name = `${props.clusterName}-${NODE_GROUP_NAME}`;
    this.role = new NodeRole(this, "NodeRole", {
      roleName: `${name}-node`,
      description: `Nodes of the system node group of ${props.clusterName}`,
      region: props.region,
    });
    const template = new NodeLaunchTemplate(this, "LaunchTemplate", {
      name,
      description: `System nodes of ${props.clusterName}: IMDSv2, encrypted root volume, no SSH`,
      securityGroupIds: props.securityGroupIds,
      kmsKeyArn: props.kmsKeyArn,
      rootVolumeSizeGiB: props.diskSizeGiB,
      metadataHopLimit: props.metadataHopLimit,
      instanceTags: props.instanceTags,
    });
    this.nodeGroup = new EksNodeGroup(this, "Resource", {
      clusterName: props.clusterName,
      // A prefix lets a replacement group come up before the old one drains (create_before_destroy).
      nodeGroupNamePrefix: `${NODE_GROUP_NAME}-`,
      nodeRoleArn: this.role.role.role.arn,
      subnetIds: [...props.subnetIds],
      amiType: props.amiType,
      capacityType: "ON_DEMAND",
      instanceTypes: [...props.instanceTypes],
      launchTemplate: {
        id: template.launchTemplate.id,
        version: template.launchTemplate.latestVersion.toString(),
      },
      scalingConfig: { minSize, desiredSize, maxSize },
      updateConfig: { maxUnavailable: 1 },
      nodeRepairConfig: { enabled: true },
      labels: { ...SYSTEM_NODE_LABELS },
      taint: [{ key: CRITICAL_ADDONS_TAINT.key, value: CRITICAL_ADDONS_TAINT.value, effect: "NO_SCHEDULE" }],
      // The cluster autoscaler (or an operator) owns the live size after creation.
      lifecycle: { createBeforeDestroy: true, ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: [...this.role.role.grants, ...(props.dependsOn ?? [])],
    });
  }
}
