import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { partitionOf } from "../core/aws-partition";
import { cidrContains } from "../network/subnet-plan";
import { ValidationError } from "../core/validation-error";
import { ServiceRole, serviceTrust } from "../iam/service-role";
import { ClusterSecurityGroups } from "./cluster-security-groups";
import { controlPlaneInstanceTypeFor } from "./local-cluster-sizing";

/** Where a local cluster's control plane runs on an Outpost. */
export interface LocalClusterPlacement {
  /** ARN of the Outpost (exactly one). */
  readonly outpostArn: string;
  /**
   * Control-plane instance type.
   * @default sized from `expectedNodeCount` (m5.large up to 20 nodes … m5.4xlarge up to 500)
   */
  readonly controlPlaneInstanceType?: string;
  /**
   * Most nodes the cluster is expected to run, to size the control plane.
   * @default 20
   */
  readonly expectedNodeCount?: number;
  /**
   * Existing placement group for the control-plane instances.
   * @default none
   */
  readonly placementGroupName?: string;
}

/** Properties of {@link EksCluster}. */
export interface EksClusterProps {
  /** Cluster name. */
  readonly clusterName: string;
  /** Kubernetes minor version, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  /** VPC of the cluster. */
  readonly vpcId: string;
  /** Subnets of the control-plane ENIs (the intra subnets; the Outpost subnet for a local cluster). */
  readonly controlPlaneSubnetIds: ReadonlyArray<string>;
  /** Account of the cluster (ARNs in policies). */
  readonly accountId: string;
  /** Region of the cluster. */
  readonly region: string;
  /** IAM principals granted cluster admin through access entries. */
  readonly adminPrincipalArns: ReadonlyArray<string>;
  /**
   * IAM principals granted read access to every object, Secrets included (`AmazonEKSAdminViewPolicy`),
   * through access entries; a local cluster maps them in aws-auth instead.
   * @default none
   */
  readonly viewerPrincipalArns?: ReadonlyArray<string>;
  /** Days control-plane logs are kept. */
  readonly logRetentionInDays: number;
  /** KMS key of the control-plane log group (its policy admits CloudWatch Logs). */
  readonly logsKmsKeyArn: string;
  /**
   * KMS key for envelope encryption of Kubernetes secrets; required unless the cluster is local.
   * @default none (only allowed for a local cluster, which does not support it)
   */
  readonly secretsKmsKeyArn?: string;
  /**
   * Whether the API is reachable from the internet (only from `publicAccessCidrs`).
   * @default false
   */
  readonly endpointPublicAccess?: boolean;
  /**
   * CIDRs allowed to reach the public endpoint.
   * @default none
   */
  readonly publicAccessCidrs?: ReadonlyArray<string>;
  /**
   * Private networks allowed to call the API on 443 besides the nodes (see {@link ClusterSecurityGroups}).
   * @default none
   */
  readonly apiClientCidrs?: ReadonlyArray<string>;
  /**
   * Service CIDR a local cluster falls back to when EKS does not report one (EKS picks 172.20.0.0/16
   * for a VPC in 10.0.0.0/8, 10.100.0.0/16 otherwise).
   * @default "10.100.0.0/16"
   */
  readonly localServiceCidrFallback?: string;
  /**
   * Refuse deletion of the cluster through the EKS API.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /**
   * What EKS does at the end of standard support (regional control planes only): `STANDARD`
   * upgrades to the next version, `EXTENDED` keeps the version (billed) until extended support ends.
   * @default "STANDARD"
   */
  readonly upgradePolicy?: "STANDARD" | "EXTENDED";
  /**
   * Runs the control plane on an Outpost (EKS local cluster).
   * @default none (control plane in the region)
   */
  readonly localCluster?: LocalClusterPlacement;
}

/** Every control-plane log type. */
export const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
const DEFAULT_EXPECTED_NODE_COUNT = 20;
const DEFAULT_UPGRADE_POLICY = "STANDARD";
/** EKS's default service CIDR for a VPC: 172.20.0.0/16 when the VPC is in 10.0.0.0/8, else 10.100.0.0/16. */
export function defaultServiceCidrFor(vpcCidr: string): string {
  return cidrContains("10.0.0.0/8", vpcCidr) ? "172.20.0.0/16" : LOCAL_CLUSTER_SERVICE_CIDR;
}

