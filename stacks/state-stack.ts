import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { StateBackendConfig } from "../config/state-backends";
import { EncryptionKey } from "../constructs/kms/encryption-key";
import { applyGuardrails } from "../constructs/guardrails/apply";
import { LockTable } from "../constructs/state/lock-table";
import { StateBucket } from "../constructs/state/state-bucket";
import { stateKmsAliasArn } from "./backend-settings";
import { requireTerraformVersion } from "./terraform-version";
import { REQUIRED_TAG_KEYS } from "./tags";

/**
 * Bootstrap stack (local backend): the bucket and lock table every other stack keeps its state
 * in, both encrypted with one rotating CMK. Deployed once per account/region, before anything else.
 */
export class StateStack extends TerraformStack {
  public readonly bucket: StateBucket;
  public readonly lockTable: LockTable;
  public readonly key: EncryptionKey;

  constructor(scope: Construct, backend: StateBackendConfig) {
    super(scope, backend.name);
    // Relative to cdktf.out/stacks/<name>/: the state file sits at the project root, outside cdktf.out.
    new LocalBackend(this, { path: `../../../terraform.${backend.name}.tfstate` });
    new AwsProvider(this, "aws", {
      region: backend.region,
      allowedAccountIds: [backend.accountId],
      defaultTags: [
        {
          tags: {
            environment: "shared",
            project: backend.project,
            "managed-by": "cdktf",
            owner: backend.owner,
            "cost-center": backend.costCenter,
          },
        },
      ],
    });
    requireTerraformVersion(this);
    applyGuardrails(this, { requiredTagKeys: REQUIRED_TAG_KEYS });

    this.key = new EncryptionKey(this, "StateKey", {
      description: `Encrypts Terraform state in ${backend.bucketName} and locks in ${backend.lockTableName}`,
      aliasName: backend.kmsKeyAlias,
      accountId: backend.accountId,
      region: backend.region,
      preventDestroy: true,
    });
    this.bucket = new StateBucket(this, "StateBucket", {
      bucketName: backend.bucketName,
      kmsKeyArn: this.key.key.arn,
      noncurrentVersionDays: backend.noncurrentVersionDays,
    });
    this.lockTable = new LockTable(this, "LockTable", {
      tableName: backend.lockTableName,
      kmsKeyArn: this.key.key.arn,
    });

    const outputs: Record<string, string> = {
      bucket: this.bucket.bucket.bucket,
      region: backend.region,
      dynamodb_table: this.lockTable.table.name,
      kms_key_id: stateKmsAliasArn(backend),
      kms_key_arn: this.key.key.arn,
    };
    for (const [name, value] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description: `S3 backend setting ${name}` });
    }
  }
}
