import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";
import {
  planSubnets,
  SubnetPlanError,
  type PlannedSubnet,
  type SubnetPlan,
  type SubnetPrefixLengths,
} from "./subnet-plan";
import { VpcEndpoints } from "./vpc-endpoints";
import { VpcFlowLog } from "./vpc-flow-log";

/** An Outpost subnet: on the rack, routed through the private route table of its AZ. */
export interface OutpostSubnetProps {
  /** ARN of the Outpost. */
  readonly outpostArn: string;
  /** AZ the Outpost is anchored to. */
  readonly availabilityZone: string;
  /** CIDR of the subnet, inside the VPC. */
  readonly cidr: string;
}

/** Properties of {@link Network}. */
export interface NetworkProps {
  /** Prefix of Name tags and derived names. */
  readonly namePrefix: string;
  /** VPC CIDR. */
  readonly cidr: string;
  /** Availability zones, one subnet per tier in each. */
  readonly availabilityZones: ReadonlyArray<string>;
  /** One NAT gateway for all AZs, or one per AZ. */
  readonly natGateways: "single" | "per-az";
  /** Account of the VPC. */
  readonly accountId: string;
  /** Region of the VPC. */
  readonly region: string;
  /** EKS cluster that will use the VPC: value of the `karpenter.sh/discovery` tag. */
  readonly clusterName: string;
  /** Days flow logs are kept. */
  readonly flowLogRetentionInDays: number;
  /** KMS key encrypting the flow-log group. */
  readonly logsKmsKeyArn: string;
  /**
   * Prefix lengths replacing the derived ones.
   * @default derived from the VPC prefix
   */
  readonly subnetPrefixLengths?: Partial<SubnetPrefixLengths>;
  /**
   * Interface endpoint services in the private subnets.
   * @default none (the S3 gateway endpoint is always created)
   */
  readonly interfaceEndpoints?: ReadonlyArray<string>;
  /**
   * Outpost subnet to add.
   * @default none
   */
  readonly outpost?: OutpostSubnetProps;
}

const TIER_ID = { public: "Public", private: "Private", intra: "Intra" } as const;

/** Subnets of one tier, in AZ order. */
type SubnetsByTier = Record<"public" | "private" | "intra", Subnet[]>;

/**
 * A VPC for EKS: public, private and intra subnets computed from the VPC CIDR, NAT gateways,
 * flow logs, a closed default security group, endpoints, and the tags ELB and Karpenter look for.
 */
