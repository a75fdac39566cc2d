import { partitionOf } from "../core/aws-partition";
import type { IamStatement } from "../iam/service-role";

/** One state backend (bucket, lock table, CMK) and the state objects a role reaches in it. */
export interface StateBackendAccess {
  /** Account of the bucket, table and key. */
  readonly accountId: string;
  /** Region of the bucket, table and key. */
  readonly region: string;
  /** State bucket name. */
  readonly bucketName: string;
  /** DynamoDB lock table name. */
  readonly lockTableName: string;
  /** Alias of the CMK that encrypts state objects and the table, without `alias/`. */
  readonly kmsKeyAlias: string;
  /** Key prefixes of the state objects reached, each ending with `/` (e.g. `dev/`); keys end with `.tfstate`. */
  readonly keyPrefixes: ReadonlyArray<string>;
  /** The prefixes among `keyPrefixes` whose stacks lock with an S3 lock file (`use_lockfile`). */
  readonly lockfileKeyPrefixes: ReadonlyArray<string>;
}

/** What a role may do with state: read and lock (plan), or also write (deploy). */
export type StateAccessLevel = "plan" | "deploy";

/** Suffix of every state key (`<env>/<layer>.tfstate`): a plan locks these and writes no `-md5` digest. */
export const STATE_KEY_SUFFIX = ".tfstate";

/** Suffix Terraform appends to a state key for its S3 lock file (`use_lockfile`). */
export const LOCK_FILE_SUFFIX = ".tflock";

/**
 * IAM statements (literal JSON) for Terraform's S3 backend on given state objects, as the backend
 * calls them: `s3:ListBucket` on the bucket; `s3:GetObject` on the objects; DynamoDB `GetItem` on the
 * lock table, `PutItem` and `DeleteItem` of the items of those objects (`dynamodb:LeadingKeys`: their
 * locks, which a plan takes too, and for a deploy their digests); `s3:PutObject` and
 * `s3:DeleteObject` of `*.tflock` lock files where S3 native locking is on; `kms:Decrypt`,
 * `kms:Encrypt`, `kms:GenerateDataKey` of the state CMK, named by its alias (`kms:ResourceAliases`:
 * an alias ARN in `Resource` would match nothing). `deploy` adds `s3:PutObject` of the state objects;
 * `plan` can never write one.
 */
export function stateAccessStatements(
  backends: ReadonlyArray<StateBackendAccess>,
  level: StateAccessLevel,
): IamStatement[] {
  return backends.flatMap((backend, index) => {
    const partition = partitionOf(backend.region);
    const bucketArn = `arn:${partition}:s3:::${backend.bucketName}`;
    const objects = backend.keyPrefixes.map((prefix) => `${bucketArn}/${prefix}*`);
    const lockFiles = backend.lockfileKeyPrefixes.map(
      (prefix) => `${bucketArn}/${prefix}*${LOCK_FILE_SUFFIX}`,
    );
    const table = `arn:${partition}:dynamodb:${backend.region}:${backend.accountId}:table/${backend.lockTableName}`;
    const sid = (name: string) => `${name}${backends.length > 1 ? index + 1 : ""}`;
    const statements: IamStatement[] = [
      { Sid: sid("ListStateBucket"), Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
      {
        Sid: sid(level === "deploy" ? "ReadAndWriteState" : "ReadState"),
        Effect: "Allow",
        Action: level === "deploy" ? ["s3:GetObject", "s3:PutObject"] : "s3:GetObject",
        Resource: objects,
      },
    ];
    if (lockFiles.length > 0) {
      statements.push({
        Sid: sid("TakeAndReleaseLockFiles"),
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:DeleteObject"],
        Resource: lockFiles,
      });
    }
    statements.push(
      {
        Sid: sid("ReadLocksAndDigests"),
        Effect: "Allow",
        Action: "dynamodb:GetItem",
        Resource: table,
      },
      {
        // Items are `<bucket>/<key>` (the lock) and `<bucket>/<key>-md5` (the digest a state write
        // updates): a plan takes and releases locks only, a deploy writes both.
        Sid: sid(level === "deploy" ? "LockAndRecordDigests" : "TakeAndReleaseLocks"),
        Effect: "Allow",
        Action: ["dynamodb:PutItem", "dynamodb:DeleteItem"],
        Resource: table,
        Condition: {
          "ForAllValues:StringLike": {
            "dynamodb:LeadingKeys": backend.keyPrefixes.map(
              (prefix) => `${backend.bucketName}/${prefix}*${level === "deploy" ? "" : STATE_KEY_SUFFIX}`,
            ),
          },
        },
      },
      {
        Sid: sid("UseStateKey"),
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
        Resource: `arn:${partition}:kms:${backend.region}:${backend.accountId}:key/*`,
        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${backend.kmsKeyAlias}` } },
      },
    );
    return statements;
  });
}
