import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";

/** Issuer of GitHub Actions' OIDC tokens (the `iss` claim), the URL of the IAM provider. */
export const GITHUB_OIDC_ISSUER_URL = "https://token.actions.githubusercontent.com";
/** The issuer without its scheme: the prefix of the `:aud` and `:sub` condition keys in trust policies. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** Audience that `aws-actions/configure-aws-credentials` asks GitHub for (the `aud` claim). */
export const STS_AUDIENCE = "sts.amazonaws.com";

const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

/** Properties of {@link GitHubOidcProvider}. */
export interface GitHubOidcProviderProps {
  /**
   * ARN of the provider when the account has it already: it is read (and checked to admit
   * `sts.amazonaws.com`) instead of created. IAM accepts one provider per URL and account.
   * @default none: the provider is created
   */
  readonly existingArn?: string;
}

/**
 * The IAM OIDC provider for GitHub Actions (`https://token.actions.githubusercontent.com`, audience
 * `sts.amazonaws.com`), created or, when the account has one, read. No thumbprint is set: IAM
 * verifies GitHub's JWKS endpoint against its library of trusted root CAs (since July 2023), and the
 * AWS provider makes `thumbprint_list` optional; a pinned thumbprint would only need rotating.
 */
export class GitHubOidcProvider extends Construct {
  /** ARN of the provider, the `Federated` principal of the roles' trust policies. */
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: GitHubOidcProviderProps = {}) {
    super(scope, id);
    if (props.existingArn === undefined) {
      this.arn = new IamOpenidConnectProvider(this, "Resource", {
        url: GITHUB_OIDC_ISSUER_URL,
        clientIdList: [STS_AUDIENCE],
      }).arn;
      return;
    }
    if (!PROVIDER_ARN.test(props.existingArn)) {
      throw new ValidationError(
        `existingArn must be the ARN of a GitHub Actions OIDC provider (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com), received "${props.existingArn}"`,
        this,
      );
    }
    const existing = new DataAwsIamOpenidConnectProvider(this, "Existing", {
      arn: props.existingArn,
      lifecycle: {
        postcondition: [
          {
            condition: `\${contains(self.client_id_list, "${STS_AUDIENCE}")}`,
            errorMessage: `The GitHub OIDC provider ${props.existingArn} must list the client id (audience) ${STS_AUDIENCE}: add it to the provider, or the roles' trust policies never match.`,
          },
        ],
      },
    });
    this.arn = existing.arn;
  }
}
