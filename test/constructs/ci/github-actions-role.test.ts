import { TerraformStack, Testing } from "cdktf";
import { GitHubActionsRole, githubActionsTrust } from "../../../constructs/ci/github-actions-role";
import { onlyResource } from "../../helpers/synth";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
// Subject formats of GitHub's OIDC reference ("Example subject claims").
const PR = "repo:octo-org/octo-repo:pull_request";
const MAIN = "repo:octo-org/octo-repo:ref:refs/heads/main";
const PROD = "repo:octo-org/octo-repo:environment:Production";
const BASE = { roleName: "gha", description: "test", oidcProviderArn: PROVIDER, subjects: [PR, MAIN] };

function synthRole(props: Partial<typeof BASE> & Record<string, unknown> = {}) {
  const stack = new TerraformStack(Testing.app(), "s");
  new GitHubActionsRole(stack, "Role", { ...BASE, ...props });
  return onlyResource(Testing.synth(stack), "aws_iam_role");
}

describe("GitHubActionsRole", () => {
  it("trusts the provider for STS tokens of exactly the given subjects (as AWS's GitHub OIDC guide writes it)", () => {
    expect(JSON.parse(String(synthRole().assume_role_policy))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "GitHubActionsOidc",
          Effect: "Allow",
          Principal: { Federated: PROVIDER },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": [PR, MAIN],
            },
          },
        },
      ],
    });
  });

  it("uses StringEquals only, so no subject is read as a pattern", () => {
    expect(Object.keys(githubActionsTrust(PROVIDER, [PROD]).Condition ?? {})).toEqual(["StringEquals"]);
  });

  it("keeps sessions to one hour by default and sets the boundary it is given", () => {
    expect(synthRole()).toMatchObject({ max_session_duration: 3600 });
    expect(synthRole()).not.toHaveProperty("permissions_boundary");
    const boundary = "arn:aws:iam::123456789012:policy/b";
    expect(synthRole({ permissionsBoundaryArn: boundary })).toMatchObject({ permissions_boundary: boundary });
  });

  it("refuses a role without subjects", () => {
    expect(() => synthRole({ subjects: [] })).toThrow(/s\/Role: subjects needs at least one subject/);
  });

  it("refuses wildcard or malformed subjects", () => {
    expect(() => synthRole({ subjects: ["repo:octo-org/*:pull_request"] })).toThrow(
      /subjects must be exact GitHub subjects .*received "repo:octo-org\/\*:pull_request"/,
    );
    expect(() => synthRole({ subjects: ["repo:octo-org/octo-repo:*"] })).toThrow(/subjects must be exact/);
  });

  it("refuses a session duration IAM does not accept", () => {
    expect(() => synthRole({ maxSessionDurationSeconds: 900 })).toThrow(
      /maxSessionDurationSeconds must be between 3600 and 43200 \(IAM's limits\), received 900/,
    );
  });

  it("refuses a role name longer than IAM's 64 characters", () => {
    expect(() => synthRole({ roleName: "r".repeat(65) })).toThrow(/roleName must be at most 64 characters/);
  });
});
