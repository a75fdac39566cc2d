import { z } from "zod";
import { partitionOf } from "../constructs/core/aws-partition";
import { RESOURCE_NAME } from "./cluster-schema";
import type { DeepReadonly, EnvironmentConfig } from "./define";
import { ConfigError, ConfigErrors, formatPath, type ConfigIssue } from "./errors";
import { stateBackendOf } from "./load";
import { ORGANISATION } from "./organisation";
import { STATE_BACKENDS, type StateBackendConfig } from "./state-backends";

/** The file that declares the CI accounts, named in every error about them. */
export const CI_CONFIG_FILE = "config/ci.ts";

/** Name of the role that GitHub deploy jobs assume; `config/organisation.ts` lists it in `CLUSTER_ADMINS`. */
export const DEFAULT_DEPLOY_ROLE_NAME = "platform-deployer";
/** Name of the role that GitHub plan and drift jobs assume. */
export const DEFAULT_PLAN_ROLE_NAME = "platform-ci-plan";
/** The branch whose pushes and schedules run the drift plans. */
export const DEFAULT_BRANCH = "main";
/**
 * Longest deploy session, in seconds: one OIDC session covers a whole `npm run deploy` (a first EKS
 * cluster, an RDS instance and Helm releases waiting to be ready can take more than an hour); an
 * expired session mid-apply leaves state unwritten and locks held.
 */
export const DEFAULT_DEPLOY_SESSION_SECONDS = 14400;

/** Longest CI account name: it prefixes the stack name `<name>-ci` and its state key. */
const MAX_NAME_LENGTH = 32;
/**
 * `owner/name` as GitHub spells them: an owner of 1–39 letters, digits and single inner hyphens; a
 * name of 1–100 letters, digits, `.`, `_` and `-` (never `.` or `..`). No wildcard can pass.
 */
const GITHUB_REPOSITORY =
  /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
/**
 * The `repo:<owner>/<name>` part of GitHub's `sub` claims: names, or for repositories created or
 * renamed after 2026-06-18 (or opted in) names with their immutable owner and repository ids appended
 * (GitHub's OIDC settings preview what the repository's tokens carry). No wildcard can pass.
 */
const SUBJECT_PREFIX = /^repo:[A-Za-z0-9@-]{1,60}\/[A-Za-z0-9._@-]{1,120}$/;
/** A branch name git accepts, without glob characters: no `..`, `//`, leading or trailing `/` or `.lock`. */
const BRANCH = /^(?!\/)(?!.*\/\/)(?!.*\.\.)(?!.*\.lock$)[A-Za-z0-9._/-]+(?<![/.])$/;
/** IAM role names: 1–64 of letters, digits and `+=,.@_-`. */
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** ARN of the GitHub Actions OIDC provider of an account (one per account: IAM refuses a second one). */
const GITHUB_OIDC_PROVIDER_ARN =
  /^arn:aws[a-z-]*:iam::(\d{12}):oidc-provider\/token\.actions\.githubusercontent\.com$/;

