import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

/** Properties of {@link ClusterViewerRole}. */
export interface ClusterViewerRoleProps {
  /** Provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Kubernetes group the role is bound to (what aws-auth maps the viewer principals to). */
  readonly group: string;
  /**
   * What must exist first (the cluster).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Name of the ClusterRole and its binding. */
export const CLUSTER_VIEWER_ROLE_NAME = "dataplatform-cluster-viewer";

/**
 * Read access (`get`, `list`, `watch`) to every object of every API group, Secrets included, bound to
 * a group: on a local cluster (aws-auth, no access policies), what `AmazonEKSAdminViewPolicy` gives
 * elsewhere. A plan reads Helm releases, which Helm keeps in Secrets, so the built-in `view` role
 * (no Secrets) would not do.
 */
export class ClusterViewerRole extends Construct {
  public readonly role: ClusterRoleV1;
  public readonly binding: ClusterRoleBindingV1;

  constructor(scope: Construct, id: string, props: ClusterViewerRoleProps) {
    super(scope, id);
    this.role = new ClusterRoleV1(this, "Role", {
      provider: props.provider,
      metadata: { name: CLUSTER_VIEWER_ROLE_NAME },
      rule: [
        { apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch"] },
        { nonResourceUrls: ["*"], verbs: ["get"] },
      ],
      dependsOn: props.dependsOn,
    });
    this.binding = new ClusterRoleBindingV1(this, "Binding", {
      provider: props.provider,
      metadata: { name: CLUSTER_VIEWER_ROLE_NAME },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: this.role.metadata.name },
      subject: [{ kind: "Group", name: props.group, apiGroup: "rbac.authorization.k8s.io" }],
    });
  }
}
