import { TerraformStack, Testing } from "cdktf";
import {
  DeployBoundary,
  deployBoundaryStatements,
  type DeployBoundaryProps,
} from "../../../constructs/ci/deploy-boundary";
import { onlyResource } from "../../helpers/synth";

const PROPS: DeployBoundaryProps = {
  policyName: "deployer-boundary",
  accountId: "123456789012",
  region: "eu-west-3",
  protectedRoleNames: ["plan", "deployer"],
  stateBackends: [
    {
      accountId: "123456789012",
      region: "eu-west-3",
      bucketName: "tfstate",
      lockTableName: "locks",
      kmsKeyAlias: "tfstate",
    },
  ],
  protectedStateObjects: [{ bucketName: "tfstate", key: "x-ci.tfstate" }],
};

const bySid = (props: DeployBoundaryProps = PROPS) =>
  Object.fromEntries(deployBoundaryStatements(props).map((s) => [s.Sid, s]));

describe("DeployBoundary", () => {
  it("is a managed policy of the given name holding the statements", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new DeployBoundary(stack, "Boundary", PROPS);
    const policy = onlyResource(Testing.synth(stack), "aws_iam_policy");
    expect(policy.name).toBe("deployer-boundary");
    expect(JSON.parse(String(policy.policy)).Statement).toEqual(deployBoundaryStatements(PROPS));
  });

  it("protects itself by its own ARN, derived from its name", () => {
    expect(bySid().DenyChangingThisBoundary.Resource).toBe(
      "arn:aws:iam::123456789012:policy/deployer-boundary",
    );
  });

  it("protects every listed role and the GitHub provider of the account", () => {
    expect(bySid().DenyChangingTheCiRoles.Resource).toEqual([
      "arn:aws:iam::123456789012:role/plan",
      "arn:aws:iam::123456789012:role/deployer",
    ]);
    expect(bySid().DenyChangingTheGitHubOidcProvider.Resource).toBe(
      "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    );
  });

  it("denies the protected state object and its lock file", () => {
    expect(bySid().DenyWritingTheCiStackState).toMatchObject({
      Effect: "Deny",
      Resource: ["arn:aws:s3:::tfstate/x-ci.tfstate*"],
    });
    expect(bySid({ ...PROPS, protectedStateObjects: undefined })).not.toHaveProperty(
      "DenyWritingTheCiStackState",
    );
  });

  it("refuses a boundary that protects no role", () => {
    expect(() => new DeployBoundary(Testing.app(), "Boundary", { ...PROPS, protectedRoleNames: [] })).toThrow(
      /Boundary: protectedRoleNames needs at least the bounded role itself/,
    );
  });

  it("refuses a boundary without a state backend", () => {
    expect(() => new DeployBoundary(Testing.app(), "Boundary", { ...PROPS, stateBackends: [] })).toThrow(
      /Boundary: stateBackends needs at least one backend/,
    );
  });
});
