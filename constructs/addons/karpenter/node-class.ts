/** Selects subnets or security groups: by tags (all must match) or by id. */
export type SelectorTerm = { readonly tags: Readonly<Record<string, string>> } | { readonly id: string };

/** What an EC2NodeClass launches: AMI, IAM role, network, metadata service and root volume. */
export interface Ec2NodeClassOptions {
  /** IAM role of the nodes (Karpenter makes the instance profile). */
  readonly roleName: string;
  /** EKS-optimised AMI alias, `al2023@v<YYYYMMDD>` (pinned) or `al2023@latest`. */
  readonly amiAlias: string;
  /** Subnets the nodes may launch in. */
  readonly subnetSelectorTerms: ReadonlyArray<SelectorTerm>;
  /** Security groups of the nodes. */
  readonly securityGroupSelectorTerms: ReadonlyArray<SelectorTerm>;
  /** KMS key that encrypts the root volumes. */
  readonly kmsKeyArn: string;
  /**
   * Root volume size in GiB.
   * @default 50
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Root volume type (gp3 in the region).
   * @default "gp3"
   */
  readonly rootVolumeType?: "gp3" | "gp2";
  /**
   * Instance metadata hop limit (1 keeps pods off the node's credentials).
   * @default 1
   */
  readonly metadataHopLimit?: number;
  /**
   * Tags of the instances, volumes and network interfaces Karpenter launches (provider default
   * tags do not reach them).
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Root volume size unless told otherwise. */
export const DEFAULT_ROOT_VOLUME_SIZE_GIB = 50;
/** Smallest root volume an AL2023 EKS node boots from. */
export const MIN_ROOT_VOLUME_SIZE_GIB = 20;
/** Suffix of the node role's name after the cluster name (IAM role names: 64 characters at most). */
export const KARPENTER_NODE_ROLE_SUFFIX = "-karpenter-node";
const DEFAULT_ROOT_VOLUME_TYPE = "gp3";
const DEFAULT_METADATA_HOP_LIMIT = 1;
/** Root device of the Amazon Linux 2023 EKS AMIs. */
const AL2023_ROOT_DEVICE = "/dev/xvda";
/** Karpenter's AL2023 alias: `latest` or an AMI release `vYYYYMMDD`. */
export const AL2023_ALIAS = /^al2023@(latest|v\d{8})$/;
/** Tag keys Karpenter sets itself, which the CRD refuses in `tags` (`kubernetes.io/cluster*` too). */
const RESERVED_TAGS = [
  "eks:eks-cluster-name",
  "karpenter.sh/nodepool",
  "karpenter.sh/nodeclaim",
  "karpenter.k8s.aws/ec2nodeclass",
];

/** Every reason the EC2NodeClass CRD (or this project) would refuse these options; empty when valid. */
export function ec2NodeClassIssues(options: Ec2NodeClassOptions): string[] {
  const issues: string[] = [];
  if (!AL2023_ALIAS.test(options.amiAlias)) {
    issues.push(
      `amiAlias: expected al2023@latest or a pinned release such as al2023@v20260728 (nodes join with nodeadm), received "${options.amiAlias}"`,
    );
  }
  const size = options.rootVolumeSizeGiB ?? DEFAULT_ROOT_VOLUME_SIZE_GIB;
  if (!Number.isInteger(size) || size < MIN_ROOT_VOLUME_SIZE_GIB || size > 16384)
    issues.push(`rootVolumeSizeGiB: expected ${MIN_ROOT_VOLUME_SIZE_GIB} to 16384, received ${size}`);
  const hops = options.metadataHopLimit ?? DEFAULT_METADATA_HOP_LIMIT;
  if (!Number.isInteger(hops) || hops < 1 || hops > 64)
    issues.push(`metadataHopLimit: expected 1 to 64, received ${hops}`);
  if (options.subnetSelectorTerms.length === 0)
    issues.push("subnetSelectorTerms: expected at least one term");
  if (options.securityGroupSelectorTerms.length === 0)
    issues.push("securityGroupSelectorTerms: expected at least one term");
  Object.entries(options.tags ?? {}).forEach(([key, value]) => {
    if (key === "" || value === "")
      issues.push(`tags: keys and values must not be empty, received ${JSON.stringify({ [key]: value })}`);
    if (RESERVED_TAGS.includes(key) || key.startsWith("kubernetes.io/cluster"))
      issues.push(
        `tags.${key}: Karpenter sets this tag itself (${RESERVED_TAGS.join(", ")}, kubernetes.io/cluster/*), received "${key}"`,
      );
  });
  return issues;
}

const term = (t: SelectorTerm) => ("id" in t ? { id: t.id } : { tags: { ...t.tags } });

/** The `EC2NodeClass` custom resource (karpenter.k8s.aws/v1): IMDSv2 only, encrypted root volume. */
export function ec2NodeClassManifest(name: string, options: Ec2NodeClassOptions): Record<string, unknown> {
  const issues = ec2NodeClassIssues(options);
  if (issues.length > 0) throw new Error(`EC2NodeClass "${name}" is invalid:\n  ${issues.join("\n  ")}`);
  return {
    apiVersion: "karpenter.k8s.aws/v1",
    kind: "EC2NodeClass",
    metadata: { name },
    spec: {
      role: options.roleName,
      amiSelectorTerms: [{ alias: options.amiAlias }],
      subnetSelectorTerms: options.subnetSelectorTerms.map(term),
      securityGroupSelectorTerms: options.securityGroupSelectorTerms.map(term),
      metadataOptions: {
        httpEndpoint: "enabled",
        httpProtocolIPv6: "disabled",
        httpPutResponseHopLimit: options.metadataHopLimit ?? DEFAULT_METADATA_HOP_LIMIT,
        httpTokens: "required",
      },
      blockDeviceMappings: [
        {
          deviceName: AL2023_ROOT_DEVICE,
          rootVolume: true,
          ebs: {
            volumeSize: `${options.rootVolumeSizeGiB ?? DEFAULT_ROOT_VOLUME_SIZE_GIB}Gi`,
            volumeType: options.rootVolumeType ?? DEFAULT_ROOT_VOLUME_TYPE,
            encrypted: true,
            kmsKeyID: options.kmsKeyArn,
            deleteOnTermination: true,
          },
        },
      ],
      ...(options.tags && Object.keys(options.tags).length > 0 ? { tags: { ...options.tags } } : {}),
    },
  };
}
