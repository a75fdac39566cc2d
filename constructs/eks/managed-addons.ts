import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { Fn, TerraformLocal, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { partitionOf } from "../core/aws-partition";
import { irsaTrust, ServiceRole, serviceTrust } from "../iam/service-role";
import { CRITICAL_ADDONS_TAINT } from "./node-labels";

/** Versions of the managed add-ons (`aws eks describe-addon-versions` strings). */
export interface ManagedAddonVersions {
  readonly vpcCni: string;
  readonly coredns: string;
  readonly kubeProxy: string;
  readonly podIdentityAgent: string;
  readonly ebsCsiDriver: string;
}

/** Properties of {@link ManagedAddons}. */
export interface ManagedAddonsProps {
  /** Cluster of the add-ons (its literal name). */
  readonly clusterName: string;
  /** The cluster resource: the add-ons wait for it. */
  readonly cluster: ITerraformDependable;
  /** Region (IAM partition). */
  readonly region: string;
  /** Pinned add-on versions. */
  readonly versions: ManagedAddonVersions;
  /** The cluster's IAM OIDC provider (the VPC CNI's role is assumed through IRSA). */
  readonly oidcProvider: { readonly arn: string; readonly issuerUrl: string };
  /** Labels of the nodes where CoreDNS and the EBS CSI controller run (the system node group). */
  readonly systemNodeLabels: Readonly<Record<string, string>>;
  /** What must exist before CoreDNS and the EBS CSI driver, which need running nodes. */
  readonly computeDependencies: ReadonlyArray<ITerraformDependable>;
}

const TOLERATE_CRITICAL_ADDONS = [{ key: CRITICAL_ADDONS_TAINT.key, operator: "Exists" }];

/**
 * The managed add-ons vpc-cni (IRSA role), kube-proxy, eks-pod-identity-agent, CoreDNS and
 * aws-ebs-csi-driver (Pod Identity role with `AmazonEBSCSIDriverPolicy`), versions pinned.
 * `beforeCompute` must exist before nodes are created: without the CNI no node becomes Ready.
 */
export class ManagedAddons extends Construct {
  public readonly beforeCompute: ReadonlyArray<EksAddon>;
  public readonly addons: Readonly<Record<string, EksAddon>>;
  public readonly vpcCniRole: ServiceRole;
  public readonly ebsCsiDriverRole: ServiceRole;

  constructor(scope: Construct, id: string, props: ManagedAddonsProps) {
    super(scope, id);
    const partition = partitionOf(props.region);
    // A local keeps the trust policy plain JSON (no function call with quotes inside the document).
    const issuer = new TerraformLocal(
      this,
      "OidcIssuerHost",
      Fn.replace(props.oidcProvider.issuerUrl, "https://", ""),
    ).asString;
    this.vpcCniRole = new ServiceRole(this, "VpcCniRole", {
      roleName: `${props.clusterName}-vpc-cni`,
      description: `VPC CNI (aws-node) of ${props.clusterName}, through IRSA`,
      trust: [irsaTrust(props.oidcProvider.arn, issuer, "kube-system", "aws-node")],
      managedPolicyArns: [`arn:${partition}:iam::aws:policy/AmazonEKS_CNI_Policy`],
    });
    this.ebsCsiDriverRole = new ServiceRole(this, "EbsCsiDriverRole", {
      roleName: `${props.clusterName}-ebs-csi-driver`,
      description: `EBS CSI controller of ${props.clusterName}, through EKS Pod Identity`,
      trust: [serviceTrust("pods.eks.amazonaws.com", true)],
      managedPolicyArns: [`arn:${partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`],
    });

    const addon = (
      addonId: string,
      name: string,
      version: string,
      extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {},
    ) =>
      new EksAddon(this, addonId, {
        clusterName: props.clusterName,
        addonName: name,
        addonVersion: version,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        ...extra,
        dependsOn: [props.cluster, ...(extra.dependsOn ?? [])],
      });
    const vpcCni = addon("VpcCni", "vpc-cni", props.versions.vpcCni, {
      serviceAccountRoleArn: this.vpcCniRole.role.arn,
      configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
      dependsOn: [...this.vpcCniRole.grants],
    });
    const kubeProxy = addon("KubeProxy", "kube-proxy", props.versions.kubeProxy);
    const podIdentityAgent = addon(
      "PodIdentityAgent",
      "eks-pod-identity-agent",
      props.versions.podIdentityAgent,
    );
    this.beforeCompute = [vpcCni, kubeProxy, podIdentityAgent];

    const onSystemNodes = {
      nodeSelector: { ...props.systemNodeLabels },
      tolerations: TOLERATE_CRITICAL_ADDONS,
    };
    const coredns = addon("CoreDns", "coredns", props.versions.coredns, {
      configurationValues: JSON.stringify(onSystemNodes),
      dependsOn: [...props.computeDependencies],
    });
    const ebsCsiDriver = addon("EbsCsiDriver", "aws-ebs-csi-driver", props.versions.ebsCsiDriver, {
      configurationValues: JSON.stringify({ controller: onSystemNodes }),
      podIdentityAssociation: [
        { roleArn: this.ebsCsiDriverRole.role.arn, serviceAccount: "ebs-csi-controller-sa" },
      ],
      dependsOn: [...props.computeDependencies, podIdentityAgent, ...this.ebsCsiDriverRole.grants],
    });
    this.addons = { vpcCni, kubeProxy, podIdentityAgent, coredns, ebsCsiDriver };
  }
}
