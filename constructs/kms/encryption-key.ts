import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { partitionOf } from "../core/aws-partition";
import { ValidationError } from "../core/validation-error";

/** A key-policy statement, written as literal IAM JSON. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal: Record<string, string | string[]>;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/** Properties of {@link EncryptionKey}. */
export interface EncryptionKeyProps {
  /** What the key encrypts (KMS key description). */
  readonly description: string;
  /** Alias without the `alias/` prefix. */
  readonly aliasName: string;
  /** Account that owns the key; its IAM policies may grant use of it. */
  readonly accountId: string;
  /** Region of the key (for the partition of ARNs). */
  readonly region: string;
  /**
   * Statements added after the account-administration statement (e.g. a service principal).
   * @default none
   */
  readonly additionalStatements?: ReadonlyArray<PolicyStatement>;
  /**
   * Days KMS waits before deleting the key once scheduled.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Refuse `terraform destroy` of the key (for keys whose loss loses data, like the state key).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

const DEFAULT_DELETION_WINDOW_IN_DAYS = 30;

/** A customer-managed KMS key with yearly rotation, an explicit key policy and an alias. */
export class EncryptionKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const deletionWindowInDays = props.deletionWindowInDays ?? DEFAULT_DELETION_WINDOW_IN_DAYS;
    if (deletionWindowInDays < 7 || deletionWindowInDays > 30) {
      throw new ValidationError(
        `deletionWindowInDays must be between 7 and 30, received ${deletionWindowInDays}`,
        this,
      );
    }
    const partition = partitionOf(props.region);
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministration",
          Effect: "Allow",
          Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        ...(props.additionalStatements ?? []),
      ],
    };
    this.key = new KmsKey(this, "Resource", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: JSON.stringify(policy),
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    this.alias = new KmsAlias(this, "Alias", {
      name: `alias/${props.aliasName}`,
      targetKeyId: this.key.keyId,
    });
  }
}
