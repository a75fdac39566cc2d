import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Construct } from "constructs";
import { partitionOf } from "../core/aws-partition";
import { ValidationError } from "../core/validation-error";
import { suppressGuardrail } from "../guardrails/suppressions";
import type { IamStatement } from "../iam/service-role";
import { GITHUB_OIDC_HOST } from "./github-oidc-provider";

/** A state backend the boundary keeps whole: bucket, lock table and CMK. */
export interface ProtectedStateBackend {
  readonly accountId: string;
  readonly region: string;
  readonly bucketName: string;
  readonly lockTableName: string;
  /** Alias of the state CMK, without `alias/`. */
  readonly kmsKeyAlias: string;
}

/** Properties of {@link DeployBoundary}. */
export interface DeployBoundaryProps {
  /** Name of the managed policy (its ARN is derived from it, so the policy can protect itself). */
  readonly policyName: string;
  /** Account of the roles, the policy and the OIDC provider. */
  readonly accountId: string;
  /** Region of the stack (for the partition of ARNs). */
  readonly region: string;
  /** Roles the bounded role may not change, delete or pass: the CI roles, itself included. */
  readonly protectedRoleNames: ReadonlyArray<string>;
  /** State backends whose bucket, table and key it may not delete or weaken. */
  readonly stateBackends: ReadonlyArray<ProtectedStateBackend>;
  /**
   * State objects it may not write or delete (`<bucket>/<key>`, lock file included): the state of the
   * stack that holds the CI roles.
   * @default none
   */
  readonly protectedStateObjects?: ReadonlyArray<{ readonly bucketName: string; readonly key: string }>;
}

/** What changes a role: its trust, its policies, its boundary, its tags, its existence. */
const ROLE_CHANGES = [
  "iam:AttachRolePolicy",
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:DeleteRolePermissionsBoundary",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PassRole",
  "iam:PutRolePermissionsBoundary",
  "iam:PutRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
];
/** What changes a managed policy. */
const POLICY_CHANGES = [
  "iam:CreatePolicyVersion",
  "iam:DeletePolicy",
  "iam:DeletePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:TagPolicy",
  "iam:UntagPolicy",
];
/** What changes an OIDC provider: who it trusts, for which audiences, its existence. */
const OIDC_PROVIDER_CHANGES = [
  "iam:AddClientIDToOpenIDConnectProvider",
  "iam:CreateOpenIDConnectProvider",
  "iam:DeleteOpenIDConnectProvider",
  "iam:RemoveClientIDFromOpenIDConnectProvider",
  "iam:TagOpenIDConnectProvider",
  "iam:UntagOpenIDConnectProvider",
  "iam:UpdateOpenIDConnectProviderThumbprint",
];
/** Long-lived credentials: IAM users, their access keys, passwords and service credentials. */
const LONG_LIVED_CREDENTIALS = [
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:CreateServiceSpecificCredential",
  "iam:CreateUser",
  "iam:UpdateAccessKey",
  "iam:UpdateLoginProfile",
  "iam:UploadSSHPublicKey",
];
/** What deletes a state bucket or lifts one of its protections. */
const STATE_BUCKET_CHANGES = [
  "s3:DeleteBucket",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketPolicy",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "s3:PutLifecycleConfiguration",
];
/** What deletes a lock table or lifts its deletion protection and backups. */
const LOCK_TABLE_CHANGES = [
  "dynamodb:DeleteTable",
  "dynamodb:UpdateContinuousBackups",
  "dynamodb:UpdateTable",
];
/** What destroys the state CMK or takes it away from the account. */
const STATE_KEY_CHANGES = [
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:PutKeyPolicy",
  "kms:ScheduleKeyDeletion",
];

