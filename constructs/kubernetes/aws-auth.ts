import { ConfigMapV1Data } from "@cdktf/provider-kubernetes/lib/config-map-v1-data";
import { DataKubernetesConfigMapV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-config-map-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformLocal, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

/** Properties of {@link AwsAuthConfigMap}. */
export interface AwsAuthConfigMapProps {
  /** Provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Roles of self-managed nodes (mapped to `system:bootstrappers` and `system:nodes`). */
  readonly nodeRoleArns: ReadonlyArray<string>;
  /** IAM roles and users granted cluster admin (`system:masters`). */
  readonly adminPrincipalArns: ReadonlyArray<string>;
  /**
   * IAM roles and users mapped to {@link CLUSTER_VIEWERS_GROUP}, which a read-only ClusterRole binds
   * (see ClusterViewerRole).
   * @default none
   */
  readonly viewerPrincipalArns?: ReadonlyArray<string>;
  /**
   * What must exist before the ConfigMap is read and written (the cluster).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const METADATA = { name: "aws-auth", namespace: "kube-system" };

/** Kubernetes group of the viewer principals on a local cluster (bound by ClusterViewerRole). */
export const CLUSTER_VIEWERS_GROUP = "dataplatform:cluster-viewers";

/**
 * The node roles and admin principals of the `aws-auth` ConfigMap, for clusters that support only
 * `CONFIG_MAP` authentication (EKS local clusters on Outposts). EKS creates that ConfigMap itself,
 * so creating it would fail: its `mapRoles` and `mapUsers` keys are taken over with server-side apply
 * (`kubernetes_config_map_v1_data`, `force`), and every entry already there for another principal
 * (what EKS or an operator wrote) is kept; the entries of these principals are replaced by ours.
 */
export class AwsAuthConfigMap extends Construct {
  public readonly configMap: ConfigMapV1Data;

  constructor(scope: Construct, id: string, props: AwsAuthConfigMapProps) {
    super(scope, id);
    const isUser = (arn: string) => arn.includes(":user/");
    const viewers = props.viewerPrincipalArns ?? [];
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
      ...viewers
        .filter((arn) => !isUser(arn))
        .map((arn) => ({
          rolearn: withoutPath(arn),
          username: "viewer:{{SessionName}}",
          groups: [CLUSTER_VIEWERS_GROUP],
        })),
    ];
    const mapUsers = [
      ...props.adminPrincipalArns
        .filter(isUser)
        .map((userarn) => ({ userarn, username: userarn.split("/").pop(), groups: ["system:masters"] })),
      ...viewers
        .filter(isUser)
        .map((userarn) => ({ userarn, username: userarn.split("/").pop(), groups: [CLUSTER_VIEWERS_GROUP] })),
    ];

    const existing = new DataKubernetesConfigMapV1(this, "Existing", {
      provider: props.provider,
      metadata: METADATA,
      dependsOn: props.dependsOn,
    });
    /** `yamlencode` of what the key holds now, less the entries of our principals, plus ours. */
    const merged = (key: "mapRoles" | "mapUsers", arnField: "rolearn" | "userarn", ours: unknown[]) => {
      const local = new TerraformLocal(this, key === "mapRoles" ? "Roles" : "Users", ours);
      // A missing ConfigMap, key or value, or one that decodes to null, all count as no entries.
      const current = `coalesce(try(yamldecode(lookup(${existing.fqn}.data, "${key}", "[]")), []), [])`;
      const others = `[for entry in ${current} : entry if !contains([for m in ${local.fqn} : m.${arnField}], try(entry.${arnField}, ""))]`;
      return `\${yamlencode(concat(${others}, ${local.fqn}))}`;
    };
    this.configMap = new ConfigMapV1Data(this, "Resource", {
      provider: props.provider,
      metadata: METADATA,
      force: true,
      data: {
        mapRoles: merged("mapRoles", "rolearn", mapRoles),
        ...(mapUsers.length > 0 ? { mapUsers: merged("mapUsers", "userarn", mapUsers) } : {}),
      },
    });
  }
}
