import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";

/** Properties of {@link LockTable}. */
export interface LockTableProps {
  /** Table name. */
  readonly tableName: string;
  /** ARN of the KMS key that encrypts the table. */
  readonly kmsKeyArn: string;
}

/** The DynamoDB table Terraform's S3 backend locks state with (`LockID` hash key). */
export class LockTable extends Construct {
  public readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: LockTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, "Resource", {
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
  }
}
