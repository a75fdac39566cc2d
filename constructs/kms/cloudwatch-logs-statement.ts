import { dnsSuffixOf, partitionOf } from "../core/aws-partition";
import type { PolicyStatement } from "./encryption-key";

/**
 * Key-policy statement that lets CloudWatch Logs of one region use a key, only for log groups of
 * one account (the encryption context names the log group).
 */
export function cloudWatchLogsKeyStatement(accountId: string, region: string): PolicyStatement {
  return {
    Sid: "CloudWatchLogsOfThisAccount",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.${dnsSuffixOf(region)}` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: {
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": `arn:${partitionOf(region)}:logs:${region}:${accountId}:log-group:*`,
      },
    },
  };
}
