import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Testing } from "cdktf";
import { CI_ACCOUNTS, defineCiAccount, resolveCiAccount } from "../../config/ci";
import { CLUSTER_ADMINS } from "../../config/organisation";
import { STATE_BACKENDS } from "../../config/state-backends";
import { buildCiStacks } from "../../stacks/app";
import { CiStack } from "../../stacks/ci-stack";
import { suppressionsUnder } from "../../constructs/guardrails/suppressions";
import {
  ENVIRONMENTS,
  errorAnnotations,
  namedResourcesOf,
  parse,
  refAt,
  resourceAt,
  resourcesOf,
} from "../helpers/synth";

/** A statement of a policy document, as IAM reads it. */
interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string | string[];
  Principal?: Record<string, string>;
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);
/** IAM's wildcard match: `*` any run of characters, `?` one; case-insensitive actions only. */
const glob = (pattern: string, value: string, ignoreCase = false): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    ignoreCase ? "i" : "",
  ).test(value);
/** Statements of `effect` that name `action` on `resource`, conditions aside. */
const matching = (statements: Statement[], effect: "Allow" | "Deny", action: string, resource: string) =>
  statements.filter(
    (s) =>
      s.Effect === effect &&
      list(s.Action).some((a) => glob(a, action, true)) &&
      list(s.Resource).some((r) => glob(r, resource)),
  );

const account = CI_ACCOUNTS[0];
const backend = STATE_BACKENDS[0];
const ireland = STATE_BACKENDS[1];
const repo = "repo:example-org/data-platform";

