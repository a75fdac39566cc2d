import { TerraformStack, Testing } from "cdktf";
import { useS3Backend } from "../../../constructs/backend/s3-backend";
import { parse } from "../../helpers/synth";

const PROPS = {
  bucket: "b",
  region: "eu-west-3",
  dynamodbTable: "t",
  kmsKeyId: "alias-arn",
  key: "dev/network.tfstate",
};

function backendOf(useLockfile?: boolean): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), "s");
  useS3Backend(stack, { ...PROPS, useLockfile });
  return (parse(Testing.synth(stack)).terraform?.backend as { s3: Record<string, unknown> }).s3;
}

describe("useS3Backend", () => {
  it("encrypts, locks in DynamoDB and, by default, with an S3 lock file", () => {
    expect(backendOf()).toEqual({
      bucket: "b",
      region: "eu-west-3",
      dynamodb_table: "t",
      encrypt: true,
      kms_key_id: "alias-arn",
      key: "dev/network.tfstate",
      use_lockfile: true,
    });
  });

  it("leaves S3 native locking out on request", () => {
    expect(backendOf(false)).not.toHaveProperty("use_lockfile");
  });
});
