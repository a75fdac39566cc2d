import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { findings, guardedStack, KEY_ARN } from "./guarded-stack";

describe("sqs-encryption guardrail", () => {
  it("fails a queue without SSE and passes KMS or SQS-managed keys", () => {
    const stack = guardedStack();
    new SqsQueue(stack, "Plain", { name: "plain" });
    new SqsQueue(stack, "Kms", { name: "kms", kmsMasterKeyId: KEY_ARN });
    new SqsQueue(stack, "Managed", { name: "managed", sqsManagedSseEnabled: true });
    expect(findings(stack)).toEqual([
      "[sqs-encryption] guarded/Plain (aws_sqs_queue): set kmsMasterKeyId (a customer-managed key) or sqsManagedSseEnabled = true",
    ]);
  });
});