const ciAccountSchema = z
  .object({
    /** Names the stack, `<name>-ci`, and its state object, `<name>-ci.tfstate`. */
    name: z
      .string()
      .max(MAX_NAME_LENGTH, { error: `expected a name of at most ${MAX_NAME_LENGTH} characters` })
      .regex(RESOURCE_NAME, {
        error: "expected a name of lower-case letters, digits and single hyphens, starting with a letter",
      }),
    /** The account whose roles GitHub assumes. */
    accountId: z.string().regex(/^\d{12}$/, { error: "expected a 12-digit AWS account id" }),
    /** Region of the stack's AWS provider (IAM itself is global). */
    region: z
      .string()
      .regex(/^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, { error: "expected an AWS region" }),
    /** The GitHub repository whose workflows plan and deploy, `owner/name`, spelled as GitHub does. */
    repository: z.string().regex(GITHUB_REPOSITORY, {
      error:
        "expected a GitHub repository owner/name (owner: letters, digits and single hyphens, at most 39 characters; name: letters, digits, . _ -, at most 100 characters), without wildcards",
    }),
    /**
     * The `repo:…` prefix of the `sub` claims GitHub issues to the repository's jobs, exactly. Repositories
     * created, renamed or transferred after 2026-06-18 (or opted in) get immutable subjects with the owner
     * and repository ids appended (`repo:octo-org-123456/octo-repo-456789`): read the repository's prefix
     * in its OIDC settings (GitHub previews it) and set it here.
     * @default `repo:<repository>` (the name-only format of older repositories)
     */
    subjectPrefix: z
      .string()
      .regex(SUBJECT_PREFIX, {
        error:
          "expected the repo:<owner>/<name> prefix of the repository's OIDC subjects, as GitHub shows it (letters, digits, - @ . _), without wildcards",
      })
      .optional(),
    /**
     * Longest session of the deploy role, in seconds (the deploy workflow asks for as much): a whole
     * environment's deploy runs in one session.
     * @default 14400 (4 hours)
     */
    deploySessionSeconds: z
      .number()
      .int()
      .min(3600, { error: "expected at least 3600 seconds (IAM's minimum)" })
      .max(43200, { error: "expected at most 43200 seconds (IAM's maximum, 12 hours)" })
      .default(DEFAULT_DEPLOY_SESSION_SECONDS),
    /** The branch whose runs (scheduled drift plans) take the plan role. */
    branch: z
      .string()
      .regex(BRANCH, {
        error: "expected a branch name (letters, digits, . _ / -), without wildcards, such as main",
      })
      .default(DEFAULT_BRANCH),
    /** Environments that deploy from GitHub, each a GitHub environment of the same name. */
    environments: z
      .array(z.string())
      .min(1, { error: "expected at least one environment" })
      .refine((list) => new Set(list).size === list.length, {
        error: "expected each environment at most once",
      }),
    /** The state backend (a name of `config/state-backends.ts`) that keeps this stack's state. */
    stateBackend: z.string(),
    /** Role of plan and drift jobs: read-only (plans run with -lock=false: it takes no state lock). */
    planRoleName: z
      .string()
      .regex(IAM_ROLE_NAME, { error: "expected an IAM role name (1–64 of letters, digits, + = , . @ _ -)" })
      .default(DEFAULT_PLAN_ROLE_NAME),
    /** Role of deploy jobs: administrator within the permissions boundary. */
    deployRoleName: z
      .string()
      .regex(IAM_ROLE_NAME, { error: "expected an IAM role name (1–64 of letters, digits, + = , . @ _ -)" })
      .default(DEFAULT_DEPLOY_ROLE_NAME),
    /**
     * ARN of the account's GitHub OIDC provider when it exists already (created by another stack or by
     * hand): it is then read, not created. IAM refuses a second provider for the same URL.
     */
    existingOidcProviderArn: z
      .string()
      .regex(GITHUB_OIDC_PROVIDER_ARN, {
        error:
          "expected the ARN of the account's GitHub OIDC provider, arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com",
      })
      .optional(),
    /** Project, owner and cost centre tags of the stack's resources. */
    project: z.string().min(1),
    owner: z.string().min(1),
    costCenter: z.string().min(1),
  })
  .strict()
  .superRefine((account, ctx) => {
    const providerAccount = account.existingOidcProviderArn?.match(GITHUB_OIDC_PROVIDER_ARN)?.[1];
    if (providerAccount !== undefined && providerAccount !== account.accountId) {
      ctx.addIssue({
        code: "custom",
        path: ["existingOidcProviderArn"],
        message: `expected a provider of account ${account.accountId}: roles trust a provider of their own account`,
        input: account.existingOidcProviderArn,
      });
    }
    if (account.planRoleName === account.deployRoleName) {
      ctx.addIssue({
        code: "custom",
        path: ["deployRoleName"],
        message: "expected a name other than planRoleName: the two roles differ",
        input: account.deployRoleName,
      });
    }
  });

/** What `config/ci.ts` writes for one account (defaults may be left out). */
export type CiAccountInput = z.input<typeof ciAccountSchema>;
/** An account whose GitHub workflows plan and deploy through OIDC roles (the `<name>-ci` stack). */
export type CiAccountConfig = DeepReadonly<z.output<typeof ciAccountSchema>>;

/** Validates one CI account; throws a {@link ConfigError} naming it. */
export function defineCiAccount(input: CiAccountInput): CiAccountConfig {
  const parsed = ciAccountSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    throw new ConfigError(
      input.name,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message, received: i.input })),
      "ci account",
      CI_CONFIG_FILE,
    );
  }
  return Object.freeze({ ...parsed.data, environments: Object.freeze([...parsed.data.environments]) });
}

/** A CI account with what its roles reach: the environments it deploys and the backends of their state. */
export interface ResolvedCiAccount {
  readonly account: CiAccountConfig;
  /** The backend that keeps the `<name>-ci` stack's own state. */
  readonly stateBackend: StateBackendConfig;
  /** Each deployed environment with the backend of its state. */
  readonly environments: ReadonlyArray<{
    readonly env: EnvironmentConfig;
    readonly backend: StateBackendConfig;
  }>;
  /** ARN of the deploy role, as clusters list it in `cluster.adminPrincipalArns`. */
  readonly deployRoleArn: string;
}

/**
 * Checks a CI account against the loaded environments and the state backends: every environment it
 * deploys exists and lives in its account, every EKS cluster among them lists the deploy role as an
 * admin (a deploy job must reach the cluster's API) and the plan role as a viewer (a plan reads the
 * cluster's objects), and its state backend is declared in its account.
 */
