import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { SPARK_JOB_PORTS, SPARK_PORTS } from "./spark-ports";

/** Properties of {@link SparkSecurityGroup}. */
export interface SparkSecurityGroupProps {
  /** Name of the group. */
  readonly name: string;
  /** VPC of the tasks. */
  readonly vpcId: string;
  /** The VPC's CIDR: where submitters, drivers and operators reach Spark from. */
  readonly vpcCidr: string;
}

/** Spark's TCP ports by rule id: the master, the workers, their UIs, the drivers' and executors' range. */
const SPARK_PORT_RANGES: ReadonlyArray<{ readonly id: string; readonly from: number; readonly to: number }> =
  [
    { id: "Master", from: SPARK_PORTS.master, to: SPARK_PORTS.master },
    { id: "MasterUi", from: SPARK_PORTS.masterUi, to: SPARK_PORTS.masterUi },
    { id: "Worker", from: SPARK_PORTS.worker, to: SPARK_PORTS.worker },
    { id: "WorkerUi", from: SPARK_PORTS.workerUi, to: SPARK_PORTS.workerUi },
    { id: "Jobs", from: SPARK_JOB_PORTS.from, to: SPARK_JOB_PORTS.to },
  ];

/**
 * The security group of Spark's tasks: Spark's ports only, from the group itself (master, workers,
 * executors) and from the VPC's CIDR (clients submitting from inside the
 * VPC, UIs through Session Manager port forwarding); nothing else in, no SSH, no internet. Out: HTTPS
 * anywhere (AWS APIs, S3, through NAT or endpoints) and anything inside the VPC (drivers in client
 * mode listen on their own hosts).
 */
export class SparkSecurityGroup extends Construct {
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: SparkSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, "Resource", {
      name: props.name,
      description: "Spark standalone tasks: Spark ports from this group and the VPC only",
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    const groupId = this.securityGroup.id;
    for (const range of SPARK_PORT_RANGES) {
      const ports = { ipProtocol: "tcp", fromPort: range.from, toPort: range.to };
      const what = range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
      new VpcSecurityGroupIngressRule(this, `${range.id}FromSpark`, {
        securityGroupId: groupId,
        description: `Spark ${range.id} (${what}) from Spark's tasks`,
        referencedSecurityGroupId: groupId,
        ...ports,
      });
      new VpcSecurityGroupIngressRule(this, `${range.id}FromVpc`, {
        securityGroupId: groupId,
        description: `Spark ${range.id} (${what}) from inside the VPC`,
        cidrIpv4: props.vpcCidr,
        ...ports,
      });
    }
    new VpcSecurityGroupEgressRule(this, "HttpsOut", {
      securityGroupId: groupId,
      description: "AWS APIs, S3 and registries (through NAT or VPC endpoints)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
    new VpcSecurityGroupEgressRule(this, "VpcOut", {
      securityGroupId: groupId,
      description: "Spark traffic inside the VPC (master, workers, drivers, executors)",
      ipProtocol: "-1",
      cidrIpv4: props.vpcCidr,
    });
  }
}
