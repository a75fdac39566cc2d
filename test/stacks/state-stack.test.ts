import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Testing } from "cdktf";
import { STATE_BACKENDS } from "../../config/state-backends";
import { StateStack } from "../../stacks/state-stack";
import { onlyResource, parse, refTo, resourcesOf } from "../helpers/synth";

const backend = STATE_BACKENDS[0];

describe("state stack", () => {
  let synth: string;
  beforeAll(() => {
    synth = Testing.synth(new StateStack(Testing.app(), backend));
  });

  it("matches the reviewed snapshot", () => expect(synth).toMatchSnapshot());

  it("keeps its own state in a local file at the project root", () => {
    expect(parse(synth).terraform?.backend).toEqual({ local: { path: "../../../terraform.state.tfstate" } });
  });

  it("refuses to run against another account", () => {
    expect(parse(synth).provider?.aws[0].allowed_account_ids).toEqual([backend.accountId]);
  });

  it("lets only the account administer and use the state key (through IAM)", () => {
    const policy = JSON.parse(String(onlyResource(synth, "aws_kms_key").policy));
    expect(policy.Statement).toEqual([
      {
        Sid: "AccountAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${backend.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ]);
  });

  it("encrypts with a rotating customer key that cannot be destroyed by Terraform", () => {
    expect(synth).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
  });

  describe("state bucket", () => {
    it("keeps the bucket and every protection of it on destroy, and applies its controls in turn", () => {
      for (const type of [
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_lifecycle_configuration",
      ]) {
        expect(onlyResource(synth, type).lifecycle).toEqual({ prevent_destroy: true });
      }
      expect(onlyResource(synth, "aws_s3_bucket_lifecycle_configuration").depends_on).toEqual([
        expect.stringMatching(/^aws_s3_bucket_versioning\./),
      ]);
      expect(onlyResource(synth, "aws_s3_bucket_policy").depends_on).toEqual([
        expect.stringMatching(/^aws_s3_bucket_public_access_block\./),
      ]);
      expect(onlyResource(synth, "aws_s3_bucket_public_access_block").depends_on).toEqual([
        expect.stringMatching(/^aws_s3_bucket_ownership_controls\./),
      ]);
    });

    it("is versioned and kept on destroy", () => {
      expect(synth).toHaveResourceWithProperties(S3Bucket, {
        bucket: backend.bucketName,
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
      expect(synth).toHaveResourceWithProperties(S3BucketVersioningA, {
        versioning_configuration: { status: "Enabled" },
      });
    });

    it("encrypts every object with the state key (SSE-KMS, bucket key)", () => {
      const sse = onlyResource(synth, "aws_s3_bucket_server_side_encryption_configuration");
      expect(sse.rule).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: refTo(synth, "aws_kms_key", "arn"),
          },
          bucket_key_enabled: true,
        },
      ]);
    });

    it("blocks every kind of public access and disables ACLs", () => {
      expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(synth).toHaveResourceWithProperties(S3BucketOwnershipControls, {
        rule: { object_ownership: "BucketOwnerEnforced" },
      });
    });

    it("denies any request not made over TLS 1.2 or later", () => {
      const policy = JSON.parse(String(onlyResource(synth, "aws_s3_bucket_policy").policy));
      expect(policy.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
          expect.objectContaining({
            Effect: "Deny",
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
          }),
        ]),
      );
      const bucketArn = refTo(synth, "aws_s3_bucket", "arn");
      policy.Statement.forEach((s: { Resource: string[] }) =>
        expect(s.Resource).toEqual([bucketArn, `${bucketArn}/*`]),
      );
    });

    it("expires noncurrent state versions and stale multipart uploads", () => {
      const [rule] = onlyResource(synth, "aws_s3_bucket_lifecycle_configuration").rule as Array<
        Record<string, unknown>
      >;
      expect(rule).toMatchObject({
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: backend.noncurrentVersionDays }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      });
    });
  });

  describe("lock table", () => {
    it("locks on LockID, on demand, with PITR, the state key and deletion protection", () => {
      expect(synth).toHaveResourceWithProperties(DynamodbTable, {
        name: backend.lockTableName,
        hash_key: "LockID",
        attribute: [{ name: "LockID", type: "S" }],
        billing_mode: "PAY_PER_REQUEST",
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true, kms_key_arn: refTo(synth, "aws_kms_key", "arn") },
        deletion_protection_enabled: true,
        lifecycle: { prevent_destroy: true },
      });
    });
  });

  it("outputs the backend settings the other stacks use", () => {
    const outputs = parse(synth).output ?? {};
    expect(outputs.region.value).toBe(backend.region);
    expect(outputs.kms_key_id.value).toBe(
      `arn:aws:kms:${backend.region}:${backend.accountId}:alias/${backend.kmsKeyAlias}`,
    );
    expect(Object.keys(outputs).sort()).toEqual([
      "bucket",
      "dynamodb_table",
      "kms_key_arn",
      "kms_key_id",
      "region",
    ]);
  });

  it("creates nothing else than the key, bucket and table", () => {
    expect(Object.keys(parse(synth).resource ?? {}).sort()).toEqual([
      "aws_dynamodb_table",
      "aws_kms_alias",
      "aws_kms_key",
      "aws_s3_bucket",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_policy",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_versioning",
    ]);
    expect(resourcesOf(synth, "aws_kms_alias")[0].name).toBe(`alias/${backend.kmsKeyAlias}`);
  });
});
