import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { findings, guardedStack, KEY_ARN } from "./guarded-stack";

const table = {
  name: "t",
  hashKey: "id",
  attribute: [{ name: "id", type: "S" }],
  billingMode: "PAY_PER_REQUEST",
};

describe("DynamoDB guardrails", () => {
  it("fail a table without PITR and without a customer-managed key", () => {
    const stack = guardedStack();
    new DynamodbTable(stack, "Table", { ...table, serverSideEncryption: { enabled: true } });
    expect(findings(stack)).toEqual([
      "[dynamodb-pitr] guarded/Table (aws_dynamodb_table): set pointInTimeRecovery = { enabled: true }",
      "[dynamodb-encryption] guarded/Table (aws_dynamodb_table): set serverSideEncryption = { enabled: true, kmsKeyArn: <customer-managed key> }",
    ]);
  });

  it("pass a table with PITR and its own key", () => {
    const stack = guardedStack();
    new DynamodbTable(stack, "Table", {
      ...table,
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN },
    });
    expect(findings(stack)).toEqual([]);
  });
});