export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly plan: SubnetPlan;
  public readonly subnets: SubnetsByTier;
  public readonly privateRouteTables: RouteTable[];
  public readonly outpostSubnet?: Subnet;
  public readonly endpoints: VpcEndpoints;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const prefix = props.namePrefix;
    try {
      this.plan = planSubnets({
        vpcCidr: props.cidr,
        availabilityZones: props.availabilityZones,
        prefixLengths: props.subnetPrefixLengths,
        reserved: props.outpost ? [props.outpost.cidr] : [],
      });
    } catch (error) {
      if (error instanceof SubnetPlanError) throw new ValidationError(error.message, this);
      throw error;
    }

    if (props.outpost && !props.availabilityZones.includes(props.outpost.availabilityZone)) {
      throw new ValidationError(
        `outpost.availabilityZone must be one of ${props.availabilityZones.join(", ")} (its subnet routes through that AZ's private route table), received ${props.outpost.availabilityZone}`,
        this,
      );
    }

    this.vpc = new Vpc(this, "Resource", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: prefix },
    });
    const vpcId = this.vpc.id;
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId,
      ingress: [],
      egress: [],
      tags: { Name: `${prefix}-default-closed` },
    });

    const tierTags = {
      public: { "kubernetes.io/role/elb": "1" },
      private: { "kubernetes.io/role/internal-elb": "1", "karpenter.sh/discovery": props.clusterName },
      intra: {},
    };
    const makeSubnets = (tier: keyof SubnetsByTier, planned: ReadonlyArray<PlannedSubnet>) =>
      planned.map(
        (s) =>
          new Subnet(this, `${TIER_ID[tier]}Subnet-${s.availabilityZone}`, {
            vpcId,
            cidrBlock: s.cidr,
            availabilityZone: s.availabilityZone,
            mapPublicIpOnLaunch: false,
            tags: { Name: `${prefix}-${tier}-${s.availabilityZone}`, tier, ...tierTags[tier] },
          }),
      );
    this.subnets = {
      public: makeSubnets("public", this.plan.public),
      private: makeSubnets("private", this.plan.private),
      intra: makeSubnets("intra", this.plan.intra),
    };

    const igw = new InternetGateway(this, "InternetGateway", { vpcId, tags: { Name: prefix } });
    const publicRouteTable = new RouteTable(this, "PublicRouteTable", {
      vpcId,
      tags: { Name: `${prefix}-public` },
    });
    new Route(this, "PublicDefaultRoute", {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    this.subnets.public.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `PublicRouteTableAssociation-${props.availabilityZones[i]}`, {
          subnetId: subnet.id,
          routeTableId: publicRouteTable.id,
        }),
    );

    const natAzs =
      props.natGateways === "per-az" ? props.availabilityZones : props.availabilityZones.slice(0, 1);
    const natGateways = natAzs.map((az, i) => {
      const eip = new Eip(this, `NatGatewayIp-${az}`, {
        domain: "vpc",
        tags: { Name: `${prefix}-nat-${az}` },
      });
      return new NatGateway(this, `NatGateway-${az}`, {
        allocationId: eip.id,
        subnetId: this.subnets.public[i].id,
        tags: { Name: `${prefix}-nat-${az}` },
        dependsOn: [igw],
      });
    });

    // One private route table per AZ, whatever the NAT mode, so switching modes only moves routes.
    this.privateRouteTables = props.availabilityZones.map((az, i) => {
      const table = new RouteTable(this, `PrivateRouteTable-${az}`, {
        vpcId,
        tags: { Name: `${prefix}-private-${az}` },
      });
      new Route(this, `PrivateDefaultRoute-${az}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: (natGateways[i] ?? natGateways[0]).id,
      });
      new RouteTableAssociation(this, `PrivateRouteTableAssociation-${az}`, {
        subnetId: this.subnets.private[i].id,
        routeTableId: table.id,
      });
      return table;
    });

    const intraRouteTable = new RouteTable(this, "IntraRouteTable", {
      vpcId,
      tags: { Name: `${prefix}-intra` },
    });
    this.subnets.intra.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `IntraRouteTableAssociation-${props.availabilityZones[i]}`, {
          subnetId: subnet.id,
          routeTableId: intraRouteTable.id,
        }),
    );

    if (props.outpost) {
      this.outpostSubnet = this.addOutpostSubnet(props.outpost, props.availabilityZones, prefix);
    }

    new VpcFlowLog(this, "FlowLog", {
      vpcId,
      logGroupName: `/aws/vpc-flow-logs/${prefix}`,
      retentionInDays: props.flowLogRetentionInDays,
      kmsKeyArn: props.logsKmsKeyArn,
      roleName: `${prefix}-vpc-flow-logs`,
      accountId: props.accountId,
      region: props.region,
    });

    this.endpoints = new VpcEndpoints(this, "Endpoints", {
      vpcId,
      vpcCidr: props.cidr,
      region: props.region,
      namePrefix: prefix,
      subnetIds: this.subnets.private.map((s) => s.id),
      routeTableIds: [...this.privateRouteTables, intraRouteTable].map((t) => t.id),
      interfaceServices: props.interfaceEndpoints,
    });
  }

  private addOutpostSubnet(outpost: OutpostSubnetProps, azs: ReadonlyArray<string>, prefix: string): Subnet {
    const subnet = new Subnet(this, "OutpostSubnet", {
      vpcId: this.vpc.id,
      cidrBlock: outpost.cidr,
      availabilityZone: outpost.availabilityZone,
      outpostArn: outpost.outpostArn,
      mapPublicIpOnLaunch: false,
      // No karpenter.sh/discovery tag: Karpenter must only launch in regional subnets.
      tags: { Name: `${prefix}-outpost-${outpost.availabilityZone}`, tier: "outpost" },
    });
    new RouteTableAssociation(this, "OutpostRouteTableAssociation", {
      subnetId: subnet.id,
      routeTableId: this.privateRouteTables[azs.indexOf(outpost.availabilityZone)].id,
    });
    return subnet;
  }
}