export function resolveCiAccount(
  account: CiAccountConfig,
  environments: ReadonlyArray<EnvironmentConfig>,
  backends: ReadonlyArray<StateBackendConfig> = STATE_BACKENDS,
): ResolvedCiAccount {
  const issues: ConfigIssue[] = [];
  const deployRoleArn = `arn:${partitionOf(account.region)}:iam::${account.accountId}:role/${account.deployRoleName}`;
  const planRoleArn = `arn:${partitionOf(account.region)}:iam::${account.accountId}:role/${account.planRoleName}`;
  const known = environments.map((env) => env.name);
  const deployed: Array<{ env: EnvironmentConfig; backend: StateBackendConfig }> = [];
  account.environments.forEach((name, index) => {
    const path = `environments[${index}]`;
    const env = environments.find((e) => e.name === name);
    if (!env) {
      issues.push({
        path,
        message: `expected an environment of config/environments/: ${known.join(", ")}`,
        received: name,
      });
      return;
    }
    if (env.accountId !== account.accountId) {
      issues.push({
        path,
        message: `expected an environment of account ${account.accountId}: environment "${name}" is in account ${env.accountId}, whose own CI account must deploy it`,
        received: name,
      });
      return;
    }
    if (env.cluster.mode !== "kubeconfig" && !env.cluster.adminPrincipalArns.includes(deployRoleArn)) {
      issues.push({
        path,
        message: `environment "${name}" does not list the deploy role ${deployRoleArn} in cluster.adminPrincipalArns, so deploy jobs could not reach its cluster: add it there (CLUSTER_ADMINS in config/organisation.ts) or set deployRoleName`,
        received: name,
      });
      return;
    }
    if (env.cluster.mode !== "kubeconfig" && !env.cluster.viewerPrincipalArns.includes(planRoleArn)) {
      issues.push({
        path,
        message: `environment "${name}" does not list the plan role ${planRoleArn} in cluster.viewerPrincipalArns, so pull-request plans could not read its cluster: add it there (CLUSTER_VIEWERS in config/organisation.ts) or set planRoleName`,
        received: name,
      });
      return;
    }
    deployed.push({ env, backend: stateBackendOf(env, backends) });
  });
  const stateBackend = backends.find((b) => b.name === account.stateBackend);
  if (!stateBackend) {
    issues.push({
      path: "stateBackend",
      message: `expected one of the backends in config/state-backends.ts: ${backends.map((b) => b.name).join(", ")}`,
      received: account.stateBackend,
    });
  } else if (stateBackend.accountId !== account.accountId) {
    issues.push({
      path: "stateBackend",
      message: `expected a backend of account ${account.accountId}, not of ${stateBackend.accountId}`,
      received: account.stateBackend,
    });
  }
  if (issues.length > 0 || !stateBackend) {
    throw new ConfigError(account.name, issues, "ci account", CI_CONFIG_FILE);
  }
  return { account, stateBackend, environments: deployed, deployRoleArn };
}

/** Resolves every CI account, reporting the problems of all of them at once (a {@link ConfigErrors}). */
export function resolveCiAccounts(
  accounts: ReadonlyArray<CiAccountConfig>,
  environments: ReadonlyArray<EnvironmentConfig>,
  backends: ReadonlyArray<StateBackendConfig> = STATE_BACKENDS,
): ResolvedCiAccount[] {
  const errors: Error[] = [];
  const resolved = accounts.flatMap((account) => {
    try {
      return [resolveCiAccount(account, environments, backends)];
    } catch (error) {
      if (error instanceof ConfigError) errors.push(error);
      else throw error;
      return [];
    }
  });
  if (errors.length > 0) throw new ConfigErrors(errors);
  return resolved;
}

/**
 * Accounts whose GitHub workflows reach AWS through OIDC roles: one `<name>-ci` stack each, deployed
 * once by an administrator after the state stack (README, "The CI roles").
 */
export const CI_ACCOUNTS: ReadonlyArray<CiAccountConfig> = [
  defineCiAccount({
    name: "platform",
    accountId: ORGANISATION.accountId,
    region: ORGANISATION.region,
    // PLACEHOLDER: the repository that holds this project and its workflows, exactly as GitHub spells
    // it (StringEquals is case-sensitive). Change it before deploying the stack: only this repository's
    // workflows can take the roles.
    repository: "example-org/data-platform",
    environments: ["dev", "lab", "onprem", "outpost", "outpost-local", "prod"],
    stateBackend: "state",
    project: ORGANISATION.project,
    owner: ORGANISATION.owner,
    costCenter: ORGANISATION.costCenter,
  }),
];
