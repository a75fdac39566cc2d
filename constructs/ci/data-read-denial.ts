import { partitionOf } from "../core/aws-partition";
import type { IamStatement } from "../iam/service-role";
import type { StateBackendAccess } from "./state-access";

/**
 * Actions of AWS's `ReadOnlyAccess` that read data rather than configuration: objects, items, messages,
 * records, log events. A plan refreshes configuration only; Terraform's S3 backend reads state objects
 * and lock digests, which stay allowed.
 */
export const DATA_READ_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:GetObjectTorrent",
  "s3-object-lambda:GetObject",
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:GetRecords",
  "dynamodb:ExportTableToPointInTime",
  "sqs:ReceiveMessage",
  "kinesis:GetRecords",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "logs:StartQuery",
  "logs:GetQueryResults",
  "athena:GetQueryResults",
  "glue:GetPartitions",
  "rds-data:ExecuteStatement",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
] as const;

/**
 * A Deny statement (literal JSON) that takes the data reads of {@link DATA_READ_ACTIONS} back from a
 * read-only role on everything but the given state backends' objects and lock tables: `ReadOnlyAccess`
 * lets its holder read the data lake, table items and queue messages, which a plan never needs.
 */
export function dataReadDenial(backends: ReadonlyArray<StateBackendAccess>): IamStatement {
  return {
    Sid: "DenyDataReadsOutsideTheState",
    Effect: "Deny",
    Action: [...DATA_READ_ACTIONS],
    NotResource: backends.flatMap((backend) => {
      const partition = partitionOf(backend.region);
      return [
        ...backend.keyPrefixes.map((prefix) => `arn:${partition}:s3:::${backend.bucketName}/${prefix}*`),
        `arn:${partition}:dynamodb:${backend.region}:${backend.accountId}:table/${backend.lockTableName}`,
      ];
    }),
  };
}
