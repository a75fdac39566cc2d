import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

/** Properties of {@link VpcEndpoints}. */
export interface VpcEndpointsProps {
  /** VPC of the endpoints. */
  readonly vpcId: string;
  /** VPC CIDR, admitted on 443 to the interface endpoints. */
  readonly vpcCidr: string;
  /** Region (service names are `com.amazonaws.<region>.<service>`). */
  readonly region: string;
  /** Prefix of the endpoints' Name tags and security group name. */
  readonly namePrefix: string;
  /** Subnets where interface endpoints place their ENIs (one per AZ). */
  readonly subnetIds: ReadonlyArray<string>;
  /** Route tables that get the S3 gateway endpoint. */
  readonly routeTableIds: ReadonlyArray<string>;
  /**
   * Interface endpoint services, e.g. `ecr.api`, `sts`.
   * @default none
   */
  readonly interfaceServices?: ReadonlyArray<string>;
}

/** The S3 gateway endpoint and the interface endpoints a private cluster needs, with private DNS. */
export class VpcEndpoints extends Construct {
  public readonly s3Gateway: VpcEndpoint;
  public readonly securityGroup: SecurityGroup;
  public readonly interfaceEndpoints: Record<string, VpcEndpoint> = {};

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    this.s3Gateway = new VpcEndpoint(this, "S3", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...props.routeTableIds],
      tags: { Name: `${props.namePrefix}-s3` },
    });
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: `${props.namePrefix}-vpc-endpoints`,
      description: "Interface VPC endpoints: HTTPS from inside the VPC only",
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, "HttpsFromVpc", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS from the VPC",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    for (const service of props.interfaceServices ?? []) {
      this.interfaceEndpoints[service] = new VpcEndpoint(this, `Interface-${service}`, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: [this.securityGroup.id],
        tags: { Name: `${props.namePrefix}-${service}` },
      });
    }
  }
}
