import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { Construct } from "constructs";
import { partitionOf } from "../core/aws-partition";
import { ServiceRole, serviceTrust } from "../iam/service-role";

/** Properties of {@link NodeRole}. */
export interface NodeRoleProps {
  /** Role name. */
  readonly roleName: string;
  /** Which nodes assume it (role description). */
  readonly description: string;
  /** Region (partition of the policy ARNs). */
  readonly region: string;
  /**
   * Attach `AmazonEKS_CNI_Policy`: only where the VPC CNI cannot have its own role (no IRSA).
   * @default false
   */
  readonly vpcCniPolicy?: boolean;
  /**
   * Attach `AmazonEBSCSIDriverPolicy`: only where the EBS CSI driver cannot have its own role.
   * @default false
   */
  readonly ebsCsiDriverPolicy?: boolean;
  /**
   * Create an instance profile (self-managed nodes; managed node groups make their own).
   * @default false
   */
  readonly instanceProfile?: boolean;
}

/**
 * IAM role of EKS nodes: join the cluster, pull images, Session Manager (the shell access, instead
 * of SSH). CNI and EBS permissions stay off the node unless the platform cannot give them a role.
 */
export class NodeRole extends Construct {
  public readonly role: ServiceRole;
  public readonly instanceProfile?: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: NodeRoleProps) {
    super(scope, id);
    const policy = (name: string) => `arn:${partitionOf(props.region)}:iam::aws:policy/${name}`;
    this.role = new ServiceRole(this, "Role", {
      roleName: props.roleName,
      description: props.description,
      trust: [serviceTrust("ec2.amazonaws.com")],
      managedPolicyArns: [
        policy("AmazonEKSWorkerNodePolicy"),
        policy("AmazonEC2ContainerRegistryPullOnly"),
        policy("AmazonSSMManagedInstanceCore"),
        ...(props.vpcCniPolicy ? [policy("AmazonEKS_CNI_Policy")] : []),
        ...(props.ebsCsiDriverPolicy ? [policy("service-role/AmazonEBSCSIDriverPolicy")] : []),
      ],
    });
    if (props.instanceProfile) {
      this.instanceProfile = new IamInstanceProfile(this, "InstanceProfile", {
        name: props.roleName,
        role: this.role.role.name,
      });
    }
  }
}
