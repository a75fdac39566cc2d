import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { EcsCapacityProvider } from "@cdktf/provider-aws/lib/ecs-capacity-provider";
import { Fn, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { requireOrderedSizes } from "../core/group-sizes";
import { ValidationError } from "../core/validation-error";
import { NodeLaunchTemplate } from "../eks/node-launch-template";
import { ecsUserData } from "./ecs-user-data";

/** Properties of {@link EcsCapacity}. */
export interface EcsCapacityProps {
  /** Name of the group, its launch template and its capacity provider. */
  readonly name: string;
  /** Cluster the instances join (its literal name). */
  readonly clusterName: string;
  /** Subnets of the instances. */
  readonly subnetIds: ReadonlyArray<string>;
  /** Security groups of the instances (their own traffic; tasks have their own interfaces). */
  readonly securityGroupIds: ReadonlyArray<string>;
  /** Instance profile of the container instances. */
  readonly instanceProfileArn: string;
  /**
   * What the group must wait for: the role's policy attachments, and the cluster its instances join
   * (its name reaches them as a literal, so Terraform would not know: instances would boot before the
   * cluster exists, and a destroy would race the cluster's deletion).
   */
  readonly dependsOn: ReadonlyArray<ITerraformDependable>;
  /** KMS key of the root volumes. */
  readonly kmsKeyArn: string;
  /** Instance type. */
  readonly instanceType: string;
  /** CPU architecture of the instance type (picks the AMI). */
  readonly architecture: "x86_64" | "arm64";
  /** Root volume size. */
  readonly rootVolumeSizeGiB: number;
  /** Fewest instances. */
  readonly minSize: number;
  /** Instances at creation; managed scaling sets it afterwards. */
  readonly desiredSize: number;
  /** Most instances. */
  readonly maxSize: number;
  /**
   * Root volume type (`gp2` on an Outpost).
   * @default "gp3"
   */
  readonly rootVolumeType?: string;
  /**
   * Share of the group's capacity managed scaling keeps in use, percent.
   * @default 100
   */
  readonly targetCapacityPercent?: number;
  /**
   * Tags of the instances and volumes.
   * @default none
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

const DEFAULT_ROOT_VOLUME_TYPE = "gp3";
const DEFAULT_TARGET_CAPACITY_PERCENT = 100;
/** Seconds a new instance takes before it counts in the group's metrics. */
const INSTANCE_WARMUP_SECONDS = 300;
/** Most instances managed scaling adds or removes at once. */
const MAX_SCALING_STEP = 4;

/** SSM parameter of the recommended ECS-optimised Amazon Linux 2023 AMI of an architecture. */
export function ecsAmiParameter(architecture: "x86_64" | "arm64"): string {
  const base = "/aws/service/ecs/optimized-ami/amazon-linux-2023";
  return architecture === "arm64" ? `${base}/arm64/recommended/image_id` : `${base}/recommended/image_id`;
}

/**
 * EC2 capacity of an ECS cluster: an Auto Scaling group of ECS-optimised AL2023 instances (launch
 * template with IMDSv2 required, an encrypted root volume, no SSH key) and its capacity provider with
 * managed scaling, managed termination protection (instances are protected from scale-in, ECS
 * removes only empty ones) and managed draining.
 */
export class EcsCapacity extends Construct {
  public readonly autoScalingGroup: AutoscalingGroup;
  public readonly launchTemplate: NodeLaunchTemplate;
  public readonly capacityProvider: EcsCapacityProvider;

  constructor(scope: Construct, id: string, props: EcsCapacityProps) {
    super(scope, id);
    requireOrderedSizes(this, props);
    const { minSize, desiredSize, maxSize } = props;
    const target = props.targetCapacityPercent ?? DEFAULT_TARGET_CAPACITY_PERCENT;
    if (!Number.isInteger(target) || target < 1 || target > 100) {
      throw new ValidationError(`targetCapacityPercent must be 1 to 100, received ${target}`, this);
    }
    const ami = new DataAwsSsmParameter(this, "Ami", { name: ecsAmiParameter(props.architecture) });
    const rootVolumeType = props.rootVolumeType ?? DEFAULT_ROOT_VOLUME_TYPE;
    this.launchTemplate = new NodeLaunchTemplate(this, "LaunchTemplate", {
      name: props.name,
      description: `ECS container instances of ${props.clusterName}: IMDSv2, encrypted ${rootVolumeType} root volume, no SSH`,
      imageId: ami.insecureValue,
      instanceType: props.instanceType,
      instanceProfileArn: props.instanceProfileArn,
      userData: Fn.base64encode(ecsUserData({ clusterName: props.clusterName })),
      securityGroupIds: props.securityGroupIds,
      kmsKeyArn: props.kmsKeyArn,
      rootVolumeType,
      rootVolumeSizeGiB: props.rootVolumeSizeGiB,
      instanceTags: props.instanceTags,
    });
    const tags = { ...(props.instanceTags ?? {}), Name: props.name };
    this.autoScalingGroup = new AutoscalingGroup(this, "Resource", {
      name: props.name,
      vpcZoneIdentifier: [...props.subnetIds],
      minSize,
      desiredCapacity: desiredSize,
      maxSize,
      launchTemplate: {
        id: this.launchTemplate.launchTemplate.id,
        version: this.launchTemplate.launchTemplate.latestVersion.toString(),
      },
      healthCheckType: "EC2",
      healthCheckGracePeriod: INSTANCE_WARMUP_SECONDS,
      // Managed termination protection: ECS lifts it from an instance once no task runs there.
      protectFromScaleIn: true,
      // On destroy the capacity provider goes first and leaves its instances protected: delete them
      // with the group instead of waiting forever for a scale-in that protection forbids.
      forceDelete: true,
      tag: [
        ...Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: false })),
        { key: "AmazonECSManaged", value: "true", propagateAtLaunch: true },
      ],
      // Managed scaling owns the desired capacity once the group exists.
      lifecycle: { ignoreChanges: ["desired_capacity"] },
      dependsOn: [...props.dependsOn],
    });
    this.capacityProvider = new EcsCapacityProvider(this, "CapacityProvider", {
      name: props.name,
      autoScalingGroupProvider: {
        autoScalingGroupArn: this.autoScalingGroup.arn,
        managedTerminationProtection: "ENABLED",
        managedDraining: "ENABLED",
        managedScaling: {
          status: "ENABLED",
          targetCapacity: target,
          minimumScalingStepSize: 1,
          maximumScalingStepSize: MAX_SCALING_STEP,
          instanceWarmupPeriod: INSTANCE_WARMUP_SECONDS,
        },
      },
    });
  }
}