describe("ci stack (platform)", () => {
  let synth: string;
  let stack: CiStack;
  const policyOf = (namePrefix: string): Statement[] =>
    JSON.parse(String(resourceAt(synth, "aws_iam_role_policy", namePrefix).body.policy)).Statement;
  const roleOf = (namePrefix: string) => resourceAt(synth, "aws_iam_role", namePrefix).body;
  const planPolicies = (): Statement[] => [
    ...policyOf("PlanRole_Policy-TerraformState"),
    ...policyOf("PlanRole_Policy-ManagedSecrets"),
    ...policyOf("PlanRole_Policy-ReadConfigurationNotData"),
  ];
  const boundary = (): Statement[] =>
    JSON.parse(String(resourceAt(synth, "aws_iam_policy", "DeployBoundary").body.policy)).Statement;

  beforeAll(() => {
    stack = new CiStack(Testing.app(), resolveCiAccount(account, ENVIRONMENTS));
    synth = Testing.synth(stack);
  });

  it("matches the reviewed snapshot", () => expect(synth).toMatchSnapshot());

  it("is named after its account, <name>-ci", () => expect(stack.node.id).toBe("platform-ci"));

  it("keeps its state in the state bucket, at a key outside every environment's prefix", () => {
    expect(parse(synth).terraform?.backend).toEqual({
      s3: {
        bucket: backend.bucketName,
        key: "platform-ci.tfstate",
        region: "eu-west-3",
        dynamodb_table: backend.lockTableName,
        encrypt: true,
        kms_key_id: `arn:aws:kms:eu-west-3:111111111111:alias/${backend.kmsKeyAlias}`,
        use_lockfile: true,
      },
    });
  });

  it("refuses to run against another account and tags everything as shared", () => {
    const aws = parse(synth).provider?.aws[0];
    expect(aws?.allowed_account_ids).toEqual(["111111111111"]);
    expect(aws?.default_tags).toEqual([
      {
        tags: {
          environment: "shared",
          project: "dataplatform",
          "managed-by": "cdktf",
          owner: "platform-team",
          "cost-center": "cc-data-0420",
        },
      },
    ]);
  });

  it("passes every guardrail", () => expect(errorAnnotations(stack)).toEqual([]));

  it("opts out of the IAM wildcard guardrails only for the boundary and the AdministratorAccess attachment", () => {
    errorAnnotations(stack);
    expect(suppressionsUnder(stack).map((s) => [s.path, s.rule, s.used])).toEqual([
      ["platform-ci/DeployBoundary/Resource", "iam-wildcard-action", true],
      ["platform-ci/DeployBoundary/Resource", "iam-wildcard-resource", true],
      ["platform-ci/DeployRole/AdministratorAccess", "iam-wildcard-action", true],
    ]);
  });

  it("creates GitHub's OIDC provider for STS, without a thumbprint (IAM checks GitHub against trusted CAs)", () => {
    expect(synth).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    expect(resourcesOf(synth, "aws_iam_openid_connect_provider")[0]).not.toHaveProperty("thumbprint_list");
  });

  describe("trust", () => {
    const trustOf = (namePrefix: string) => JSON.parse(String(roleOf(namePrefix).assume_role_policy));

    it("lets pull request plans and drift plans on main take the plan role, nothing else", () => {
      expect(trustOf("PlanRole").Statement).toEqual([
        {
          Sid: "GitHubActionsOidc",
          Effect: "Allow",
          Principal: {
            Federated: refAt(synth, "aws_iam_openid_connect_provider", "GitHubOidcProvider", "arn"),
          },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": [
                `${repo}:pull_request`,
                `${repo}:ref:refs/heads/main`,
              ],
            },
          },
        },
      ]);
    });

    it("lets only jobs of the configured GitHub environments take the deploy role", () => {
      const [statement] = trustOf("DeployRole").Statement;
      expect(statement.Action).toBe("sts:AssumeRoleWithWebIdentity");
      expect(statement.Condition).toEqual({
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": [
            `${repo}:environment:dev`,
            `${repo}:environment:lab`,
            `${repo}:environment:onprem`,
            `${repo}:environment:outpost`,
            `${repo}:environment:outpost-local`,
            `${repo}:environment:prod`,
          ],
        },
      });
    });

    it("gives plans one-hour sessions and deploys four hours (one session covers a whole environment)", () => {
      expect(roleOf("PlanRole").max_session_duration).toBe(3600);
      expect(roleOf("DeployRole").max_session_duration).toBe(14400);
    });

    it("builds subjects from the configured prefix (GitHub's immutable subjects of newer repositories)", () => {
      const app = Testing.app();
      const account = defineCiAccount({
        ...CI_ACCOUNTS[0],
        environments: [...CI_ACCOUNTS[0].environments],
        subjectPrefix: "repo:example-org-123456/data-platform-456789",
      });
      const stack = new CiStack(app, resolveCiAccount(account, ENVIRONMENTS));
      const roles = namedResourcesOf(Testing.synth(stack), "aws_iam_role");
      const subjects = Object.values(roles).flatMap(
        (role) =>
          (
            JSON.parse(role.assume_role_policy as string) as {
              Statement: { Condition: { StringEquals: Record<string, string[]> } }[];
            }
          ).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"],
      );
      expect(subjects).toHaveLength(8);
      for (const subject of subjects)
        expect(subject).toMatch(/^repo:example-org-123456\/data-platform-456789:/);
    });
  });

  describe("plan role", () => {
    it("reads through ReadOnlyAccess and nothing broader", () => {
      const attached = resourcesOf(synth, "aws_iam_role_policy_attachment").filter(
        (a) => a.role === refAt(synth, "aws_iam_role", "PlanRole", "name"),
      );
      expect(attached.map((a) => a.policy_arn)).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
      expect(roleOf("PlanRole").permissions_boundary).toBeUndefined();
    });

    it("writes nothing in the state bucket: no state object, no lock file (plans run with -lock=false)", () => {
      const bucket = `arn:aws:s3:::${backend.bucketName}`;
      expect(matching(planPolicies(), "Allow", "s3:PutObject", `${bucket}/dev/network.tfstate`)).toEqual([]);
      expect(matching(planPolicies(), "Allow", "s3:DeleteObject", `${bucket}/prod/eks.tfstate`)).toEqual([]);
      expect(matching(planPolicies(), "Allow", "s3:PutObject", `${bucket}/platform-ci.tfstate`)).toEqual([]);
      // A lock file of a running apply: a pull request must not be able to remove it.
      expect(
        matching(planPolicies(), "Allow", "s3:DeleteObject", `${bucket}/prod/data.tfstate.tflock`),
      ).toEqual([]);
      expect(planPolicies().filter((s) => list(s.Action).some((a) => /^s3:(?:Put|Delete)/.test(a)))).toEqual(
        [],
      );
    });

    it("takes back ReadOnlyAccess's data reads (objects, items, messages) outside the state", () => {
      const bucket = `arn:aws:s3:::${backend.bucketName}`;
      const denials = planPolicies().filter((s) => s.Effect === "Deny");
      expect(denials).toHaveLength(1);
      expect(list(denials[0].Action)).toEqual(expect.arrayContaining(["s3:GetObject", "dynamodb:Scan"]));
      expect((denials[0] as unknown as { NotResource: string[] }).NotResource).toEqual(
        expect.arrayContaining([
          `${bucket}/prod/*`,
          `arn:aws:dynamodb:eu-west-3:111111111111:table/${backend.lockTableName}`,
        ]),
      );
    });

    it("names the state of the deployed environments in each backend (the one of outpost-local is in Ireland)", () => {
      const bucket = `arn:aws:s3:::${backend.bucketName}`;
      expect(matching(planPolicies(), "Allow", "s3:GetObject", `${bucket}/prod/data.tfstate`)).toHaveLength(
        1,
      );
      expect(
        matching(
          planPolicies(),
          "Allow",
          "s3:GetObject",
          `arn:aws:s3:::${ireland.bucketName}/outpost-local/eks.tfstate`,
        ),
      ).toHaveLength(1);
      expect(matching(planPolicies(), "Allow", "s3:ListBucket", bucket)).toHaveLength(1);
    });

    it("reads lock digests but takes or removes no lock, and only decrypts with the state key", () => {
      const table = `arn:aws:dynamodb:eu-west-3:111111111111:table/${backend.lockTableName}`;
      expect(matching(planPolicies(), "Allow", "dynamodb:GetItem", table)).toHaveLength(1);
      for (const action of ["dynamodb:PutItem", "dynamodb:DeleteItem"]) {
        expect(matching(planPolicies(), "Allow", action, table)).toEqual([]);
      }
      // The state key's statement (the other kms:Decrypt is of Secrets Manager's secrets, through it only).
      const kms = matching(
        planPolicies(),
        "Allow",
        "kms:Decrypt",
        "arn:aws:kms:eu-west-3:111111111111:key/k",
      ).filter((s) => s.Sid?.startsWith("UseStateKey"));
      expect(kms).toHaveLength(1);
      expect(list(kms[0].Action)).toEqual(["kms:Decrypt"]);
      expect(kms[0].Condition).toEqual({
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${backend.kmsKeyAlias}` },
      });
    });

    it("reads the values of the secrets this app writes (ReadOnlyAccess leaves GetSecretValue out), and no other", () => {
      const [read] = matching(
        planPolicies(),
        "Allow",
        "secretsmanager:GetSecretValue",
        "arn:aws:secretsmanager:eu-west-3:111111111111:secret:dataplatform-outpost-platform/master-AbCdEf",
      );
      expect(read.Condition).toEqual({
        StringEquals: { "aws:ResourceTag/managed-by": "cdktf", "aws:ResourceTag/project": ["dataplatform"] },
      });
      const [decrypt] = matching(
        planPolicies(),
        "Allow",
        "kms:Decrypt",
        "arn:aws:kms:eu-west-1:111111111111:key/k",
      ).filter((s) => s.Condition?.StringLike);
      expect(decrypt.Condition).toEqual({
        StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" },
      });
    });
  });

  describe("deploy role", () => {
    it("is named platform-deployer, a cluster admin of every EKS environment (CLUSTER_ADMINS)", () => {
      expect(roleOf("DeployRole").name).toBe("platform-deployer");
      expect(CLUSTER_ADMINS).toContain("arn:aws:iam::111111111111:role/platform-deployer");
    });

    it("is an administrator bounded by the deploy boundary", () => {
      const attached = resourcesOf(synth, "aws_iam_role_policy_attachment").filter(
        (a) => a.role === refAt(synth, "aws_iam_role", "DeployRole", "name"),
      );
      expect(attached.map((a) => a.policy_arn)).toEqual(["arn:aws:iam::aws:policy/AdministratorAccess"]);
      expect(roleOf("DeployRole").permissions_boundary).toBe(
        refAt(synth, "aws_iam_policy", "DeployBoundary", "arn"),
      );
      expect(resourceAt(synth, "aws_iam_policy", "DeployBoundary").body.name).toBe(
        "platform-deployer-boundary",
      );
    });

    it("reads and writes the state of its environments", () => {
      const state = policyOf("DeployRole_Policy-TerraformState");
      const bucket = `arn:aws:s3:::${backend.bucketName}`;
      expect(matching(state, "Allow", "s3:PutObject", `${bucket}/dev/network.tfstate`)).toHaveLength(1);
      expect(matching(state, "Allow", "s3:GetObject", `${bucket}/dev/network.tfstate`)).toHaveLength(1);
      expect(matching(state, "Allow", "s3:DeleteObject", `${bucket}/dev/network.tfstate`)).toEqual([]);
    });
  });

  describe("permissions boundary", () => {
    const iam = "arn:aws:iam::111111111111";

    it("allows what the role's policies allow, then denies", () => {
      expect(boundary()[0]).toEqual({
        Sid: "AllowWhatTheRolePoliciesAllow",
        Effect: "Allow",
        Action: "*",
        Resource: "*",
      });
      expect(
        boundary()
          .slice(1)
          .every((s) => s.Effect === "Deny"),
      ).toBe(true);
    });

    it("denies changing or passing the CI roles, itself included", () => {
      for (const role of ["platform-ci-plan", "platform-deployer"]) {
        for (const action of [
          "iam:UpdateAssumeRolePolicy",
          "iam:AttachRolePolicy",
          "iam:PutRolePolicy",
          "iam:DeleteRolePermissionsBoundary",
          "iam:DeleteRole",
          "iam:PassRole",
        ]) {
          expect(matching(boundary(), "Deny", action, `${iam}:role/${role}`)).toHaveLength(1);
        }
      }
      expect(
        matching(boundary(), "Deny", "iam:CreateRole", `${iam}:role/dataplatform-dev-karpenter`),
      ).toEqual([]);
    });

    it("denies rewriting the boundary itself", () => {
      for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"]) {
        expect(matching(boundary(), "Deny", action, `${iam}:policy/platform-deployer-boundary`)).toHaveLength(
          1,
        );
      }
    });

    it("denies changing the GitHub OIDC provider, and only that one (EKS stacks create their own)", () => {
      const github = `${iam}:oidc-provider/token.actions.githubusercontent.com`;
      for (const action of [
        "iam:DeleteOpenIDConnectProvider",
        "iam:AddClientIDToOpenIDConnectProvider",
        "iam:UpdateOpenIDConnectProviderThumbprint",
      ]) {
        expect(matching(boundary(), "Deny", action, github)).toHaveLength(1);
      }
      const eks = `${iam}:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/ABC`;
      expect(matching(boundary(), "Deny", "iam:CreateOpenIDConnectProvider", eks)).toEqual([]);
    });

    it("denies IAM users and long-lived keys anywhere", () => {
      for (const action of ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]) {
        expect(matching(boundary(), "Deny", action, `${iam}:user/anyone`)).toHaveLength(1);
      }
    });

    it("denies deleting or weakening the state buckets of both backends, and their history", () => {
      for (const b of [backend, ireland]) {
        for (const action of [
          "s3:DeleteBucket",
          "s3:PutBucketPolicy",
          "s3:DeleteBucketPolicy",
          "s3:PutBucketVersioning",
        ]) {
          expect(matching(boundary(), "Deny", action, `arn:aws:s3:::${b.bucketName}`)).toHaveLength(1);
        }
        expect(
          matching(
            boundary(),
            "Deny",
            "s3:DeleteObjectVersion",
            `arn:aws:s3:::${b.bucketName}/dev/network.tfstate`,
          ),
        ).toHaveLength(1);
        expect(
          matching(
            boundary(),
            "Deny",
            "dynamodb:DeleteTable",
            `arn:aws:dynamodb:${b.region}:111111111111:table/${b.lockTableName}`,
          ),
        ).toHaveLength(1);
      }
      const [key] = matching(
        boundary(),
        "Deny",
        "kms:ScheduleKeyDeletion",
        "arn:aws:kms:eu-west-3:111111111111:key/k",
      );
      expect(key.Condition).toEqual({
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/dataplatform-tfstate"] },
      });
    });

    it("denies writing the CI stack's own state, and nothing of the environments' state", () => {
      const bucket = `arn:aws:s3:::${backend.bucketName}`;
      expect(matching(boundary(), "Deny", "s3:PutObject", `${bucket}/platform-ci.tfstate`)).toHaveLength(1);
      expect(
        matching(boundary(), "Deny", "s3:PutObject", `${bucket}/platform-ci.tfstate.tflock`),
      ).toHaveLength(1);
      expect(matching(boundary(), "Deny", "s3:PutObject", `${bucket}/dev/network.tfstate`)).toEqual([]);
      expect(matching(boundary(), "Deny", "s3:DeleteObject", `${bucket}/dev/network.tfstate.tflock`)).toEqual(
        [],
      );
    });
  });

  it("outputs the two role ARNs and the provider ARN for the GitHub variables", () => {
    expect(Object.keys(parse(synth).output ?? {}).sort()).toEqual([
      "deploy_role_arn",
      "oidc_provider_arn",
      "plan_role_arn",
    ]);
    expect(parse(synth).output?.plan_role_arn.value).toBe(refAt(synth, "aws_iam_role", "PlanRole", "arn"));
    expect(parse(synth).output?.deploy_role_arn.value).toBe(
      refAt(synth, "aws_iam_role", "DeployRole", "arn"),
    );
  });
});

describe("ci stack with the account's existing GitHub OIDC provider", () => {
  it("reads the provider by ARN instead of creating a second one, and trusts it", () => {
    const existingOidcProviderArn =
      "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
    const ci = defineCiAccount({
      ...account,
      environments: [...account.environments],
      existingOidcProviderArn,
    });
    const synth = Testing.synth(new CiStack(Testing.app(), resolveCiAccount(ci, ENVIRONMENTS)));
    expect(resourcesOf(synth, "aws_iam_openid_connect_provider")).toEqual([]);
    const data = Object.values(parse(synth).data?.aws_iam_openid_connect_provider ?? {});
    expect(data).toHaveLength(1);
    expect(data[0].arn).toBe(existingOidcProviderArn);
    const trust = JSON.parse(String(resourceAt(synth, "aws_iam_role", "PlanRole").body.assume_role_policy));
    expect(trust.Statement[0].Principal.Federated).toMatch(/^\$\{data\.aws_iam_openid_connect_provider\./);
  });
});

describe("which CI stacks are built", () => {
  const built = (selected: string[]) =>
    buildCiStacks(
      Testing.app(),
      ENVIRONMENTS,
      ENVIRONMENTS.filter((env) => selected.includes(env.name)),
    ).map((stack) => stack.node.id);

  it("builds an account's CI stack when a selected environment is one it deploys (ENVIRONMENTS=dev)", () => {
    expect(built(["dev"])).toEqual(["platform-ci"]);
  });

  it("builds none when no selected environment is deployed from CI", () => {
    const onlyDev = defineCiAccount({ ...account, environments: ["dev"] });
    const ids = buildCiStacks(
      Testing.app(),
      ENVIRONMENTS,
      ENVIRONMENTS.filter((env) => env.name === "prod"),
      [onlyDev],
    ).map((stack) => stack.node.id);
    expect(ids).toEqual([]);
  });

  it("builds the same stack whatever the selection: its roles cover every environment it deploys", () => {
    const only = (selected: string[]) => {
      const [stack] = buildCiStacks(
        Testing.app(),
        ENVIRONMENTS,
        ENVIRONMENTS.filter((env) => selected.includes(env.name)),
      );
      return Testing.synth(stack);
    };
    expect(only(["dev"])).toBe(only(["prod", "outpost-local"]));
  });
});
