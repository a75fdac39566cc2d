import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";

/** Properties of {@link NodeLaunchTemplate}. */
export interface NodeLaunchTemplateProps {
  /** Launch template name. */
  readonly name: string;
  /** What the nodes are for (launch template description). */
  readonly description: string;
  /** Security groups of the nodes. */
  readonly securityGroupIds: ReadonlyArray<string>;
  /** KMS key that encrypts the root volume. */
  readonly kmsKeyArn: string;
  /** Root volume size. */
  readonly rootVolumeSizeGiB: number;
  /**
   * Root volume type (`gp2` on an Outpost).
   * @default "gp3"
   */
  readonly rootVolumeType?: string;
  /**
   * IMDS hop limit; 1 keeps pods (one hop further) away from the node's credentials.
   * @default 1
   */
  readonly metadataHopLimit?: number;
  /**
   * AMI; left out for a managed node group, which picks the AMI of its AMI type.
   * @default none
   */
  readonly imageId?: string;
  /**
   * Instance type; left out for a managed node group, which lists its own.
   * @default none
   */
  readonly instanceType?: string;
  /**
   * Instance profile ARN (self-managed nodes only).
   * @default none
   */
  readonly instanceProfileArn?: string;
  /**
   * User data, base64-encoded (self-managed nodes only).
   * @default none
   */
  readonly userData?: string;
  /**
   * Tags put on the instances and volumes launched (provider default tags do not reach them).
   * @default none
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

const DEFAULT_ROOT_VOLUME_TYPE = "gp3";
const DEFAULT_METADATA_HOP_LIMIT = 1;
/** Root device of the EKS-optimised Amazon Linux AMIs. */
const ROOT_DEVICE = "/dev/xvda";

/** A node launch template: IMDSv2 required, encrypted root volume, no SSH key, node security groups. */
export class NodeLaunchTemplate extends Construct {
  public readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: NodeLaunchTemplateProps) {
    super(scope, id);
    const hopLimit = props.metadataHopLimit ?? DEFAULT_METADATA_HOP_LIMIT;
    if (!Number.isInteger(hopLimit) || hopLimit < 1 || hopLimit > 64) {
      throw new ValidationError(
        `metadataHopLimit must be a whole number from 1 to 64, received ${hopLimit}`,
        this,
      );
    }
    const tags = { ...(props.instanceTags ?? {}), Name: props.name };
    this.launchTemplate = new LaunchTemplate(this, "Resource", {
      name: props.name,
      description: props.description,
      updateDefaultVersion: true,
      imageId: props.imageId,
      instanceType: props.instanceType,
      userData: props.userData,
      iamInstanceProfile: props.instanceProfileArn ? { arn: props.instanceProfileArn } : undefined,
      vpcSecurityGroupIds: [...props.securityGroupIds],
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: hopLimit,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: ROOT_DEVICE,
          ebs: {
            volumeSize: props.rootVolumeSizeGiB,
            volumeType: props.rootVolumeType ?? DEFAULT_ROOT_VOLUME_TYPE,
            encrypted: "true",
            kmsKeyId: props.kmsKeyArn,
            deleteOnTermination: "true",
          },
        },
      ],
      monitoring: { enabled: true },
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags,
      })),
      tags: { Name: props.name },
    });
  }
}
