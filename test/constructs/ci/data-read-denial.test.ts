import { DATA_READ_ACTIONS, dataReadDenial } from "../../../constructs/ci/data-read-denial";
import type { StateBackendAccess } from "../../../constructs/ci/state-access";

const BACKEND: StateBackendAccess = {
  accountId: "123456789012",
  region: "eu-west-3",
  bucketName: "tfstate",
  lockTableName: "locks",
  kmsKeyAlias: "tfstate",
  keyPrefixes: ["dev/", "prod/"],
  lockfileKeyPrefixes: [],
};

describe("dataReadDenial", () => {
  const denial = dataReadDenial([
    BACKEND,
    { ...BACKEND, region: "eu-west-1", bucketName: "tfstate-ie", keyPrefixes: ["outpost-local/"] },
  ]);

  it("denies reading objects, items, messages and log events", () => {
    expect(denial.Effect).toBe("Deny");
    expect(denial.Resource).toBeUndefined();
    for (const action of [
      "s3:GetObject",
      "dynamodb:GetItem",
      "dynamodb:Scan",
      "sqs:ReceiveMessage",
      "logs:GetLogEvents",
    ]) {
      expect(denial.Action).toContain(action);
    }
    // Configuration reads a plan refreshes stay allowed.
    for (const action of [
      "s3:GetBucketPolicy",
      "dynamodb:DescribeTable",
      "ec2:DescribeVpcs",
      "secretsmanager:GetSecretValue",
    ]) {
      expect(DATA_READ_ACTIONS as ReadonlyArray<string>).not.toContain(action);
    }
  });

  it("everywhere but the state objects of the environments and the lock tables, in every backend", () => {
    expect(denial.NotResource).toEqual([
      "arn:aws:s3:::tfstate/dev/*",
      "arn:aws:s3:::tfstate/prod/*",
      "arn:aws:dynamodb:eu-west-3:123456789012:table/locks",
      "arn:aws:s3:::tfstate-ie/outpost-local/*",
      "arn:aws:dynamodb:eu-west-1:123456789012:table/locks",
    ]);
  });
});
