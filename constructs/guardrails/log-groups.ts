import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, isSet, isToken } from "./attributes";
import { reportViolation } from "./report";

/**
 * Fails synth on a CloudWatch log group that keeps its logs forever (`retention_in_days` unset or 0,
 * which CloudWatch reads as "never expire") or is not encrypted with a customer-managed key
 * (`kms_key_id`).
 */
export class LogGroups implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.terraformResourceType !== "aws_cloudwatch_log_group")
      return;
    const group = attributesOf(node);
    const retention = group.retention_in_days;
    if (!isToken(retention) && !(typeof retention === "number" && retention > 0)) {
      reportViolation(
        node,
        "log-retention",
        "keeps logs forever: set retentionInDays (one of CloudWatch's values, e.g. 30, 90, 365)",
      );
    }
    if (!isSet(group.kms_key_id)) {
      reportViolation(
        node,
        "log-encryption",
        "set kmsKeyId to a customer-managed key CloudWatch Logs may use",
      );
    }
  }
}
