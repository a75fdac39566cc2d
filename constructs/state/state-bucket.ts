import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";

/** Properties of {@link StateBucket}. */
export interface StateBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** ARN of the KMS key that encrypts every object. */
  readonly kmsKeyArn: string;
  /**
   * Days a noncurrent state version is kept before expiry.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Days after which an unfinished multipart upload is removed.
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
}

const DEFAULT_NONCURRENT_VERSION_DAYS = 90;
const DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;

/** An S3 bucket fit to hold Terraform state: versioned, KMS-encrypted, private, TLS-only, kept on destroy. */
export class StateBucket extends Construct {
  public readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const noncurrentDays = props.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS;
    const abortDays =
      props.abortIncompleteMultipartUploadDays ?? DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS;
    for (const [name, days] of [
      ["noncurrentVersionDays", noncurrentDays],
      ["abortIncompleteMultipartUploadDays", abortDays],
    ] as const) {
      if (!Number.isInteger(days) || days < 1) {
        throw new ValidationError(`${name} must be a whole number of at least 1, received ${days}`, this);
      }
    }

    this.bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    // Removing any of these from code must not silently lift a protection of the state.
    const lifecycle = { preventDestroy: true };

    const versioning = new S3BucketVersioningA(this, "Versioning", {
      bucket,
      versioningConfiguration: { status: "Enabled" },
      lifecycle,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: true,
        },
      ],
      lifecycle,
    });
    const ownership = new S3BucketOwnershipControls(this, "Ownership", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
      lifecycle,
    });
    // S3 rejects concurrent changes to one bucket's controls (OperationAborted): apply them in turn.
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      lifecycle,
      dependsOn: [ownership],
    });
    new S3BucketPolicy(this, "Policy", {
      bucket,
      lifecycle,
      dependsOn: [publicAccessBlock],
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            Sid: "DenyOutdatedTls",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
          },
        ],
      }),
    });
    // Noncurrent-version rules act on versions: apply them once versioning is on.
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket,
      lifecycle,
      dependsOn: [versioning],
      rule: [
        {
          id: "expire-noncurrent-state-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: abortDays }],
        },
      ],
    });
  }
}
