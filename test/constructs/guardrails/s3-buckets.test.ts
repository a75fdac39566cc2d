import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { type App, TerraformStack } from "cdktf";
import { suppressGuardrail, suppressionsUnder } from "../../../constructs/guardrails/suppressions";
import { DataBuckets } from "../../../constructs/object-store/data-buckets";
import { SecureBucket } from "../../../constructs/storage/secure-bucket";
import { findings, guardedStack, KEY_ARN } from "./guarded-stack";

/** The three companions of a bucket, its `bucket` argument given by `ref`. */
function companions(stack: TerraformStack, id: string, ref: string): void {
  new S3BucketServerSideEncryptionConfigurationA(stack, `${id}Encryption`, {
    bucket: ref,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } }],
  });
  new S3BucketVersioningA(stack, `${id}Versioning`, {
    bucket: ref,
    versioningConfiguration: { status: "Enabled" },
  });
  new S3BucketPublicAccessBlock(stack, `${id}Block`, {
    bucket: ref,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
}

describe("S3 bucket guardrails", () => {
  it("fail a bare bucket on encryption, versioning and public access, naming stack, path, type and rule", () => {
    const stack = guardedStack();
    new S3Bucket(stack, "Bare", { bucket: "bare" });
    const errors = findings(stack);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(
      /^\[s3-encryption\] guarded\/Bare \(aws_s3_bucket\): add an aws_s3_bucket_server_side_encryption_configuration .*sseAlgorithm: "aws:kms"/,
    );
    expect(errors[1]).toMatch(
      /^\[s3-versioning\] guarded\/Bare \(aws_s3_bucket\): add an aws_s3_bucket_versioning/,
    );
    expect(errors[2]).toMatch(
      /^\[s3-public-access-block\] guarded\/Bare \(aws_s3_bucket\): add an aws_s3_bucket_public_access_block/,
    );
  });

  it("make a full synth fail", () => {
    const stack = guardedStack();
    new S3Bucket(stack, "Bare", { bucket: "bare" });
    expect(() => (stack.node.root as App).synth()).toThrow(
      /\[s3-encryption\] guarded\/Bare \(aws_s3_bucket\)/,
    );
  });

  it("pass a bucket whose companions refer to its id, its name attribute or its literal name", () => {
    const stack = guardedStack();
    const byId = new S3Bucket(stack, "ById", { bucket: "by-id" });
    companions(stack, "ById", byId.id);
    const byName = new S3Bucket(stack, "ByName", { bucket: "by-name" });
    companions(stack, "ByName", byName.bucket);
    new S3Bucket(stack, "ByLiteral", { bucket: "by-literal" });
    companions(stack, "ByLiteral", "by-literal");
    expect(findings(stack)).toEqual([]);
  });

  it("pass the project's SecureBucket as it is", () => {
    const stack = guardedStack();
    new SecureBucket(stack, "Secure", { bucketName: "secure", kmsKeyArn: KEY_ARN });
    expect(findings(stack)).toEqual([]);
  });

  it("do not credit a bucket with another bucket's companions", () => {
    const stack = guardedStack();
    const good = new S3Bucket(stack, "Good", { bucket: "good" });
    companions(stack, "Good", good.id);
    new S3Bucket(stack, "Other", { bucket: "other" });
    const errors = findings(stack);
    expect(errors).toHaveLength(3);
    for (const error of errors) expect(error).toMatch(/ guarded\/Other \(aws_s3_bucket\)/);
  });

  it("do not credit companions of another stack", () => {
    const stack = guardedStack();
    const bucket = new S3Bucket(stack, "Bucket", { bucket: "shared-name" });
    const other = new TerraformStack(stack.node.root, "other");
    companions(other, "Elsewhere", "shared-name");
    expect(bucket.bucket).toBeDefined();
    expect(findings(stack).map((e) => e.split(" ")[0])).toEqual([
      "[s3-encryption]",
      "[s3-versioning]",
      "[s3-public-access-block]",
    ]);
  });

  it("fail SSE-S3 (AES256), SSE-KMS without a customer key, suspended versioning and a partial block", () => {
    const stack = guardedStack();
    const bucket = new S3Bucket(stack, "Weak", { bucket: "weak" });
    new S3BucketServerSideEncryptionConfigurationA(stack, "Aes", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketServerSideEncryptionConfigurationA(stack, "AwsKey", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
    });
    new S3BucketVersioningA(stack, "Suspended", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Suspended" },
    });
    new S3BucketPublicAccessBlock(stack, "Partial", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: false,
    });
    expect(findings(stack).map((e) => e.split(" ")[0])).toEqual([
      "[s3-encryption]",
      "[s3-versioning]",
      "[s3-public-access-block]",
    ]);
  });

  it("let a scratch bucket go unversioned with a documented opt-out, and only versioning", () => {
    const scratch = (stack: TerraformStack) =>
      new SecureBucket(stack, "Scratch", {
        bucketName: "scratch",
        kmsKeyArn: KEY_ARN,
        versioned: false,
        expireAfterDays: 1,
      });
    const plain = guardedStack();
    scratch(plain);
    expect(findings(plain)).toEqual([
      expect.stringMatching(/^\[s3-versioning\] guarded\/Scratch\/Resource /),
    ]);
    const suppressed = guardedStack();
    suppressGuardrail(scratch(suppressed), "s3-versioning", "scratch data expired after a day");
    expect(findings(suppressed)).toEqual([]);
  });

  it("let the platform's buckets go unversioned only as scratch data that expires", () => {
    const stack = guardedStack();
    new DataBuckets(stack, "Buckets", {
      prefix: "dp-dev",
      accountId: "111111111111",
      region: "eu-west-3",
      buckets: { kept: { versioned: false }, scratch: { versioned: false, expireAfterDays: 1 } },
    });
    expect(findings(stack)).toEqual([
      expect.stringMatching(/^\[s3-versioning\] guarded\/Buckets\/kept\/Resource \(aws_s3_bucket\)/),
    ]);
    expect(suppressionsUnder(stack)).toEqual([
      {
        path: "guarded/Buckets/scratch",
        rule: "s3-versioning",
        reason: "scratch data: objects expire after 1 day(s), no version of them is worth keeping",
        used: true,
      },
    ]);
  });
});
