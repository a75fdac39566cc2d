import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { dnsSuffixOf, partitionOf } from "../../core/aws-partition";
import { ValidationError } from "../../core/validation-error";
import { EncryptionKey } from "../../kms/encryption-key";

/** Properties of {@link InterruptionQueue}. */
export interface InterruptionQueueProps {
  /** Queue name (`settings.interruptionQueue` of the chart); also prefixes the rules' names. */
  readonly queueName: string;
  /** Account of the queue and its key. */
  readonly accountId: string;
  /** Region of the queue. */
  readonly region: string;
  /**
   * Seconds a message is kept: EC2 warns two minutes before a Spot interruption, so older
   * messages are useless.
   * @default 300
   */
  readonly messageRetentionSeconds?: number;
  /**
   * Refuse `terraform destroy` of the key.
   * @default false
   */
  readonly preventKeyDestroy?: boolean;
}

/** Seconds an interruption message is kept unless told otherwise. */
export const DEFAULT_MESSAGE_RETENTION_SECONDS = 300;
/** Seconds SQS reuses a data key before asking KMS again (fewer KMS calls, same protection). */
const KMS_DATA_KEY_REUSE_SECONDS = 300;

/** The EventBridge rules Karpenter acts on, by rule id: event source and detail-type. */
export const INTERRUPTION_EVENTS: Readonly<Record<string, { source: string; detailType: string }>> = {
  ScheduledChange: { source: "aws.health", detailType: "AWS Health Event" },
  SpotInterruption: { source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
  Rebalance: { source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
  InstanceStateChange: { source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
  CapacityReservationInterruption: {
    source: "aws.ec2",
    detailType: "EC2 Capacity Reservation Instance Interruption Warning",
  },
};

/**
 * Karpenter's interruption queue: an SQS queue encrypted with a customer-managed key, writable only
 * by EventBridge and SQS over TLS, fed by rules for Spot interruption warnings, rebalance
 * recommendations, instance state changes, AWS Health events and capacity-reservation
 * interruptions, so nodes are drained before EC2 takes them away.
 */
export class InterruptionQueue extends Construct {
  public readonly queue: SqsQueue;
  public readonly key: EncryptionKey;
  public readonly rules: ReadonlyArray<CloudwatchEventRule>;

  constructor(scope: Construct, id: string, props: InterruptionQueueProps) {
    super(scope, id);
    const retention = props.messageRetentionSeconds ?? DEFAULT_MESSAGE_RETENTION_SECONDS;
    if (!Number.isInteger(retention) || retention < 60 || retention > 1209600) {
      throw new ValidationError(`messageRetentionSeconds must be 60 to 1209600, received ${retention}`, this);
    }
    const eventsService = `events.${dnsSuffixOf(props.region)}`;
    const sqsService = `sqs.${dnsSuffixOf(props.region)}`;
    const ruleName = (ruleId: string) => `${props.queueName}-${ruleId}`.slice(0, 64);
    // Rule ARNs are known from their names, so the key and queue policies can name them without a
    // dependency on the rules (which would otherwise be created after the key they are checked by).
    const ruleArns = Object.keys(INTERRUPTION_EVENTS).map(
      (ruleId) =>
        `arn:${partitionOf(props.region)}:events:${props.region}:${props.accountId}:rule/${ruleName(ruleId)}`,
    );
    // EventBridge signs its deliveries with the rule's ARN and account: only these rules may write.
    const fromTheseRules = {
      ArnEquals: { "aws:SourceArn": ruleArns },
      StringEquals: { "aws:SourceAccount": props.accountId },
    };
    this.key = new EncryptionKey(this, "Key", {
      description: `Karpenter interruption queue ${props.queueName}`,
      aliasName: `${props.queueName}-interruption`,
      accountId: props.accountId,
      region: props.region,
      preventDestroy: props.preventKeyDestroy,
      additionalStatements: [
        {
          Sid: "EventBridgeSendsToTheQueue",
          Effect: "Allow",
          Principal: { Service: eventsService },
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          // A key policy's resource is the key itself; the conditions limit it to the rules below.
          Resource: "*",
          Condition: fromTheseRules,
        },
      ],
    });
    this.queue = new SqsQueue(this, "Resource", {
      name: props.queueName,
      messageRetentionSeconds: retention,
      kmsMasterKeyId: this.key.key.arn,
      kmsDataKeyReusePeriodSeconds: KMS_DATA_KEY_REUSE_SECONDS,
    });
    new SqsQueuePolicy(this, "Policy", {
      queueUrl: this.queue.url,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Id: "EC2InterruptionPolicy",
        Statement: [
          {
            Sid: "EventBridgeRulesOnly",
            Effect: "Allow",
            Principal: { Service: eventsService },
            Action: "sqs:SendMessage",
            Resource: this.queue.arn,
            Condition: fromTheseRules,
          },
          {
            // As Karpenter's reference template allows it (SQS forwarding its own messages).
            Sid: "SqsService",
            Effect: "Allow",
            Principal: { Service: sqsService },
            Action: "sqs:SendMessage",
            Resource: this.queue.arn,
          },
          {
            Sid: "DenyHTTP",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:*",
            Resource: this.queue.arn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    });
    this.rules = Object.entries(INTERRUPTION_EVENTS).map(([ruleId, event]) => {
      const rule = new CloudwatchEventRule(this, ruleId, {
        name: ruleName(ruleId),
        description: `${event.detailType} to Karpenter's interruption queue`,
        eventPattern: JSON.stringify({ source: [event.source], "detail-type": [event.detailType] }),
      });
      new CloudwatchEventTarget(this, `${ruleId}Target`, {
        rule: rule.name,
        targetId: "KarpenterInterruptionQueue",
        arn: this.queue.arn,
      });
      return rule;
    });
  }
}
