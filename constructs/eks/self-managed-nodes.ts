import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { Fn, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { requireOrderedSizes } from "../core/group-sizes";
import { NodeLaunchTemplate } from "./node-launch-template";
import { NodeRole } from "./node-role";
import { nodeadmUserData, type NodeConfigInput } from "./node-user-data";

/** Properties of {@link SelfManagedNodes}. */
export interface SelfManagedNodesProps {
  /** Name of the group, unique in the cluster (`outpost`). */
  readonly name: string;
  /** Cluster the nodes join (its literal name). */
  readonly clusterName: string;
  /** The cluster resource: the access entry and the group wait for it. */
  readonly cluster: ITerraformDependable;
  /** Kubernetes minor version (picks the EKS-optimised AMI). */
  readonly kubernetesVersion: string;
  /** Subnets of the nodes (the Outpost subnet). */
  readonly subnetIds: ReadonlyArray<string>;
  /** Node security group. */
  readonly securityGroupIds: ReadonlyArray<string>;
  /** KMS key of the root volumes. */
  readonly kmsKeyArn: string;
  /** Region (IAM partition). */
  readonly region: string;
  /** Instance type. */
  readonly instanceType: string;
  /** Root volume type (`gp2` on an Outpost). */
  readonly rootVolumeType: string;
  /** Root volume size. */
  readonly rootVolumeSizeGiB: number;
  /** Fewest nodes. */
  readonly minSize: number;
  /** Nodes at creation. */
  readonly desiredSize: number;
  /** Most nodes. */
  readonly maxSize: number;
  /** What nodeadm needs to join the cluster (labels included). */
  readonly join: NodeConfigInput;
  /**
   * EKS-optimised AL2023 AMI release (`v20251112`), or `recommended` for the newest.
   * @default "recommended"
   */
  readonly amiReleaseVersion?: string;
  /**
   * IMDS hop limit.
   * @default 1
   */
  readonly metadataHopLimit?: number;
  /**
   * Register the node role with an `EC2_LINUX` access entry (clusters in API authentication mode).
   * @default true
   */
  readonly accessEntry?: boolean;
  /**
   * Put the VPC CNI's and EBS CSI driver's permissions on the node role (no IRSA on the cluster).
   * @default false
   */
  readonly addonPoliciesOnNodeRole?: boolean;
  /**
   * Tags of the instances and volumes.
   * @default none
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

const DEFAULT_AMI_RELEASE = "recommended";

/** SSM parameter holding the EKS-optimised AL2023 x86_64 AMI of a Kubernetes version and release. */
export function al2023AmiParameter(kubernetesVersion: string, release: string): string {
  const base = `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2023/x86_64/standard`;
  return release === DEFAULT_AMI_RELEASE
    ? `${base}/recommended/image_id`
    : `${base}/amazon-eks-node-al2023-x86_64-standard-${kubernetesVersion}-${release}/image_id`;
}

/**
 * Self-managed nodes: an Auto Scaling group (On-Demand, one instance type) and its launch template
 * (EKS-optimised AL2023, nodeadm user data, IMDSv2, encrypted root volume), with the node role and
 * its instance profile. Used for workers on an Outpost, where managed node groups cannot run.
 */
export class SelfManagedNodes extends Construct {
  public readonly autoScalingGroup: AutoscalingGroup;
  public readonly role: NodeRole;
  public readonly launchTemplate: NodeLaunchTemplate;

  constructor(scope: Construct, id: string, props: SelfManagedNodesProps) {
    super(scope, id);
    requireOrderedSizes(this, props);
    const { minSize, desiredSize, maxSize } = props;
    const name = `${props.clusterName}-${props.name}`;
    this.role = new NodeRole(this, "NodeRole", {
      roleName: `${name}-node`,
      description: `Self-managed ${props.name} nodes of ${props.clusterName}`,
      region: props.region,
      instanceProfile: true,
      vpcCniPolicy: props.addonPoliciesOnNodeRole ?? false,
      ebsCsiDriverPolicy: props.addonPoliciesOnNodeRole ?? false,
    });
    const ami = new DataAwsSsmParameter(this, "Ami", {
      name: al2023AmiParameter(props.kubernetesVersion, props.amiReleaseVersion ?? DEFAULT_AMI_RELEASE),
    });
    this.launchTemplate = new NodeLaunchTemplate(this, "LaunchTemplate", {
      name,
      description: `${props.name} nodes of ${props.clusterName}: IMDSv2, encrypted ${props.rootVolumeType} root volume, no SSH`,
      imageId: ami.insecureValue,
      instanceType: props.instanceType,
      instanceProfileArn: this.role.instanceProfile?.arn,
      userData: Fn.base64encode(nodeadmUserData(props.join)),
      securityGroupIds: props.securityGroupIds,
      kmsKeyArn: props.kmsKeyArn,
      rootVolumeType: props.rootVolumeType,
      rootVolumeSizeGiB: props.rootVolumeSizeGiB,
      metadataHopLimit: props.metadataHopLimit,
      instanceTags: {
        ...(props.instanceTags ?? {}),
        [`kubernetes.io/cluster/${props.clusterName}`]: "owned",
      },
    });
    const entry =
      (props.accessEntry ?? true)
        ? new EksAccessEntry(this, "AccessEntry", {
            clusterName: props.clusterName,
            principalArn: this.role.role.role.arn,
            type: "EC2_LINUX",
            dependsOn: [props.cluster],
          })
        : undefined;
    const asgTags = {
      ...(props.instanceTags ?? {}),
      Name: name,
      [`kubernetes.io/cluster/${props.clusterName}`]: "owned",
    };
    this.autoScalingGroup = new AutoscalingGroup(this, "Resource", {
      name,
      vpcZoneIdentifier: [...props.subnetIds],
      minSize,
      desiredCapacity: desiredSize,
      maxSize,
      launchTemplate: {
        id: this.launchTemplate.launchTemplate.id,
        version: this.launchTemplate.launchTemplate.latestVersion.toString(),
      },
      healthCheckType: "EC2",
      healthCheckGracePeriod: 300,
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 50 } },
      tag: Object.entries(asgTags).map(([key, value]) => ({ key, value, propagateAtLaunch: false })),
      lifecycle: { ignoreChanges: ["desired_capacity"] },
      dependsOn: [props.cluster, ...this.role.role.grants, ...(entry ? [entry] : [])],
    });
  }
}
