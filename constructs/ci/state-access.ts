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

/**
 * What a role may do with state: read it (plan: plans run with `-lock=false`, so a plan never holds or
 * can remove a lock), or read, lock and write it (deploy).
 */
export type StateAccessLevel = "plan" | "deploy";

/** Suffix Terraform appends to a state key for its S3 lock file (`use_lockfile`). */
export const LOCK_FILE_SUFFIX = ".tflock";

/**
 * IAM statements (literal JSON) for Terraform's S3 backend on given state objects, as the backend
 * calls them. Both levels: `s3:ListBucket` on the bucket, `s3:GetObject` on the objects, DynamoDB
 * `GetItem` on the lock table (the digest check of a read), `kms:Decrypt` of the state CMK named by
 * its alias (`kms:ResourceAliases`: an alias ARN in `Resource` would match nothing). `deploy` adds
 * `s3:PutObject` of the state objects, `PutItem`/`DeleteItem` of their lock and digest items
 * (`dynamodb:LeadingKeys`), `s3:PutObject`/`s3:DeleteObject` of their `*.tflock` lock files where S3
 * native locking is on, and `kms:Encrypt`/`kms:GenerateDataKey`. `plan` writes nothing: no state
 * object, no lock — so no pull request can take or remove the lock of a running apply.
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
      {
        Sid: sid("ReadLocksAndDigests"),
        Effect: "Allow",
        Action: "dynamodb:GetItem",
        Resource: table,
      },
    ];
    if (level === "deploy") {
      if (lockFiles.length > 0) {
        statements.push({
          Sid: sid("TakeAndReleaseLockFiles"),
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:DeleteObject"],
          Resource: lockFiles,
        });
      }
      statements.push({
        // Items are `<bucket>/<key>` (the lock) and `<bucket>/<key>-md5` (the digest a state write updates).
        Sid: sid("LockAndRecordDigests"),
        Effect: "Allow",
        Action: ["dynamodb:PutItem", "dynamodb:DeleteItem"],
        Resource: table,
        Condition: {
          "ForAllValues:StringLike": {
            "dynamodb:LeadingKeys": backend.keyPrefixes.map((prefix) => `${backend.bucketName}/${prefix}*`),
          },
        },
      });
    }
    statements.push({
      Sid: sid("UseStateKey"),
      Effect: "Allow",
      Action: level === "deploy" ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : "kms:Decrypt",
      Resource: `arn:${partition}:kms:${backend.region}:${backend.accountId}:key/*`,
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${backend.kmsKeyAlias}` } },
    });
    return statements;
  });
}
