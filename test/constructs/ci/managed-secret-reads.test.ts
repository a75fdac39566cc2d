import { managedSecretReadStatements } from "../../../constructs/ci/managed-secret-reads";

describe("managedSecretReadStatements", () => {
  const [read, decrypt] = managedSecretReadStatements({
    accountId: "123456789012",
    region: "eu-west-3",
    projects: ["dataplatform"],
  });

  it("reads secret values only of secrets tagged as this app's", () => {
    expect(read).toEqual({
      Sid: "ReadSecretsThisAppWrites",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: "arn:aws:secretsmanager:*:123456789012:secret:*",
      Condition: {
        StringEquals: { "aws:ResourceTag/managed-by": "cdktf", "aws:ResourceTag/project": ["dataplatform"] },
      },
    });
  });

  it("decrypts with the account's keys only through Secrets Manager", () => {
    expect(decrypt).toMatchObject({
      Action: "kms:Decrypt",
      Resource: "arn:aws:kms:*:123456789012:key/*",
      Condition: { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } },
    });
  });
});
