/**
 * Kubernetes versions this project deploys and the managed add-on versions pinned for each.
 * Adding a version means adding its row to {@link ADDON_VERSIONS}; a test checks they agree.
 *
 * Sources (checked 2025-11/12 for 1.32–1.34, 2026-12 for 1.35): the EKS user guide's version tables
 * for vpc-cni ("Amazon VPC CNI versions"), CoreDNS ("Manage CoreDNS") and kube-proxy ("Manage
 * kube-proxy"); the Pod Identity agent and EBS CSI driver have no table there, and their versions are
 * the ones `aws eks describe-addon-versions` listed for these Kubernetes versions in published configs.
 * The support calendar is the EKS user guide's "Kubernetes version lifecycle" table.
 */

/** When EKS released a Kubernetes version and when its standard and extended support end (UTC dates). */
export interface KubernetesVersionLifecycle {
  readonly released: string;
  readonly endOfStandardSupport: string;
  readonly endOfExtendedSupport: string;
}

/**
 * EKS's support calendar. After the end of standard support a cluster whose upgrade policy is
 * STANDARD is upgraded by EKS; one on EXTENDED stays (billed) until the end of extended support,
 * after which EKS upgrades it without notice. Local clusters on Outposts are held to the same dates.
 */
export const KUBERNETES_VERSION_LIFECYCLE: Readonly<Record<string, KubernetesVersionLifecycle>> = {
  "1.30": { released: "2024-05-23", endOfStandardSupport: "2025-07-23", endOfExtendedSupport: "2026-07-23" },
  "1.31": { released: "2024-09-26", endOfStandardSupport: "2025-11-26", endOfExtendedSupport: "2026-11-26" },
  "1.32": { released: "2025-01-23", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
  "1.33": { released: "2025-05-29", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
  "1.34": { released: "2025-10-02", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
  "1.35": { released: "2026-01-27", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
};

/** Add-on versions for one Kubernetes version (`aws eks describe-addon-versions` strings). */
export interface AddonVersions {
  readonly vpcCni: string;
  readonly coredns: string;
  readonly kubeProxy: string;
  readonly podIdentityAgent: string;
  readonly ebsCsiDriver: string;
}

/** Versions this project deploys to a regional control plane (EKS still supports each, standard or extended). */
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.32", "1.33", "1.34", "1.35"] as const;

/** The version new regional and Outpost-extended clusters get: in standard support until 2027-03-27. */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

/**
 * Versions EKS local clusters on Outposts offer; they trail the region (1.32 reached local
 * clusters in 2026-04); their nodes run the EKS-optimised AL2023 AMI, joined by nodeadm with
 * `enableOutpost` and the cluster id (AWS moved local-cluster nodes from AL2 to AL2023 in 2025-11).
 */
export const SUPPORTED_LOCAL_CLUSTER_KUBERNETES_VERSIONS = ["1.32"] as const;

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
    // The default versions `aws eks describe-addon-versions --kubernetes-version 1.35` reported in
    // 2026 (published validation notes); the EKS tables list newer builds (CoreDNS v1.14.x,
    // kube-proxy v1.35.3-eksbuild.x): bump through `cluster.addonVersions` after checking.
    "1.35": {
      vpcCni: "v1.22.4-eksbuild.3",
      coredns: "v1.13.2-eksbuild.31",
      kubeProxy: "v1.35.3-eksbuild.29",
      podIdentityAgent: "v1.3.10-eksbuild.3",
      ebsCsiDriver: "v1.66.0-eksbuild.1",
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
