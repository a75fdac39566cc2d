import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { findings, guardedStack, KEY_ARN } from "./guarded-stack";

describe("CloudWatch log group guardrails", () => {
  it("fail a group kept forever and one without a customer-managed key", () => {
    const stack = guardedStack();
    new CloudwatchLogGroup(stack, "Forever", { name: "f", kmsKeyId: KEY_ARN });
    new CloudwatchLogGroup(stack, "Zero", { name: "z", kmsKeyId: KEY_ARN, retentionInDays: 0 });
    new CloudwatchLogGroup(stack, "Plain", { name: "p", retentionInDays: 30 });
    new CloudwatchLogGroup(stack, "Good", { name: "g", retentionInDays: 30, kmsKeyId: KEY_ARN });
    expect(findings(stack)).toEqual([
      expect.stringMatching(
        /^\[log-retention\] guarded\/Forever \(aws_cloudwatch_log_group\): keeps logs forever: set retentionInDays/,
      ),
      expect.stringMatching(/^\[log-retention\] guarded\/Zero /),
      "[log-encryption] guarded/Plain (aws_cloudwatch_log_group): set kmsKeyId to a customer-managed key CloudWatch Logs may use",
    ]);
  });
});
