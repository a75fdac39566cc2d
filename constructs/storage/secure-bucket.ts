import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";

/** Properties of {@link SecureBucket}. */
export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** ARN of the customer-managed KMS key that encrypts every object. */
  readonly kmsKeyArn: string;
  /**
   * Keep every version of every object (recovers deletes and overwrites).
   * @default true
   */
  readonly versioned?: boolean;
  /**
   * Days a noncurrent version is kept (versioned buckets).
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Days after which current objects expire (scratch data such as Trino's exchange).
   * @default never
   */
  readonly expireAfterDays?: number;
  /**
   * Days after which an unfinished multipart upload is removed.
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * Refuse `terraform destroy` of the bucket and each of its protections.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Id of the lifecycle rule.
   * @default "expire-noncurrent-versions" (versioned), "expire-objects" (not versioned)
   */
  readonly lifecycleRuleId?: string;
}

const DEFAULT_NONCURRENT_VERSION_DAYS = 90;
const DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;

/**
 * An S3 bucket with every protection on: SSE-KMS with a customer key and bucket key, all four
 * public-access blocks, ACLs disabled (BucketOwnerEnforced), a bucket policy that denies requests
 * without TLS or with TLS older than 1.2 (literal JSON), versioning unless told otherwise, and a
 * lifecycle that expires noncurrent versions and unfinished uploads. Its controls are applied one
 * after the other: S3 refuses concurrent changes to one bucket (OperationAborted).
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const versioned = props.versioned ?? true;
    const noncurrentDays = props.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS;
    const abortDays =
      props.abortIncompleteMultipartUploadDays ?? DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS;
    const days: ReadonlyArray<readonly [string, number | undefined]> = [
      ["noncurrentVersionDays", noncurrentDays],
      ["abortIncompleteMultipartUploadDays", abortDays],
      ["expireAfterDays", props.expireAfterDays],
    ];
    for (const [name, value] of days) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new ValidationError(`${name} must be a whole number of at least 1, received ${value}`, this);
      }
    }
    const preventDestroy = props.preventDestroy ?? false;
    const lifecycle = preventDestroy ? { preventDestroy: true } : undefined;

    this.bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle,
    });
    const bucket = this.bucket.id;
    const versioning = versioned
      ? new S3BucketVersioningA(this, "Versioning", {
          bucket,
          versioningConfiguration: { status: "Enabled" },
          lifecycle,
        })
      : undefined;
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
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      lifecycle,
      dependsOn: [ownership],
    });
    const resources = [this.bucket.arn, `${this.bucket.arn}/*`];
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
            Resource: resources,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            Sid: "DenyOutdatedTls",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: resources,
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
          },
        ],
      }),
    });
    const rule: S3BucketLifecycleConfigurationRule = {
      id: props.lifecycleRuleId ?? (versioned ? "expire-noncurrent-versions" : "expire-objects"),
      status: "Enabled",
      filter: [{ prefix: "" }],
      ...(versioned ? { noncurrentVersionExpiration: [{ noncurrentDays }] } : {}),
      ...(props.expireAfterDays !== undefined ? { expiration: [{ days: props.expireAfterDays }] } : {}),
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: abortDays }],
    };
    // Noncurrent-version rules act on versions: apply them once versioning is on.
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket,
      rule: [rule],
      lifecycle,
      dependsOn: versioning ? [versioning] : [publicAccessBlock],
    });
  }
}
