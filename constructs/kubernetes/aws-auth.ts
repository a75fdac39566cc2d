import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Construct } from "constructs";
import { stringify } from "yaml";

/** Properties of {@link AwsAuthConfigMap}. */
export interface AwsAuthConfigMapProps {
  /** Provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Roles of self-managed nodes (mapped to `system:bootstrappers` and `system:nodes`). */
  readonly nodeRoleArns: ReadonlyArray<string>;
  /** IAM roles and users granted cluster admin (`system:masters`). */
  readonly adminPrincipalArns: ReadonlyArray<string>;
}

/**
 * The `aws-auth` ConfigMap, for clusters that support only `CONFIG_MAP` authentication (EKS local
 * clusters on Outposts): node roles and admin principals, nothing else.
 */
export class AwsAuthConfigMap extends Construct {
  public readonly configMap: ConfigMapV1;

  constructor(scope: Construct, id: string, props: AwsAuthConfigMapProps) {
    super(scope, id);
    const isUser = (arn: string) => arn.includes(":user/");
    // aws-auth matches role ARNs without their path (arn:…:role/path/name -> arn:…:role/name).
    const withoutPath = (arn: string) => arn.replace(/:role\/(?:[^/]+\/)+([^/]+)$/, ":role/$1");
    const mapRoles = [
      ...props.nodeRoleArns.map((rolearn) => ({
        rolearn,
        username: "system:node:{{EC2PrivateDNSName}}",
        groups: ["system:bootstrappers", "system:nodes"],
      })),
      ...props.adminPrincipalArns
        .filter((arn) => !isUser(arn))
        .map((arn) => ({
          rolearn: withoutPath(arn),
          username: "admin:{{SessionName}}",
          groups: ["system:masters"],
        })),
    ];
    const mapUsers = props.adminPrincipalArns
      .filter(isUser)
      .map((userarn) => ({ userarn, username: userarn.split("/").pop(), groups: ["system:masters"] }));
    this.configMap = new ConfigMapV1(this, "Resource", {
      provider: props.provider,
      metadata: { name: "aws-auth", namespace: "kube-system" },
      data: {
        mapRoles: stringify(mapRoles, { lineWidth: 0 }),
        ...(mapUsers.length > 0 ? { mapUsers: stringify(mapUsers, { lineWidth: 0 }) } : {}),
      },
    });
  }
}
