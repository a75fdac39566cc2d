/**
 * Kubernetes versions this project deploys and the managed add-on versions pinned for each.
 * Adding a version means adding its row to {@link ADDON_VERSIONS}; a test checks they agree.
 *
 * Sources (checked 2025-11/12): the EKS user guide's version tables for vpc-cni ("Amazon VPC CNI
 * versions"), CoreDNS ("Manage CoreDNS") and kube-proxy ("Manage kube-proxy"); the Pod Identity
 * agent and EBS CSI driver have no table there, and their versions are the ones
 * `aws eks describe-addon-versions` listed for these Kubernetes versions in published configs.
 */

/** Add-on versions for one Kubernetes version (`aws eks describe-addon-versions` strings). */
export interface AddonVersions {
  readonly vpcCni: string;
  readonly coredns: string;
  readonly kubeProxy: string;
  readonly podIdentityAgent: string;
  readonly ebsCsiDriver: string;
}

/** Versions in EKS standard support when the provider was frozen (1.32–1.34). */
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.32", "1.33", "1.34"] as const;

/** The version new regional and Outpost-extended clusters get. */
export const DEFAULT_KUBERNETES_VERSION = "1.34";

/**
 * Versions EKS local clusters on Outposts offer; they trail the region (1.32 reached local
 * clusters in 2026-04); their nodes run the EKS-optimised AL2023 AMI, joined by nodeadm with
 * `enableOutpost` and the cluster id (AWS moved local-cluster nodes from AL2 to AL2023 in 2025-11).
 */
export const SUPPORTED_LOCAL_CLUSTER_KUBERNETES_VERSIONS = ["1.30", "1.31", "1.32"] as const;

/** The version new local clusters get. */
export const DEFAULT_LOCAL_CLUSTER_KUBERNETES_VERSION = "1.32";

const VPC_CNI = "v1.20.4-eksbuild.1";
const POD_IDENTITY_AGENT = "v1.3.9-eksbuild.5";
const EBS_CSI_DRIVER = "v1.52.1-eksbuild.1";

/** Managed add-on versions, by Kubernetes version. */
export const ADDON_VERSIONS: Readonly<Record<(typeof SUPPORTED_KUBERNETES_VERSIONS)[number], AddonVersions>> =
  {
    "1.32": {
      vpcCni: VPC_CNI,
      coredns: "v1.11.4-eksbuild.24",
      kubeProxy: "v1.32.9-eksbuild.2",
      podIdentityAgent: POD_IDENTITY_AGENT,
      ebsCsiDriver: EBS_CSI_DRIVER,
    },
    "1.33": {
      vpcCni: VPC_CNI,
      coredns: "v1.12.4-eksbuild.1",
      kubeProxy: "v1.33.5-eksbuild.2",
      podIdentityAgent: POD_IDENTITY_AGENT,
      ebsCsiDriver: EBS_CSI_DRIVER,
    },
    "1.34": {
      vpcCni: VPC_CNI,
      coredns: "v1.12.4-eksbuild.1",
      kubeProxy: "v1.34.1-eksbuild.2",
      podIdentityAgent: POD_IDENTITY_AGENT,
      ebsCsiDriver: EBS_CSI_DRIVER,
    },
  };

/** The pinned add-on versions of `kubernetesVersion`, with any overrides from the environment. */
export function addonVersionsFor(
  kubernetesVersion: string,
  overrides: Partial<AddonVersions> = {},
): AddonVersions {
  const base = (ADDON_VERSIONS as Readonly<Record<string, AddonVersions | undefined>>)[kubernetesVersion];
  if (!base) {
    throw new Error(
      `no add-on versions for Kubernetes ${kubernetesVersion}; known: ${Object.keys(ADDON_VERSIONS).join(", ")}`,
    );
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...base, ...defined };
}
