import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, isSet, isToken } from "./attributes";
import { reportViolation } from "./report";

/**
 * Fails synth on an SQS queue without server-side encryption written down: a KMS key
 * (`kms_master_key_id`) or SQS-managed keys (`sqs_managed_sse_enabled = true`).
 */
export class SqsQueues implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.terraformResourceType !== "aws_sqs_queue") return;
    const queue = attributesOf(node);
    const managed = queue.sqs_managed_sse_enabled;
    if (!isSet(queue.kms_master_key_id) && managed !== true && !isToken(managed)) {
      reportViolation(
        node,
        "sqs-encryption",
        "set kmsMasterKeyId (a customer-managed key) or sqsManagedSseEnabled = true",
      );
    }
  }
}
