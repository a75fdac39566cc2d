import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";

/** Properties of {@link InstanceSecurityGroup}. */
export interface InstanceSecurityGroupProps {
  /** Name of the group. */
  readonly name: string;
  /** VPC of the instances. */
  readonly vpcId: string;
}

/**
 * The security group of ECS container instances: nothing in (no SSH: Session Manager instead; tasks
 * have their own interfaces and groups), HTTPS out for the ECS agent, Session Manager and image pulls.
 */
export class InstanceSecurityGroup extends Construct {
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: InstanceSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, "Resource", {
      name: props.name,
      description: "ECS container instances: no inbound, HTTPS out",
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    new VpcSecurityGroupEgressRule(this, "HttpsOut", {
      securityGroupId: this.securityGroup.id,
      description: "ECS agent, Session Manager and image registries (through NAT or VPC endpoints)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
  }
}
