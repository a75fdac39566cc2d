import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { partitionOf } from "../core/aws-partition";
import { ValidationError } from "../core/validation-error";

/** Properties of {@link VpcFlowLog}. */
export interface VpcFlowLogProps {
  /** VPC whose traffic is logged. */
  readonly vpcId: string;
  /** Name of the log group to create. */
  readonly logGroupName: string;
  /** Days the log group keeps flow logs. */
  readonly retentionInDays: number;
  /** ARN of the KMS key that encrypts the log group (its policy must admit CloudWatch Logs). */
  readonly kmsKeyArn: string;
  /** Name of the delivery role. */
  readonly roleName: string;
  /** Account of the VPC (confused-deputy condition of the delivery role). */
  readonly accountId: string;
  /** Region of the VPC. */
  readonly region: string;
  /**
   * Seconds over which packets are aggregated into a record (60 or 600).
   * @default 60
   */
  readonly maxAggregationInterval?: number;
}

const DEFAULT_MAX_AGGREGATION_INTERVAL = 60;
const AGGREGATION_INTERVALS = [60, 600];

/** Flow logs of every packet (accepted and rejected) to a KMS-encrypted CloudWatch log group. */
export class VpcFlowLog extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    const maxAggregationInterval = props.maxAggregationInterval ?? DEFAULT_MAX_AGGREGATION_INTERVAL;
    if (!AGGREGATION_INTERVALS.includes(maxAggregationInterval)) {
      throw new ValidationError(
        `maxAggregationInterval must be 60 or 600 seconds, received ${maxAggregationInterval}`,
        this,
      );
    }
    const partition = partitionOf(props.region);
    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: props.logGroupName,
      retentionInDays: props.retentionInDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = new IamRole(this, "Role", {
      name: props.roleName,
      description: "Delivers VPC flow logs to CloudWatch Logs",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": props.accountId },
              ArnLike: {
                "aws:SourceArn": `arn:${partition}:ec2:${props.region}:${props.accountId}:vpc-flow-log/*`,
              },
            },
          },
        ],
      }),
    });
    const rolePolicy = new IamRolePolicy(this, "RolePolicy", {
      role: role.id,
      name: "deliver-to-log-group",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "WriteFlowLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
          },
          {
            Sid: "FindLogGroups",
            Effect: "Allow",
            Action: "logs:DescribeLogGroups",
            Resource: `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:*`,
          },
        ],
      }),
    });
    this.flowLog = new FlowLog(this, "Resource", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval,
      // The role must be able to write before the first delivery is attempted.
      dependsOn: [rolePolicy],
    });
  }
}
