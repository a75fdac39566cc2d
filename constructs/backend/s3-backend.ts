import { S3Backend, type TerraformStack } from "cdktf";

/** Properties of {@link useS3Backend}. */
export interface S3BackendProps {
  /** State bucket name. */
  readonly bucket: string;
  /** Region of the bucket and lock table. */
  readonly region: string;
  /** DynamoDB lock table name. */
  readonly dynamodbTable: string;
  /** KMS key (ARN or alias ARN) that encrypts the state object. */
  readonly kmsKeyId: string;
  /** Object key of this stack's state, `<env>/<layer>.tfstate`. */
  readonly key: string;
  /**
   * Also lock with an S3 lock file (`use_lockfile`, Terraform >= 1.10), alongside DynamoDB.
   * @default true
   */
  readonly useLockfile?: boolean;
}

const DEFAULT_USE_LOCKFILE = true;

/**
 * Points a stack's state at the bootstrap bucket: encrypted with the state CMK, locked in
 * DynamoDB and, by default, with S3 native locking too. cdktf 0.21's `S3Backend` has no
 * `useLockfile` field, so it is written with an override (plain Terraform JSON either way).
 */
export function useS3Backend(stack: TerraformStack, props: S3BackendProps): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: props.bucket,
    key: props.key,
    region: props.region,
    dynamodbTable: props.dynamodbTable,
    encrypt: true,
    kmsKeyId: props.kmsKeyId,
  });
  if (props.useLockfile ?? DEFAULT_USE_LOCKFILE) {
    stack.addOverride("terraform.backend.s3.use_lockfile", true);
  }
  return backend;
}