/** Default service CIDR of a local cluster whose VPC is outside 10.0.0.0/8. */
export const LOCAL_CLUSTER_SERVICE_CIDR = "10.100.0.0/16";
const CLUSTER_ADMIN_POLICY = "cluster-access-policy/AmazonEKSClusterAdminPolicy";
/** Read access to every object of the cluster, Secrets included (what a plan of Helm releases reads). */
const CLUSTER_VIEWER_POLICY = "cluster-access-policy/AmazonEKSAdminViewPolicy";

/**
 * An EKS cluster: its IAM role, encrypted log group, security groups, and — in the region — API
 * authentication with access entries for the admin principals (no implicit creator admin), secrets
 * envelope encryption and the IAM OIDC provider for IRSA. With `localCluster`, an EKS local cluster
 * on an Outpost: CONFIG_MAP authentication, private endpoint, no envelope encryption, no OIDC.
 */
export class EksCluster extends Construct {
  public readonly cluster: EksClusterResource;
  public readonly role: ServiceRole;
  public readonly securityGroups: ClusterSecurityGroups;
  public readonly logGroup: CloudwatchLogGroup;
  /** IAM OIDC provider for IRSA (regional control planes only). */
  public readonly oidcProvider?: IamOpenidConnectProvider;
  /** The admin access policy associations: resources using the Kubernetes API depend on them. */
  public readonly adminAccess: ReadonlyArray<EksAccessPolicyAssociation>;
  public readonly viewerAccess: ReadonlyArray<EksAccessPolicyAssociation>;

  /** Service CIDR of the cluster (nodeadm's `cidr`); a local cluster may not report one. */
  public readonly serviceCidr: string;