/** The statements of the boundary: everything, except what {@link DeployBoundary} lists. */
export function deployBoundaryStatements(props: DeployBoundaryProps): IamStatement[] {
  const partition = partitionOf(props.region);
  const iam = `arn:${partition}:iam::${props.accountId}`;
  const buckets = props.stateBackends.map((b) => `arn:${partitionOf(b.region)}:s3:::${b.bucketName}`);
  const statements: IamStatement[] = [
    // A boundary only caps: without this statement the role could do nothing at all.
    { Sid: "AllowWhatTheRolePoliciesAllow", Effect: "Allow", Action: "*", Resource: "*" },
    {
      Sid: "DenyChangingTheCiRoles",
      Effect: "Deny",
      Action: ROLE_CHANGES,
      Resource: props.protectedRoleNames.map((name) => `${iam}:role/${name}`),
    },
    {
      Sid: "DenyChangingThisBoundary",
      Effect: "Deny",
      Action: POLICY_CHANGES,
      Resource: `${iam}:policy/${props.policyName}`,
    },
    {
      Sid: "DenyChangingTheGitHubOidcProvider",
      Effect: "Deny",
      Action: OIDC_PROVIDER_CHANGES,
      Resource: `${iam}:oidc-provider/${GITHUB_OIDC_HOST}`,
    },
    { Sid: "DenyLongLivedCredentials", Effect: "Deny", Action: LONG_LIVED_CREDENTIALS, Resource: "*" },
    { Sid: "DenyWeakeningTheStateBuckets", Effect: "Deny", Action: STATE_BUCKET_CHANGES, Resource: buckets },
    {
      Sid: "DenyDeletingStateHistory",
      Effect: "Deny",
      Action: "s3:DeleteObjectVersion",
      Resource: buckets.map((bucket) => `${bucket}/*`),
    },
    {
      Sid: "DenyDeletingTheLockTables",
      Effect: "Deny",
      Action: LOCK_TABLE_CHANGES,
      Resource: props.stateBackends.map(
        (b) => `arn:${partitionOf(b.region)}:dynamodb:${b.region}:${b.accountId}:table/${b.lockTableName}`,
      ),
    },
    {
      Sid: "DenyDisablingTheStateKeys",
      Effect: "Deny",
      Action: STATE_KEY_CHANGES,
      Resource: "*",
      Condition: {
        "ForAnyValue:StringEquals": {
          "kms:ResourceAliases": [...new Set(props.stateBackends.map((b) => `alias/${b.kmsKeyAlias}`))],
        },
      },
    },
    {
      Sid: "DenyMovingTheStateKeyAliases",
      Effect: "Deny",
      Action: ["kms:DeleteAlias", "kms:UpdateAlias"],
      Resource: props.stateBackends.map(
        (b) => `arn:${partitionOf(b.region)}:kms:${b.region}:${b.accountId}:alias/${b.kmsKeyAlias}`,
      ),
    },
  ];
  const objects = props.protectedStateObjects ?? [];
  if (objects.length > 0) {
    statements.push({
      Sid: "DenyWritingTheCiStackState",
      Effect: "Deny",
      Action: ["s3:DeleteObject", "s3:PutObject"],
      Resource: objects.map(({ bucketName, key }) => `arn:${partition}:s3:::${bucketName}/${key}*`),
    });
  }
  return statements;
}

/**
 * The permissions boundary of the deploy role, a managed policy in literal JSON: it allows what the
 * role's own policies allow (administrator) except changing the CI roles, this boundary and the
 * GitHub OIDC provider; creating IAM users, access keys or passwords; deleting or weakening a state
 * bucket, lock table or CMK, deleting old state versions; and writing the CI stack's own state.
 */
export class DeployBoundary extends Construct {
  public readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: DeployBoundaryProps) {
    super(scope, id);
    if (props.protectedRoleNames.length === 0) {
      throw new ValidationError("protectedRoleNames needs at least the bounded role itself", this);
    }
    if (props.stateBackends.length === 0) {
      throw new ValidationError(
        "stateBackends needs at least one backend: the one the deploy role writes",
        this,
      );
    }
    this.policy = new IamPolicy(this, "Resource", {
      name: props.policyName,
      description:
        "Permissions boundary of the CI deploy role: administrator, except the CI roles, the state backends and long-lived credentials",
      policy: JSON.stringify({ Version: "2012-10-17", Statement: deployBoundaryStatements(props) }),
    });
    const reason =
      'a permissions boundary, not a grant: its "Allow * on *" only stops it from capping what the role\'s own policies allow; its Deny statements are the point';
    suppressGuardrail(this.policy, "iam-wildcard-action", reason);
    suppressGuardrail(this.policy, "iam-wildcard-resource", reason);
  }
}
