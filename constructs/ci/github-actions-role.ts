import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";
import { attachRolePolicies } from "../iam/role-policies";
import type { IamStatement } from "../iam/service-role";
import { GITHUB_OIDC_HOST, STS_AUDIENCE } from "./github-oidc-provider";

/** Properties of {@link GitHubActionsRole}. */
export interface GitHubActionsRoleProps {
  /** Role name (at most 64 characters). */
  readonly roleName: string;
  /** What the role is for (IAM description). */
  readonly description: string;
  /** ARN of the account's GitHub OIDC provider. */
  readonly oidcProviderArn: string;
  /**
   * The exact `sub` claims allowed to take the role, e.g. `repo:octo-org/octo-repo:pull_request`,
   * `repo:octo-org/octo-repo:ref:refs/heads/main`, `repo:octo-org/octo-repo:environment:prod`.
   */
  readonly subjects: ReadonlyArray<string>;
  /**
   * AWS-managed (or customer-managed) policies attached to the role, by ARN.
   * @default none
   */
  readonly managedPolicyArns?: ReadonlyArray<string>;
  /**
   * Inline policies by name, each a list of statements.
   * @default none
   */
  readonly inlinePolicies?: Readonly<Record<string, ReadonlyArray<IamStatement>>>;
  /**
   * ARN of the permissions boundary: the most the role may do, whatever its policies say.
   * @default none
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * Longest session, in seconds (`role-duration-seconds` of the workflow may not ask for more).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
}

const DEFAULT_MAX_SESSION_DURATION_SECONDS = 3600;
const MIN_SESSION_SECONDS = 3600;
const MAX_SESSION_SECONDS = 43200;
const MAX_ROLE_NAME_LENGTH = 64;
/**
 * A default-format `sub` claim of GitHub Actions, without glob characters: owner and repository by
 * name, or with their immutable ids appended (repositories created or renamed after 2026-06-18).
 */
const SUBJECT =
  /^repo:[A-Za-z0-9@-]+\/[A-Za-z0-9._@-]+:(?:pull_request|ref:refs\/(?:heads|tags)\/[^*?\s]+|environment:[^*?\s]+)$/;

/**
 * The trust statement of a role for GitHub Actions: `sts:AssumeRoleWithWebIdentity` through the
 * account's GitHub OIDC provider, for tokens issued to STS (`aud`) whose subject is one of `subjects`
 * exactly (`StringEquals` on a list: any one matches, no wildcard is interpreted).
 */
export function githubActionsTrust(oidcProviderArn: string, subjects: ReadonlyArray<string>): IamStatement {
  return {
    Sid: "GitHubActionsOidc",
    Effect: "Allow",
    Principal: { Federated: oidcProviderArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: {
        [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE,
        [`${GITHUB_OIDC_HOST}:sub`]: [...subjects],
      },
    },
  };
}

/**
 * An IAM role that GitHub Actions jobs of given subjects assume with their OIDC token, with managed
 * and inline policies, an optional permissions boundary and one-hour sessions by default.
 */
export class GitHubActionsRole extends Construct {
  public readonly role: IamRole;
  /** Attachments and inline policies: what uses the role should depend on them. */
  public readonly grants: ReadonlyArray<ITerraformDependable>;

  constructor(scope: Construct, id: string, props: GitHubActionsRoleProps) {
    super(scope, id);
    if (props.roleName.length > MAX_ROLE_NAME_LENGTH) {
      throw new ValidationError(
        `roleName must be at most ${MAX_ROLE_NAME_LENGTH} characters, received "${props.roleName}" (${props.roleName.length})`,
        this,
      );
    }
    if (props.subjects.length === 0) {
      throw new ValidationError(
        "subjects needs at least one subject: a role any workflow could take is refused",
        this,
      );
    }
    const bad = props.subjects.filter((subject) => !SUBJECT.test(subject));
    if (bad.length > 0) {
      throw new ValidationError(
        `subjects must be exact GitHub subjects (repo:<owner>/<name>:pull_request, :ref:refs/heads/<branch> or :environment:<name>), without wildcards, received ${bad.map((s) => `"${s}"`).join(", ")}`,
        this,
      );
    }
    const maxSessionDuration = props.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_DURATION_SECONDS;
    if (maxSessionDuration < MIN_SESSION_SECONDS || maxSessionDuration > MAX_SESSION_SECONDS) {
      throw new ValidationError(
        `maxSessionDurationSeconds must be between ${MIN_SESSION_SECONDS} and ${MAX_SESSION_SECONDS} (IAM's limits), received ${maxSessionDuration}`,
        this,
      );
    }
    this.role = new IamRole(this, "Resource", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [githubActionsTrust(props.oidcProviderArn, props.subjects)],
      }),
      maxSessionDuration,
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    this.grants = attachRolePolicies(this, this.role, props.managedPolicyArns, props.inlinePolicies);
  }
}
