import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedCiAccount } from "../config/ci";
import type { StateBackendConfig } from "../config/state-backends";
import { useS3Backend } from "../constructs/backend/s3-backend";
import { partitionOf } from "../constructs/core/aws-partition";
import { DeployBoundary } from "../constructs/ci/deploy-boundary";
import { dataReadDenial } from "../constructs/ci/data-read-denial";
import { GitHubActionsRole } from "../constructs/ci/github-actions-role";
import { GitHubOidcProvider } from "../constructs/ci/github-oidc-provider";
import { managedSecretReadStatements } from "../constructs/ci/managed-secret-reads";
import { stateAccessStatements, type StateBackendAccess } from "../constructs/ci/state-access";
import { applyGuardrails } from "../constructs/guardrails/apply";
import { suppressGuardrail } from "../constructs/guardrails/suppressions";
import { stateKmsAliasArn } from "./backend-settings";
import { requireTerraformVersion } from "./terraform-version";
import { REQUIRED_TAG_KEYS } from "./tags";

/** Name of the stack of a CI account: `<name>-ci`. */
export const ciStackName = (name: string): string => `${name}-ci`;

/**
 * The object key of the CI stack's state, at the root of the bucket: environment states are all under
 * `<env>/` (stateKey), so no environment can collide with it. The plan role cannot read it (its state
 * reads are `<env>/*`, and its data reads are denied elsewhere); the deploy role can read it through
 * AdministratorAccess, and its boundary denies writing it.
 */
export const ciStateKey = (name: string): string => `${ciStackName(name)}.tfstate`;

/** The AWS-managed policy of the deploy role (and the id of its attachment). */
const ADMINISTRATOR_ACCESS = "AdministratorAccess";

/** The state objects of environments are `<env>/<layer>.tfstate` (stacks/backend-settings.ts). */
const envKeyPrefix = (envName: string): string => `${envName}/`;

/**
 * The roles GitHub Actions workflows of one repository assume in one account through OIDC: a plan
 * role (pull requests, drift plans on the main branch) and a deploy role (jobs of the configured
 * GitHub environments), and the GitHub OIDC provider they trust. Deployed once by an administrator,
 * after the state stack and before any workflow runs.
 */
export class CiStack extends TerraformStack {
  public readonly oidcProvider: GitHubOidcProvider;
  public readonly planRole: GitHubActionsRole;
  public readonly deployRole: GitHubActionsRole;
  public readonly boundary: DeployBoundary;

