import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { Construct } from "constructs";
import { partitionOf } from "../core/aws-partition";
import { ServiceRole, serviceTrust } from "../iam/service-role";

/** Properties of {@link ContainerInstanceRole}. */
export interface ContainerInstanceRoleProps {
  /** Role and instance profile name. */
  readonly roleName: string;
  /** Cluster whose instances take it (role description). */
  readonly clusterName: string;
  /** Region (partition of the policy ARNs). */
  readonly region: string;
}

/**
 * IAM role and instance profile of ECS container instances, with two AWS-managed policies, on
 * purpose: `AmazonEC2ContainerServiceforEC2Role` is what the ECS agent needs (register the instance,
 * discover the poll endpoint, poll for tasks, submit state changes, telemetry, pull images), and AWS
 * changes it as the agent gains calls — a copy would break at an agent upgrade, and the agent's calls
 * made before it knows its container instance (`DiscoverPollEndpoint`, `RegisterContainerInstance`)
 * could not be scoped much tighter anyway; `AmazonSSMManagedInstanceCore` is Session Manager, the only
 * shell access (no SSH key or port). What the policies allow stays on the instance: awsvpc tasks are
 * blocked from instance metadata (`ECS_AWSVPC_BLOCK_IMDS`, hop limit 1) and act as their task role.
 */
export class ContainerInstanceRole extends Construct {
  public readonly role: ServiceRole;
  public readonly instanceProfile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: ContainerInstanceRoleProps) {
    super(scope, id);
    const policy = (name: string) => `arn:${partitionOf(props.region)}:iam::aws:policy/${name}`;
    this.role = new ServiceRole(this, "Role", {
      roleName: props.roleName,
      description: `Container instances of the ECS cluster ${props.clusterName} (ECS agent, Session Manager)`,
      trust: [serviceTrust("ec2.amazonaws.com")],
      managedPolicyArns: [
        policy("service-role/AmazonEC2ContainerServiceforEC2Role"),
        policy("AmazonSSMManagedInstanceCore"),
      ],
    });
    this.instanceProfile = new IamInstanceProfile(this, "InstanceProfile", {
      name: props.roleName,
      role: this.role.role.name,
    });
  }
}
