import { stringify } from "yaml";

/** What a self-managed AL2023 node needs to join its cluster through nodeadm. */
export interface NodeConfigInput {
  /** Cluster name. */
  readonly clusterName: string;
  /** API server endpoint (`https://…`, without a port). */
  readonly apiServerEndpoint: string;
  /** Cluster CA, base64 as EKS returns it. */
  readonly certificateAuthority: string;
  /** Service CIDR of the cluster. */
  readonly serviceCidr: string;
  /** Node labels. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Cluster id of an EKS local cluster on an Outpost: sets `enableOutpost` so the node resolves the
   * API and authenticates while the rack is disconnected from the region.
   * @default none (regional control plane)
   */
  readonly outpostClusterId?: string;
}

const BOUNDARY = "NODEADM";

/** The nodeadm `NodeConfig` document (apiVersion node.eks.aws/v1alpha1). */
export function nodeConfig(input: NodeConfigInput): Record<string, unknown> {
  const labels = Object.entries(input.labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
  return {
    apiVersion: "node.eks.aws/v1alpha1",
    kind: "NodeConfig",
    spec: {
      cluster: {
        name: input.clusterName,
        apiServerEndpoint: input.apiServerEndpoint,
        certificateAuthority: input.certificateAuthority,
        cidr: input.serviceCidr,
        ...(input.outpostClusterId ? { enableOutpost: true, id: input.outpostClusterId } : {}),
      },
      kubelet: { flags: [`--node-labels=${labels}`] },
    },
  };
}

/** MIME multi-part user data carrying the NodeConfig, as AL2023 EKS AMIs read it (not yet base64). */
export function nodeadmUserData(input: NodeConfigInput): string {
  return [
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary=${BOUNDARY}`,
    "",
    `--${BOUNDARY}`,
    "Content-Type: application/node.eks.aws",
    "",
    `---\n${stringify(nodeConfig(input), { lineWidth: 0 })}`,
    `--${BOUNDARY}--`,
    "",
  ].join("\n");
}
