import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Fn, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { InterruptionQueue } from "../constructs/addons/karpenter/interruption-queue";
import {
  KarpenterController,
  type ControllerIdentity,
} from "../constructs/addons/karpenter/karpenter-controller";
import {
  ec2NodeClassManifest,
  KARPENTER_NODE_ROLE_SUFFIX,
  type SelectorTerm,
} from "../constructs/addons/karpenter/node-class";
import { nodePoolManifest } from "../constructs/addons/karpenter/node-pool";
import { CRITICAL_ADDONS_TAINT, SYSTEM_NODE_LABELS } from "../constructs/eks/node-labels";
import { NodeRole } from "../constructs/eks/node-role";
import { configureClusterProviders } from "../constructs/kubernetes/cluster-providers";
import type { EksStack } from "./eks-stack";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";
import type { NetworkStack } from "./network-stack";
import { environmentTags } from "./tags";

/** The EC2NodeClass every NodePool of the platform uses. */
export const DEFAULT_NODE_CLASS = "default";

/** What `<env>-karpenter` receives. */
export interface KarpenterStackProps extends EnvironmentStackProps {
  /** The environment's network stack (regional private subnets). */
  readonly network: NetworkStack;
  /** The environment's EKS stack (cluster, OIDC provider, EBS key). */
  readonly eks: EksStack;
}

/**
 * `<env>-karpenter`: the node role and its access entry, the interruption queue and its rules, the
 * controller (IAM role, Pod Identity or IRSA, Helm release on the system nodes), the `default`
 * EC2NodeClass and the NodePools of the environment's config. Karpenter's CRDs come from the eks
 * stack, so the NodePools can be planned before this stack is first applied.
 */
export class KarpenterStack extends EnvironmentStack {
  public readonly nodeRole: NodeRole;
  public readonly interruptionQueue: InterruptionQueue;
  public readonly controller: KarpenterController;
  public readonly nodeClass: Manifest;
  public readonly nodePools: ReadonlyArray<Manifest>;

  constructor(scope: Construct, props: KarpenterStackProps) {
    super(scope, "karpenter", props);
    const env = this.env;
    const karpenter = env.karpenter;
    const mode = env.cluster.mode;
    if (!karpenter.enabled || (mode !== "regional" && mode !== "outpost-extended")) {
      throw new Error(
        `environment "${env.name}": no karpenter stack (enabled: ${karpenter.enabled}, mode: ${mode})`,
      );
    }
    this.addDependency(props.eks);
    const clusterName = env.clusterName;
    const cluster = props.eks.cluster;
    const providers = configureClusterProviders(this, {
      clusterName,
      endpoint: cluster.cluster.endpoint,
      certificateAuthorityData: cluster.certificateAuthorityData,
      region: env.region,
    });
    if (!providers.helm) throw new Error("the karpenter stack needs the helm provider");

    this.nodeRole = new NodeRole(this, "NodeRole", {
      roleName: `${clusterName}${KARPENTER_NODE_ROLE_SUFFIX}`,
      description: `Nodes Karpenter launches for ${clusterName}`,
      region: env.region,
      // As Karpenter's reference node role. aws-node has its own IRSA role; this keeps the nodes'
      // networking working if that role is ever missing, at the cost of a broader node role.
      vpcCniPolicy: true,
    });
    const accessEntry = new EksAccessEntry(this, "NodeAccessEntry", {
      clusterName,
      principalArn: this.nodeRole.role.role.arn,
      type: "EC2_LINUX",
    });
    this.interruptionQueue = new InterruptionQueue(this, "InterruptionQueue", {
      queueName: `${clusterName}-karpenter`,
      accountId: env.accountId,
      region: env.region,
      messageRetentionSeconds: karpenter.interruptionMessageRetentionSeconds,
    });
    const oidc = cluster.oidcProvider;
    let identity: ControllerIdentity = { type: "pod-identity" };
    if (karpenter.controllerIdentity === "irsa") {
      if (!oidc) throw new Error(`environment "${env.name}": IRSA needs the cluster's OIDC provider`);
      identity = { type: "irsa", oidcProviderArn: oidc.arn, issuerUrl: oidc.url };
    }
    this.controller = new KarpenterController(this, "Controller", {
      provider: providers.helm,
      chartVersion: karpenter.chartVersion,
      clusterName,
      // Cross-stack outputs are sensitive; the endpoint is not a secret, and a sensitive part would
      // hide the whole of the release's values from `cdktf diff`.
      clusterEndpoint: Fn.nonsensitive(cluster.cluster.endpoint),
      accountId: env.accountId,
      region: env.region,
      nodeRoleArn: this.nodeRole.role.role.arn,
      interruptionQueue: this.interruptionQueue,
      identity,
      nodeSelector: SYSTEM_NODE_LABELS,
      tolerations: [
        { key: CRITICAL_ADDONS_TAINT.key, operator: "Exists", effect: CRITICAL_ADDONS_TAINT.effect },
      ],
      replicas: karpenter.replicas,
      dependsOn: [...this.nodeRole.role.grants, accessEntry],
    });

    const discovery: SelectorTerm = { tags: { "karpenter.sh/discovery": clusterName } };
    // On an Outpost-extended cluster the rack's subnet must never receive Karpenter's nodes (no
    // Spot there, and its capacity is the self-managed group's): name the regional subnets.
    const subnetSelectorTerms: SelectorTerm[] =
      mode === "outpost-extended"
        ? props.network.network.subnets.private.map((subnet) => ({ id: subnet.id }))
        : [discovery];
    this.nodeClass = new Manifest(this, `NodeClass-${DEFAULT_NODE_CLASS}`, {
      provider: providers.kubernetes,
      manifest: ec2NodeClassManifest(DEFAULT_NODE_CLASS, {
        roleName: this.nodeRole.role.role.name,
        amiAlias: karpenter.amiAlias,
        subnetSelectorTerms,
        securityGroupSelectorTerms: [discovery],
        kmsKeyArn: props.eks.keys.ebs.key.arn,
        rootVolumeSizeGiB: karpenter.rootVolumeSizeGiB,
        rootVolumeType: "gp3",
        metadataHopLimit: env.cluster.metadataHopLimit,
        tags: environmentTags(env),
      }),
      dependsOn: [this.controller.release, accessEntry],
    });
    this.nodePools = Object.entries(karpenter.nodePools).map(
      ([name, pool]) =>
        new Manifest(this, `NodePool-${name}`, {
          provider: providers.kubernetes,
          manifest: nodePoolManifest(name, DEFAULT_NODE_CLASS, pool),
          dependsOn: [this.nodeClass],
        }),
    );

    new TerraformOutput(this, "controller_role_arn", {
      value: this.controller.role.role.arn,
      description: "IAM role of the Karpenter controller",
    });
    new TerraformOutput(this, "node_role_name", {
      value: this.nodeRole.role.role.name,
      description: "IAM role of the nodes Karpenter launches",
    });
    new TerraformOutput(this, "interruption_queue_name", {
      value: this.interruptionQueue.queue.name,
      description: "SQS queue of interruption events (settings.interruptionQueue)",
    });
    new TerraformOutput(this, "node_pools", {
      value: Object.keys(karpenter.nodePools),
      description: "NodePools, selected by the node.dataplatform.io/pool label",
    });
  }
}