  constructor(scope: Construct, resolved: ResolvedCiAccount) {
    const { account, stateBackend } = resolved;
    super(scope, ciStackName(account.name));
    new AwsProvider(this, "aws", {
      region: account.region,
      allowedAccountIds: [account.accountId],
      defaultTags: [
        {
          tags: {
            environment: "shared",
            project: account.project,
            "managed-by": "cdktf",
            owner: account.owner,
            "cost-center": account.costCenter,
          },
        },
      ],
    });
    // The S3 backend, not a local file like the state stack: the bucket exists by then (state stack
    // first), so the roles' state is versioned, encrypted and shared by the administrators who apply it,
    // with nothing to keep safe on a laptop. Its key sits outside every `<env>/` prefix the roles reach.
    useS3Backend(this, {
      bucket: stateBackend.bucketName,
      region: stateBackend.region,
      dynamodbTable: stateBackend.lockTableName,
      kmsKeyId: stateKmsAliasArn(stateBackend),
      key: ciStateKey(account.name),
    });
    requireTerraformVersion(this);
    applyGuardrails(this, { requiredTagKeys: REQUIRED_TAG_KEYS });

    const repo = account.subjectPrefix ?? `repo:${account.repository}`;
    const backends = stateAccessOf(resolved);
    this.oidcProvider = new GitHubOidcProvider(this, "GitHubOidcProvider", {
      existingArn: account.existingOidcProviderArn,
    });
    this.planRole = new GitHubActionsRole(this, "PlanRole", {
      roleName: account.planRoleName,
      description: `GitHub Actions plans of ${account.repository}: pull requests and drift on ${account.branch} (read-only, plans without locks)`,
      oidcProviderArn: this.oidcProvider.arn,
      subjects: [`${repo}:pull_request`, `${repo}:ref:refs/heads/${account.branch}`],
      managedPolicyArns: [`arn:${partitionOf(account.region)}:iam::aws:policy/ReadOnlyAccess`],
      inlinePolicies: {
        TerraformState: stateAccessStatements(backends, "plan"),
        // ReadOnlyAccess reads data too (objects, items, messages): a plan reads configuration only.
        ReadConfigurationNotData: [dataReadDenial(backends)],
        ManagedSecrets: managedSecretReadStatements({
          accountId: account.accountId,
          region: account.region,
          projects: [...new Set(resolved.environments.map(({ env }) => env.project))],
        }),
      },
    });
    const boundaryName = `${account.deployRoleName}-boundary`;
    this.boundary = new DeployBoundary(this, "DeployBoundary", {
      policyName: boundaryName,
      accountId: account.accountId,
      region: account.region,
      protectedRoleNames: [account.planRoleName, account.deployRoleName],
      stateBackends: uniqueBackends([stateBackend, ...resolved.environments.map(({ backend }) => backend)]),
      protectedStateObjects: [{ bucketName: stateBackend.bucketName, key: ciStateKey(account.name) }],
    });
    this.deployRole = new GitHubActionsRole(this, "DeployRole", {
      roleName: account.deployRoleName,
      description: `GitHub Actions deploys of ${account.repository} (environments ${account.environments.join(", ")}), within ${boundaryName}`,
      oidcProviderArn: this.oidcProvider.arn,
      subjects: account.environments.map((env) => `${repo}:environment:${env}`),
      managedPolicyArns: [`arn:${partitionOf(account.region)}:iam::aws:policy/${ADMINISTRATOR_ACCESS}`],
      inlinePolicies: { TerraformState: stateAccessStatements(backends, "deploy") },
      permissionsBoundaryArn: this.boundary.policy.arn,
      maxSessionDurationSeconds: account.deploySessionSeconds,
    });
    suppressGuardrail(
      this.deployRole.node.findChild(ADMINISTRATOR_ACCESS),
      "iam-wildcard-action",
      "deploys create VPCs, EKS, IAM roles, RDS and KMS keys in every layer: AdministratorAccess, capped by the deploy boundary, and only jobs of the configured GitHub environments take the role",
    );

    const outputs: Record<string, [string, string]> = {
      plan_role_arn: [this.planRole.role.arn, "GitHub repository variable AWS_PLAN_ROLE_ARN"],
      deploy_role_arn: [
        this.deployRole.role.arn,
        "GitHub environment variable AWS_DEPLOY_ROLE_ARN (each environment)",
      ],
      oidc_provider_arn: [this.oidcProvider.arn, "The GitHub Actions OIDC provider the roles trust"],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description });
    }
  }
}

/** Backends in first-seen order, each once. */
function uniqueBackends(backends: ReadonlyArray<StateBackendConfig>): StateBackendConfig[] {
  return backends.filter((backend, index) => backends.findIndex((b) => b.name === backend.name) === index);
}

/** The state the roles reach: per backend, the `<env>/` prefixes of the environments it holds. */
function stateAccessOf(resolved: ResolvedCiAccount): StateBackendAccess[] {
  return uniqueBackends(resolved.environments.map(({ backend }) => backend)).map((backend) => {
    const envs = resolved.environments.filter((e) => e.backend.name === backend.name).map(({ env }) => env);
    return {
      accountId: backend.accountId,
      region: backend.region,
      bucketName: backend.bucketName,
      lockTableName: backend.lockTableName,
      kmsKeyAlias: backend.kmsKeyAlias,
      keyPrefixes: envs.map((env) => envKeyPrefix(env.name)),
      lockfileKeyPrefixes: envs.filter((env) => env.state.useLockfile).map((env) => envKeyPrefix(env.name)),
    };
  });
}
