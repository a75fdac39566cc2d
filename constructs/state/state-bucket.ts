import type { Construct } from "constructs";
import { SecureBucket } from "../storage/secure-bucket";

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

/**
 * An S3 bucket fit to hold Terraform state: a {@link SecureBucket} (versioned, KMS-encrypted, private,
 * TLS-only) whose every control carries `prevent_destroy`, so removing one from code fails the plan
 * instead of silently lifting a protection of the state.
 */
export class StateBucket extends SecureBucket {
  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id, {
      ...props,
      versioned: true,
      preventDestroy: true,
      lifecycleRuleId: "expire-noncurrent-state-versions",
    });
  }
}
