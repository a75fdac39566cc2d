import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, blockOf, isSet, isToken } from "./attributes";
import { reportViolation } from "./report";

/**
 * Fails synth on a DynamoDB table without point-in-time recovery (`point_in_time_recovery.enabled`)
 * or not encrypted with a customer-managed key (`server_side_encryption.enabled` and `kms_key_arn`;
 * DynamoDB's default is an AWS-owned key no policy of ours controls).
 */
export class DynamodbTables implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.terraformResourceType !== "aws_dynamodb_table") return;
    const table = attributesOf(node);
    const pitr = blockOf(table.point_in_time_recovery).enabled;
    if (pitr !== true && !isToken(pitr)) {
      reportViolation(node, "dynamodb-pitr", "set pointInTimeRecovery = { enabled: true }");
    }
    const sse = blockOf(table.server_side_encryption);
    if ((sse.enabled !== true && !isToken(sse.enabled)) || !isSet(sse.kms_key_arn)) {
      reportViolation(
        node,
        "dynamodb-encryption",
        "set serverSideEncryption = { enabled: true, kmsKeyArn: <customer-managed key> }",
      );
    }
  }
}
