import {
  CI_ACCOUNTS,
  defineCiAccount,
  resolveCiAccount,
  resolveCiAccounts,
  type CiAccountInput,
} from "../../config/ci";
import { CLUSTER_ADMINS, ORGANISATION } from "../../config/organisation";
import { defineStateBackend, STATE_BACKENDS } from "../../config/state-backends";
import { ENVIRONMENTS } from "../helpers/synth";

const shipped = CI_ACCOUNTS[0];
const BASE: CiAccountInput = {
  name: "platform",
  accountId: "111111111111",
  region: "eu-west-3",
  repository: "example-org/data-platform",
  environments: ["dev", "prod"],
  stateBackend: "state",
  project: "dataplatform",
  owner: "platform-team",
  costCenter: "cc-data-0420",
};
const define = (changes: Partial<CiAccountInput>) => defineCiAccount({ ...BASE, ...changes });

describe("CI accounts", () => {
  it("ships one account, platform, for the organisation's account, with a placeholder repository", () => {
    expect(CI_ACCOUNTS.map((a) => a.name)).toEqual(["platform"]);
    expect(shipped).toMatchObject({
      accountId: ORGANISATION.accountId,
      region: ORGANISATION.region,
      repository: "example-org/data-platform",
      branch: "main",
      stateBackend: "state",
      planRoleName: "platform-ci-plan",
      deployRoleName: "platform-deployer",
    });
    expect(shipped.existingOidcProviderArn).toBeUndefined();
  });

  it("names a deploy role every shipped EKS environment already lists as cluster admin", () => {
    const resolved = resolveCiAccount(shipped, ENVIRONMENTS);
    expect(resolved.deployRoleArn).toBe("arn:aws:iam::111111111111:role/platform-deployer");
    expect(CLUSTER_ADMINS).toContain(resolved.deployRoleArn);
    expect(resolved.environments.map(({ env, backend }) => [env.name, backend.name])).toEqual([
      ["dev", "state"],
      ["lab", "state"],
      ["onprem", "state"],
      ["outpost", "state"],
      ["outpost-local", "state-eu-west-1"],
      ["prod", "state"],
    ]);
  });

  describe("validation (one rule per test)", () => {
    it("refuses a name that cannot prefix a stack", () => {
      expect(() => define({ name: "Platform_CI" })).toThrow(
        /config\/ci\.ts: ci account "Platform_CI": name: expected a name of lower-case letters, digits and single hyphens, starting with a letter, received "Platform_CI"/,
      );
    });

    it("refuses a name longer than 32 characters", () => {
      expect(() => define({ name: "p".repeat(33) })).toThrow(
        /name: expected a name of at most 32 characters/,
      );
    });

    it("refuses an account id that is not 12 digits", () => {
      expect(() => define({ accountId: "42" })).toThrow(
        /ci account "platform": accountId: expected a 12-digit AWS account id, received "42"/,
      );
    });

    it("refuses a region that is not an AWS region", () => {
      expect(() => define({ region: "paris" })).toThrow(/region: expected an AWS region, received "paris"/);
    });

    it("refuses a repository that is not owner/name, or holds a wildcard", () => {
      expect(() => define({ repository: "data-platform" })).toThrow(
        /repository: expected a GitHub repository owner\/name .*received "data-platform"/,
      );
      expect(() => define({ repository: "example-org/*" })).toThrow(
        /repository: .*received "example-org\/\*"/,
      );
      expect(() => define({ repository: "-org/repo" })).toThrow(/repository: .*received "-org\/repo"/);
    });

    it("takes GitHub's immutable subject prefix, and refuses one with a wildcard or without repo:", () => {
      expect(define({ subjectPrefix: "repo:example-org-123456/data-platform-456789" }).subjectPrefix).toBe(
        "repo:example-org-123456/data-platform-456789",
      );
      expect(define({ subjectPrefix: "repo:example-org@123456/data-platform@456789" }).subjectPrefix).toBe(
        "repo:example-org@123456/data-platform@456789",
      );
      for (const prefix of [
        "repo:example-org/*",
        "example-org/data-platform",
        "repo:example-org/data:platform",
      ]) {
        expect(() => define({ subjectPrefix: prefix })).toThrow(
          /subjectPrefix: expected the repo:<owner>\/<name> prefix of the repository's OIDC subjects/,
        );
      }
    });

    it("refuses a deploy session shorter than an hour or longer than twelve", () => {
      expect(define({}).deploySessionSeconds).toBe(14400);
      expect(() => define({ deploySessionSeconds: 900 })).toThrow(
        /deploySessionSeconds: expected at least 3600 seconds \(IAM's minimum\), received 900/,
      );
      expect(() => define({ deploySessionSeconds: 86400 })).toThrow(
        /deploySessionSeconds: expected at most 43200 seconds \(IAM's maximum, 12 hours\)/,
      );
    });

    it("refuses a branch with a wildcard", () => {
      expect(() => define({ branch: "release/*" })).toThrow(
        /branch: expected a branch name \(letters, digits, \. _ \/ -\), without wildcards, such as main, received "release\/\*"/,
      );
    });

    it("refuses an empty list of environments", () => {
      expect(() => define({ environments: [] })).toThrow(/environments: expected at least one environment/);
    });

    it("refuses an environment listed twice", () => {
      expect(() => define({ environments: ["dev", "dev"] })).toThrow(
        /environments: expected each environment at most once, received \["dev","dev"\]/,
      );
    });

    it("refuses a role name IAM would refuse", () => {
      expect(() => define({ deployRoleName: "platform deployer" })).toThrow(
        /deployRoleName: expected an IAM role name \(1–64 of letters, digits, \+ = , \. @ _ -\), received "platform deployer"/,
      );
      expect(() => define({ planRoleName: "r".repeat(65) })).toThrow(
        /planRoleName: expected an IAM role name/,
      );
    });

    it("refuses the same name for both roles", () => {
      expect(() => define({ planRoleName: "ci", deployRoleName: "ci" })).toThrow(
        /deployRoleName: expected a name other than planRoleName: the two roles differ, received "ci"/,
      );
    });

    it("refuses an existing provider ARN that is not GitHub's", () => {
      expect(() =>
        define({ existingOidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/gitlab.com" }),
      ).toThrow(/existingOidcProviderArn: expected the ARN of the account's GitHub OIDC provider/);
    });

    it("refuses an existing provider of another account", () => {
      expect(() =>
        define({
          existingOidcProviderArn:
            "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com",
        }),
      ).toThrow(/existingOidcProviderArn: expected a provider of account 111111111111/);
    });

    it("refuses an empty tag value", () => {
      expect(() => define({ owner: "" })).toThrow(/ci account "platform": owner: /);
    });

    it("refuses a field it does not know", () => {
      expect(() => defineCiAccount({ ...BASE, repo: "x/y" } as CiAccountInput)).toThrow(
        /\(root\): Unrecognized key: "repo"/,
      );
    });
  });

  describe("against the environments and state backends", () => {
    it("refuses an environment that does not exist, listing the known ones", () => {
      expect(() => resolveCiAccount(define({ environments: ["staging"] }), ENVIRONMENTS)).toThrow(
        /config\/ci\.ts: ci account "platform": environments\[0\]: expected an environment of config\/environments\/: dev, lab, onprem, outpost, outpost-local, prod, received "staging"/,
      );
    });

    it("refuses an environment of another account", () => {
      const elsewhere = define({ accountId: "222222222222" });
      const backends = [
        ...STATE_BACKENDS,
        defineStateBackend({ ...STATE_BACKENDS[0], name: "other", accountId: "222222222222" }),
      ];
      expect(() => resolveCiAccount({ ...elsewhere, stateBackend: "other" }, ENVIRONMENTS, backends)).toThrow(
        /environments\[0\]: expected an environment of account 222222222222: environment "dev" is in account 111111111111/,
      );
    });

    it("refuses a cluster environment that does not list the deploy role as admin", () => {
      expect(() => resolveCiAccount(define({ deployRoleName: "gha-deploy" }), ENVIRONMENTS)).toThrow(
        /environments\[0\]: environment "dev" does not list the deploy role arn:aws:iam::111111111111:role\/gha-deploy in cluster\.adminPrincipalArns/,
      );
      // A brought cluster (kubeconfig) has no access entries to check.
      expect(() =>
        resolveCiAccount(define({ deployRoleName: "gha-deploy", environments: ["onprem"] }), ENVIRONMENTS),
      ).not.toThrow();
    });

    it("refuses a cluster environment that does not list the plan role as viewer", () => {
      expect(() => resolveCiAccount(define({ planRoleName: "gha-plan" }), ENVIRONMENTS)).toThrow(
        /environments\[0\]: environment "dev" does not list the plan role arn:aws:iam::111111111111:role\/gha-plan in cluster\.viewerPrincipalArns, so pull-request plans could not read its cluster/,
      );
      expect(() =>
        resolveCiAccount(define({ planRoleName: "gha-plan", environments: ["onprem"] }), ENVIRONMENTS),
      ).not.toThrow();
    });

    it("refuses a state backend that is not declared", () => {
      expect(() => resolveCiAccount(define({ stateBackend: "nope" }), ENVIRONMENTS)).toThrow(
        /stateBackend: expected one of the backends in config\/state-backends\.ts: state, state-eu-west-1, received "nope"/,
      );
    });

    it("refuses a state backend of another account", () => {
      const backends = [
        ...STATE_BACKENDS,
        defineStateBackend({ ...STATE_BACKENDS[0], name: "other", accountId: "222222222222" }),
      ];
      expect(() => resolveCiAccount(define({ stateBackend: "other" }), ENVIRONMENTS, backends)).toThrow(
        /stateBackend: expected a backend of account 111111111111, not of 222222222222, received "other"/,
      );
    });

    it("reports the problems of every account at once", () => {
      const accounts = [
        define({ name: "a", stateBackend: "nope" }),
        define({ name: "b", environments: ["staging"] }),
      ];
      expect(() => resolveCiAccounts(accounts, ENVIRONMENTS)).toThrow(
        /ci account "a": stateBackend[\s\S]*ci account "b": environments\[0\][\s\S]*2 configuration problems; nothing was synthesized\./,
      );
    });
  });
});