  /** Cluster CA, base64. */
  public get certificateAuthorityData(): string {
    return this.cluster.certificateAuthority.get(0).data;
  }

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const local = props.localCluster;
    const publicAccess = props.endpointPublicAccess ?? false;
    const publicCidrs = props.publicAccessCidrs ?? [];
    this.validate(props, publicAccess, publicCidrs);
    const partition = partitionOf(props.region);
    const name = props.clusterName;

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/eks/${name}/cluster`,
      retentionInDays: props.logRetentionInDays,
      kmsKeyId: props.logsKmsKeyArn,
    });
    this.role = new ServiceRole(this, "Role", {
      roleName: `${name}-cluster`,
      description: local ? `EKS local cluster ${name} on an Outpost` : `EKS control plane of ${name}`,
      // A local cluster's control plane runs as EC2 instances on the rack, which assume the role too.
      trust: [
        local
          ? serviceTrust(["eks.amazonaws.com", "ec2.amazonaws.com"])
          : serviceTrust("eks.amazonaws.com", true),
      ],
      managedPolicyArns: [
        `arn:${partition}:iam::aws:policy/${local ? "AmazonEKSLocalOutpostClusterPolicy" : "AmazonEKSClusterPolicy"}`,
      ],
      inlinePolicies: props.secretsKmsKeyArn
        ? {
            "encrypt-secrets": [
              {
                Sid: "EnvelopeEncryptionOfSecrets",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                Resource: props.secretsKmsKeyArn,
              },
            ],
          }
        : undefined,
    });
    this.securityGroups = new ClusterSecurityGroups(this, "SecurityGroups", {
      vpcId: props.vpcId,
      clusterName: name,
      apiClientCidrs: props.apiClientCidrs,
    });

    this.cluster = new EksClusterResource(this, "Resource", {
      name,
      version: props.kubernetesVersion,
      roleArn: this.role.role.arn,
      enabledClusterLogTypes: [...CLUSTER_LOG_TYPES],
      deletionProtection: props.deletionProtection ?? false,
      // Local clusters accept only CONFIG_MAP with the creator as admin (the EKS API refuses anything else).
      accessConfig: local
        ? { authenticationMode: "CONFIG_MAP", bootstrapClusterCreatorAdminPermissions: true }
        : { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      // Local clusters install vpc-cni, CoreDNS and kube-proxy themselves; in the region they are managed add-ons.
      bootstrapSelfManagedAddons: local ? undefined : false,
      vpcConfig: {
        subnetIds: [...props.controlPlaneSubnetIds],
        securityGroupIds: [this.securityGroups.clusterSecurityGroup.id],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        publicAccessCidrs: publicAccess ? [...publicCidrs] : undefined,
      },
      encryptionConfig: props.secretsKmsKeyArn
        ? { resources: ["secrets"], provider: { keyArn: props.secretsKmsKeyArn } }
        : undefined,
      outpostConfig: local
        ? {
            outpostArns: [local.outpostArn],
            controlPlaneInstanceType:
              local.controlPlaneInstanceType ??
              controlPlaneInstanceTypeFor(local.expectedNodeCount ?? DEFAULT_EXPECTED_NODE_COUNT),
            controlPlanePlacement: local.placementGroupName
              ? { groupName: local.placementGroupName }
              : undefined,
          }
        : undefined,
      upgradePolicy: local ? undefined : { supportType: props.upgradePolicy ?? DEFAULT_UPGRADE_POLICY },
      dependsOn: [this.logGroup, ...this.role.grants],
    });

    const reportedServiceCidr = this.cluster.kubernetesNetworkConfig.serviceIpv4Cidr;
    // A local keeps user data free of function calls with quotes inside the template.
    this.serviceCidr = local
      ? new TerraformLocal(
          this,
          "ServiceCidr",
          Fn.coalesce([
            Fn.try([reportedServiceCidr, ""]),
            props.localServiceCidrFallback ?? LOCAL_CLUSTER_SERVICE_CIDR,
          ]),
        ).asString
      : reportedServiceCidr;

    // A local cluster maps its admins in the aws-auth ConfigMap instead (see AwsAuthConfigMap).
    const grant = (kind: "Admin" | "Viewer", policy: string) => (principalArn: string, index: number) => {
      const entry = new EksAccessEntry(this, `${kind}Entry${index}`, {
        clusterName: this.cluster.name,
        principalArn,
        type: "STANDARD",
      });
      return new EksAccessPolicyAssociation(this, `${kind}Policy${index}`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${partition}:eks::aws:${policy}`,
        accessScope: { type: "cluster" },
      });
    };
    this.adminAccess = (local ? [] : props.adminPrincipalArns).map(grant("Admin", CLUSTER_ADMIN_POLICY));
    this.viewerAccess = (local ? [] : (props.viewerPrincipalArns ?? [])).map(
      grant("Viewer", CLUSTER_VIEWER_POLICY),
    );

    if (!local) {
      this.oidcProvider = new IamOpenidConnectProvider(this, "OidcProvider", {
        url: this.cluster.identity.get(0).oidc.get(0).issuer,
        clientIdList: ["sts.amazonaws.com"],
        tags: { Name: `${name}-irsa` },
      });
    }
  }

  private validate(props: EksClusterProps, publicAccess: boolean, publicCidrs: ReadonlyArray<string>): void {
    if (publicAccess && publicCidrs.length === 0) {
      throw new ValidationError(
        "endpointPublicAccess needs publicAccessCidrs (an allowlist), received none",
        this,
      );
    }
    if (publicCidrs.some((cidr) => cidr.endsWith("/0"))) {
      throw new ValidationError(
        `publicAccessCidrs must not open the API to the internet, received ${publicCidrs.join(", ")}`,
        this,
      );
    }
    if (props.localCluster && (publicAccess || props.secretsKmsKeyArn)) {
      throw new ValidationError(
        "a local cluster has a private endpoint only and no secrets encryption",
        this,
      );
    }
    if (!props.localCluster && !props.secretsKmsKeyArn) {
      throw new ValidationError(
        "secretsKmsKeyArn is required for a regional control plane (envelope encryption)",
        this,
      );
    }
    const both = (props.viewerPrincipalArns ?? []).filter((arn) => props.adminPrincipalArns.includes(arn));
    if (both.length > 0) {
      throw new ValidationError(
        `viewerPrincipalArns: expected principals that are not admins (one access entry per principal), received ${both.join(", ")} in both lists`,
        this,
      );
    }
    if (props.adminPrincipalArns.length === 0) {
      throw new ValidationError(
        "adminPrincipalArns needs at least one principal (no implicit creator admin)",
        this,
      );
    }
  }
}
