import { dnsSuffixOf, partitionOf } from "../core/aws-partition";
import type { IamStatement } from "../iam/service-role";

/** Properties of {@link managedSecretReadStatements}. */
export interface ManagedSecretReadProps {
  /** Account of the secrets. */
  readonly accountId: string;
  /** Region of the stack (for the partition of ARNs). */
  readonly region: string;
  /** Values of the `project` tag of the secrets this app manages. */
  readonly projects: ReadonlyArray<string>;
}

/** The `managed-by` tag that the provider's default tags put on every resource of the app. */
const MANAGED_BY = "cdktf";

/**
 * Lets a plan refresh the secret versions Terraform writes (`aws_secretsmanager_secret_version` reads
 * the value back with `secretsmanager:GetSecretValue`, which `ReadOnlyAccess` leaves out): the value
 * of secrets tagged `managed-by = cdktf` and with one of `projects`, and `kms:Decrypt` through Secrets
 * Manager only. These values are in the state the plan reads anyway; secrets the app does not write
 * (those RDS manages, anyone else's) carry no such tags and stay out of reach.
 */
export function managedSecretReadStatements(props: ManagedSecretReadProps): IamStatement[] {
  const partition = partitionOf(props.region);
  return [
    {
      Sid: "ReadSecretsThisAppWrites",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: `arn:${partition}:secretsmanager:*:${props.accountId}:secret:*`,
      Condition: {
        StringEquals: {
          "aws:ResourceTag/managed-by": MANAGED_BY,
          "aws:ResourceTag/project": [...props.projects],
        },
      },
    },
    {
      Sid: "DecryptThemThroughSecretsManager",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: `arn:${partition}:kms:*:${props.accountId}:key/*`,
      Condition: { StringLike: { "kms:ViaService": `secretsmanager.*.${dnsSuffixOf(props.region)}` } },
    },
  ];
}
