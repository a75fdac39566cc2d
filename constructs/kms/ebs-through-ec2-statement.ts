import { dnsSuffixOf } from "../core/aws-partition";
import type { PolicyStatement } from "./encryption-key";

/**
 * Key-policy statement that lets EC2 use a key for EBS on behalf of any principal of one account —
 * the Auto Scaling service-linked role launching instances, the EBS CSI driver, Karpenter — as the
 * AWS-managed aws/ebs key does, without naming roles that may not exist yet.
 */
export function ebsThroughEc2Statement(accountId: string, region: string): PolicyStatement {
  return {
    Sid: "EbsThroughEc2InThisAccount",
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:CreateGrant",
      "kms:DescribeKey",
    ],
    Resource: "*",
    Condition: {
      StringEquals: {
        "kms:CallerAccount": accountId,
        "kms:ViaService": `ec2.${region}.${dnsSuffixOf(region)}`,
      },
    },
  };
}
