import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { GitHubOidcProvider } from "../../../constructs/ci/github-oidc-provider";
import { onlyResource, parse, resourcesOf } from "../../helpers/synth";

// Values from GitHub's "Configuring OpenID Connect in Amazon Web Services": provider URL
// https://token.actions.githubusercontent.com, audience sts.amazonaws.com for the official action.
const EXISTING = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

describe("GitHubOidcProvider", () => {
  it("creates the provider for GitHub's issuer and STS's audience, without a thumbprint", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const provider = new GitHubOidcProvider(stack, "Provider");
    new TerraformOutput(stack, "arn", { value: provider.arn });
    const synth = Testing.synth(stack);
    expect(onlyResource(synth, "aws_iam_openid_connect_provider")).toEqual({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    expect(parse(synth).output?.arn.value).toMatch(
      /^\$\{aws_iam_openid_connect_provider\.Provider_\w+\.arn\}$/,
    );
  });

  it("reads an existing provider by ARN, checks it admits sts.amazonaws.com, and creates none", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const provider = new GitHubOidcProvider(stack, "Provider", { existingArn: EXISTING });
    new TerraformOutput(stack, "arn", { value: provider.arn });
    const synth = Testing.synth(stack);
    expect(resourcesOf(synth, "aws_iam_openid_connect_provider")).toEqual([]);
    const [data] = Object.values(parse(synth).data?.aws_iam_openid_connect_provider ?? {});
    expect(data.arn).toBe(EXISTING);
    expect(data.lifecycle).toEqual({
      postcondition: [
        expect.objectContaining({ condition: '${contains(self.client_id_list, "sts.amazonaws.com")}' }),
      ],
    });
    expect(parse(synth).output?.arn.value).toMatch(
      /^\$\{data\.aws_iam_openid_connect_provider\.Provider_Existing_\w+\.arn\}$/,
    );
  });

  it("refuses an existing ARN that is not GitHub's provider", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(
      () =>
        new GitHubOidcProvider(stack, "Provider", {
          existingArn: "arn:aws:iam::123456789012:oidc-provider/gitlab.com",
        }),
    ).toThrow(
      /s\/Provider: existingArn must be the ARN of a GitHub Actions OIDC provider .*received "arn:aws:iam::123456789012:oidc-provider\/gitlab\.com"/,
    );
  });
});
