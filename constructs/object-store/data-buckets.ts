import { Construct } from "constructs";
import { suppressGuardrail } from "../guardrails/suppressions";
import type { IamStatement } from "../iam/service-role";
import { EncryptionKey } from "../kms/encryption-key";
import { SecureBucket } from "../storage/secure-bucket";
import { ValidationError } from "../core/validation-error";

/** One bucket of the platform, by its logical name (`trino-data`). */
export interface DataBucketSpec {
  /**
   * Keep object versions. Only scratch data may go without: an unversioned bucket must expire its
   * objects (`expireAfterDays`), else the `s3-versioning` guardrail fails synth.
   */
  readonly versioned: boolean;
  /**
   * Days after which objects expire.
   * @default never
   */
  readonly expireAfterDays?: number;
}

/** Properties of {@link DataBuckets}. */
export interface DataBucketsProps {
  /** `<project>-<environment>`: the first part of every bucket name. */
  readonly prefix: string;
  /** Account of the buckets (last part of their names: S3 names are global). */
  readonly accountId: string;
  /** Region of the buckets and their key. */
  readonly region: string;
  /** The buckets, by logical name. */
  readonly buckets: Readonly<Record<string, DataBucketSpec>>;
  /**
   * Refuse `terraform destroy` of the buckets, their protections and their key (production).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** The name of a platform bucket: `<project>-<environment>-<bucket>-<account>`. */
export const dataBucketName = (prefix: string, logical: string, accountId: string): string =>
  `${prefix}-${logical}-${accountId}`;

/**
 * The platform's S3 buckets, each a {@link SecureBucket}, all encrypted with one rotating
 * customer-managed key of their own. Names are `<project>-<environment>-<bucket>-<account>`.
 */
export class DataBuckets extends Construct {
  public readonly key: EncryptionKey;
  public readonly buckets: Readonly<Record<string, SecureBucket>>;
  private readonly names: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: DataBucketsProps) {
    super(scope, id);
    this.names = Object.fromEntries(
      Object.keys(props.buckets).map((logical) => [
        logical,
        dataBucketName(props.prefix, logical, props.accountId),
      ]),
    );
    const bad = Object.values(this.names).filter((name) => !BUCKET_NAME.test(name));
    if (bad.length > 0) {
      throw new ValidationError(
        `bucket names must be 3–63 lower-case letters, digits and hyphens: ${bad.join(", ")}`,
        this,
      );
    }
    this.key = new EncryptionKey(this, "Key", {
      description: `Objects of the ${props.prefix} data platform's buckets`,
      aliasName: `${props.prefix}-data`,
      accountId: props.accountId,
      region: props.region,
      preventDestroy: props.preventDestroy,
    });
    this.buckets = Object.fromEntries(
      Object.entries(props.buckets).map(([logical, spec]) => {
        const bucket = new SecureBucket(this, logical, {
          bucketName: this.names[logical],
          kmsKeyArn: this.key.key.arn,
          versioned: spec.versioned,
          expireAfterDays: spec.expireAfterDays,
          preventDestroy: props.preventDestroy,
        });
        if (!spec.versioned && spec.expireAfterDays !== undefined) {
          suppressGuardrail(
            bucket,
            "s3-versioning",
            `scratch data: objects expire after ${spec.expireAfterDays} day(s), no version of them is worth keeping`,
          );
        }
        return [logical, bucket];
      }),
    );
  }

  /** The name of a bucket by its logical name. */
  public bucketName(logical: string): string {
    const name = this.names[logical];
    if (!name)
      throw new ValidationError(`no bucket "${logical}"; known: ${Object.keys(this.names).join(", ")}`, this);
    return name;
  }

  /** The ARN of a bucket (`arn:<partition>:s3:::<name>`), by its logical name. */
  public bucketArn(logical: string): string {
    this.bucketName(logical);
    return this.buckets[logical].bucket.arn;
  }
}

/** What an application may do with each bucket it uses. */
export type BucketAccess = "read" | "read-write";

/**
 * Least-privilege S3 statements of one application: list and locate only its buckets, read (and, for
 * read-write ones, write and delete) only their objects, and use the buckets' key only through S3.
 */
export function s3AccessStatements(props: {
  readonly buckets: ReadonlyArray<{ readonly arn: string; readonly access: BucketAccess }>;
  readonly kmsKeyArn: string;
  readonly region: string;
}): IamStatement[] {
  const all = props.buckets.map((b) => b.arn);
  const writable = props.buckets.filter((b) => b.access === "read-write").map((b) => b.arn);
  const dnsSuffix = props.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return [
    {
      Sid: "ListItsBuckets",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: all,
    },
    {
      Sid: "ReadItsObjects",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: all.map((arn) => `${arn}/*`),
    },
    ...(writable.length > 0
      ? [
          {
            Sid: "WriteItsObjects",
            Effect: "Allow" as const,
            Action: [
              "s3:PutObject",
              "s3:DeleteObject",
              "s3:AbortMultipartUpload",
              "s3:ListMultipartUploadParts",
            ],
            Resource: writable.map((arn) => `${arn}/*`),
          },
        ]
      : []),
    {
      Sid: "UseTheBucketsKeyThroughS3",
      Effect: "Allow",
      Action: writable.length > 0 ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
      Resource: props.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${props.region}.${dnsSuffix}` } },
    },
  ];
}
