import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { dependable, TerraformOutput, type ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { isOutpostMode } from "../config/cluster-schema";
import { addonVersionsFor } from "../config/kubernetes-versions";
import { EbsCsiDriverChart } from "../constructs/addons/aws-ebs-csi-driver";
import { KarpenterCrds } from "../constructs/addons/karpenter/chart";
import { PostgresDatabase } from "../constructs/database/postgres-database";
import { defaultServiceCidrFor, EksCluster } from "../constructs/eks/eks-cluster";
import { ManagedAddons } from "../constructs/eks/managed-addons";
import {
  CRITICAL_ADDONS_TAINT,
  OUTPOST_NODE_LABELS,
  SYSTEM_NODE_LABELS,
} from "../constructs/eks/node-labels";
import { SelfManagedNodes } from "../constructs/eks/self-managed-nodes";
import { SystemNodeGroup } from "../constructs/eks/system-node-group";
import { ClusterViewerRole } from "../constructs/kubernetes/cluster-viewer-role";
import { AwsAuthConfigMap, CLUSTER_VIEWERS_GROUP } from "../constructs/kubernetes/aws-auth";
import { configureClusterProviders, type ClusterProviders } from "../constructs/kubernetes/cluster-providers";
import { EbsStorageClass } from "../constructs/kubernetes/ebs-storage-class";
import { createEksKeys, type EksKeys } from "./eks-keys";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";
import type { NetworkStack } from "./network-stack";
import { environmentTags } from "./tags";

/** What `<env>-eks` receives. */
export interface EksStackProps extends EnvironmentStackProps {
  /** The environment's network stack (VPC, subnets, logs key). */
  readonly network: NetworkStack;
}

/**
 * `<env>-eks`: the cluster in the environment's mode (regional, Outpost-extended, Outpost-local),
 * its keys, nodes, add-ons, default StorageClass and, where the database is `rds`, the platform
 * PostgreSQL.
 */
export class EksStack extends EnvironmentStack {
  public readonly cluster: EksCluster;
  public readonly keys: EksKeys;
  public readonly providers: ClusterProviders;
  public readonly systemNodes?: SystemNodeGroup;
  public readonly outpostNodes?: SelfManagedNodes;
  public readonly database?: PostgresDatabase;
  public readonly karpenterCrds?: KarpenterCrds;

  constructor(scope: Construct, props: EksStackProps) {
    super(scope, "eks", props);
    const env = this.env;
    const config = env.cluster;
    if (config.mode === "kubeconfig")
      throw new Error(`environment "${env.name}": kubeconfig mode has no eks stack`);
    this.addDependency(props.network);
    const network = props.network.network;
    const outpostSubnet = network.outpostSubnet;
    const local = config.mode === "outpost-local";
    const onOutpost = isOutpostMode(config.mode);
    if (onOutpost && (!outpostSubnet || !env.outpost)) {
      throw new Error(
        `environment "${env.name}": ${config.mode} needs the Outpost subnet of the network stack`,
      );
    }
    const logsKmsKeyArn = props.network.logsKey.key.arn;
    const instanceTags = environmentTags(env);
    this.keys = createEksKeys(this, env);

    this.cluster = new EksCluster(this, "Cluster", {
      clusterName: env.clusterName,
      kubernetesVersion: config.kubernetesVersion,
      vpcId: network.vpc.id,
      controlPlaneSubnetIds:
        local && outpostSubnet ? [outpostSubnet.id] : network.subnets.intra.map((s) => s.id),
      accountId: env.accountId,
      region: env.region,
      adminPrincipalArns: config.adminPrincipalArns,
      viewerPrincipalArns: config.viewerPrincipalArns,
      logRetentionInDays: config.logRetentionDays,
      logsKmsKeyArn,
      secretsKmsKeyArn: this.keys.secrets?.key.arn,
      endpointPublicAccess: config.endpointPublicAccess,
      publicAccessCidrs: config.mode === "outpost-local" ? undefined : config.publicAccessCidrs,
      deletionProtection: env.production,
      upgradePolicy: config.mode === "outpost-local" ? undefined : config.upgradePolicy,
      apiClientCidrs: [...(env.network ? [env.network.cidr] : []), ...config.apiClientCidrs],
      localServiceCidrFallback: local && env.network ? defaultServiceCidrFor(env.network.cidr) : undefined,
      localCluster:
        config.mode === "outpost-local" && env.outpost
          ? {
              outpostArn: env.outpost.arn,
              controlPlaneInstanceType: config.controlPlane.instanceType,
              expectedNodeCount: config.controlPlane.maxNodeCount ?? env.outpost.nodes.maxSize,
              placementGroupName: config.controlPlane.placementGroup,
            }
          : undefined,
    });
    const nodeSecurityGroupId = this.cluster.securityGroups.nodeSecurityGroup.id;
    const adminAccess = this.cluster.adminAccess;

    let ebsCsiReady: ITerraformDependable[] = [];
    if (config.mode !== "outpost-local") {
      const oidc = this.cluster.oidcProvider;
      if (!oidc) throw new Error("a regional control plane has an OIDC provider");
      const addonsScope = { clusterName: env.clusterName, region: env.region };
      this.systemNodes = new SystemNodeGroup(this, "SystemNodes", {
        ...addonsScope,
        subnetIds: network.subnets.private.map((s) => s.id),
        securityGroupIds: [nodeSecurityGroupId],
        kmsKeyArn: this.keys.ebs.key.arn,
        ...config.systemNodeGroup,
        metadataHopLimit: config.metadataHopLimit,
        instanceTags,
      });
      const addons = new ManagedAddons(this, "Addons", {
        ...addonsScope,
        versions: addonVersionsFor(config.kubernetesVersion, config.addonVersions),
        oidcProvider: { arn: oidc.arn, issuerUrl: this.cluster.cluster.identity.get(0).oidc.get(0).issuer },
        systemNodeLabels: SYSTEM_NODE_LABELS,
        cluster: this.cluster.cluster,
        computeDependencies: [this.systemNodes.nodeGroup],
      });
      // Nodes need the CNI and kube-proxy before they can become Ready.
      this.systemNodes.nodeGroup.dependsOn = [
        ...(this.systemNodes.nodeGroup.dependsOn ?? []),
        ...addons.beforeCompute.map((addon) => dependable(addon)),
      ];
      ebsCsiReady = [addons.addons.ebsCsiDriver];
    }

    if (onOutpost && outpostSubnet && env.outpost) {
      const nodes = env.outpost.nodes;
      this.outpostNodes = new SelfManagedNodes(this, "OutpostNodes", {
        name: "outpost",
        clusterName: env.clusterName,
        cluster: this.cluster.cluster,
        kubernetesVersion: config.kubernetesVersion,
        subnetIds: [outpostSubnet.id],
        securityGroupIds: [nodeSecurityGroupId],
        kmsKeyArn: this.keys.ebs.key.arn,
        region: env.region,
        instanceType: nodes.instanceType,
        rootVolumeType: nodes.rootVolumeType,
        rootVolumeSizeGiB: nodes.rootVolumeSizeGiB,
        minSize: nodes.minSize,
        desiredSize: nodes.desiredSize,
        maxSize: nodes.maxSize,
        amiReleaseVersion: nodes.amiReleaseVersion,
        metadataHopLimit: nodes.metadataHopLimit,
        accessEntry: !local,
        addonPoliciesOnNodeRole: local,
        instanceTags,
        join: {
          clusterName: this.cluster.cluster.name,
          apiServerEndpoint: this.cluster.cluster.endpoint,
          certificateAuthority: this.cluster.certificateAuthorityData,
          serviceCidr: this.cluster.serviceCidr,
          labels: OUTPOST_NODE_LABELS,
          outpostClusterId: local ? this.cluster.cluster.clusterId : undefined,
        },
      });
    }

    this.providers = configureClusterProviders(
      this,
      {
        clusterName: this.cluster.cluster.name,
        endpoint: this.cluster.cluster.endpoint,
        certificateAuthorityData: this.cluster.certificateAuthorityData,
        region: env.region,
        localClusterId: local ? this.cluster.cluster.clusterId : undefined,
      },
      // Helm installs the EBS CSI driver on a local cluster and Karpenter's CRDs where it runs.
      { helm: local || env.karpenter.enabled },
    );
    if (env.karpenter.enabled && this.providers.helm) {
      this.karpenterCrds = new KarpenterCrds(this, "KarpenterCrds", {
        provider: this.providers.helm,
        version: env.karpenter.chartVersion,
        dependsOn: adminAccess,
      });
    }

    if (local && this.outpostNodes && this.providers.helm) {
      const awsAuth = new AwsAuthConfigMap(this, "AwsAuth", {
        provider: this.providers.kubernetes,
        nodeRoleArns: [this.outpostNodes.role.role.role.arn],
        adminPrincipalArns: config.adminPrincipalArns,
        viewerPrincipalArns: config.viewerPrincipalArns,
        dependsOn: [this.cluster.cluster],
      });
      if (config.viewerPrincipalArns.length > 0) {
        new ClusterViewerRole(this, "ClusterViewers", {
          provider: this.providers.kubernetes,
          group: CLUSTER_VIEWERS_GROUP,
          dependsOn: [this.cluster.cluster],
        });
      }
      const chart = new EbsCsiDriverChart(this, "EbsCsiDriver", {
        provider: this.providers.helm,
        region: env.region,
        controllerNodeSelector: OUTPOST_NODE_LABELS,
        controllerTolerations: [{ key: CRITICAL_ADDONS_TAINT.key, operator: "Exists" }],
        dependsOn: [awsAuth.configMap, this.outpostNodes.autoScalingGroup],
      });
      ebsCsiReady = [chart.release];
    }

    new EbsStorageClass(this, "DefaultStorageClass", {
      name: onOutpost ? "gp2-encrypted" : "gp3",
      volumeType: onOutpost ? "gp2" : "gp3",
      kmsKeyArn: this.keys.ebs.key.arn,
      provider: this.providers.kubernetes,
      reclaimPolicy: env.production ? "Retain" : "Delete",
      dependsOn: [...adminAccess, ...ebsCsiReady],
    });

    const rds = env.data.rds;
    if (env.data.database === "rds" && rds && this.keys.database) {
      if (onOutpost) new RandomProvider(this, "random");
      this.database = new PostgresDatabase(this, "Database", {
        identifier: `${env.resourcePrefix}-platform`,
        vpcId: network.vpc.id,
        subnetIds: onOutpost && outpostSubnet ? [outpostSubnet.id] : network.subnets.private.map((s) => s.id),
        clientSecurityGroupIds: [nodeSecurityGroupId],
        kmsKeyArn: this.keys.database.key.arn,
        engineVersion: rds.engineVersion,
        instanceClass: rds.instanceClass,
        allocatedStorageGiB: rds.allocatedStorageGiB,
        maxAllocatedStorageGiB: onOutpost ? undefined : rds.maxAllocatedStorageGiB,
        storageType: rds.storageType ?? (onOutpost ? "gp2" : "gp3"),
        iops: rds.iops,
        storageThroughput: rds.storageThroughput,
        backupRetentionDays: rds.backupRetentionDays,
        multiAz: rds.multiAz,
        protectFromDeletion: env.production,
        logsKmsKeyArn,
        logRetentionDays: config.logRetentionDays,
        outpost: onOutpost ? { backupTarget: rds.backupTarget } : undefined,
      });
    }
    this.addOutputs();
  }

  private addOutputs(): void {
    const cluster = this.cluster.cluster;
    const output = (id: string, value: unknown, description: string, sensitive = false) =>
      new TerraformOutput(this, id, { value, description, sensitive });
    output("cluster_name", cluster.name, "EKS cluster name");
    output("cluster_endpoint", cluster.endpoint, "Kubernetes API endpoint");
    output(
      "cluster_certificate_authority_data",
      this.cluster.certificateAuthorityData,
      "Cluster CA (base64)",
    );
    output(
      "cluster_security_group_id",
      this.cluster.securityGroups.clusterSecurityGroup.id,
      "Additional security group of the control plane",
    );
    output(
      "node_security_group_id",
      this.cluster.securityGroups.nodeSecurityGroup.id,
      "Security group of every node",
    );
    if (this.cluster.oidcProvider)
      output("oidc_provider_arn", this.cluster.oidcProvider.arn, "IAM OIDC provider (IRSA)");
    if (this.cluster.cluster.outpostConfigInput)
      output("cluster_id", cluster.clusterId, "Local cluster id (aws eks get-token --cluster-id)");
    const nodeRoles: Record<string, string> = {};
    if (this.systemNodes) nodeRoles.system = this.systemNodes.role.role.role.arn;
    if (this.outpostNodes) nodeRoles.outpost = this.outpostNodes.role.role.role.arn;
    output("node_role_arns", nodeRoles, "Node IAM roles by node group");
    if (this.database) {
      output("database_endpoint", this.database.instance.address, "Platform PostgreSQL host");
      output("database_port", this.database.instance.port, "Platform PostgreSQL port");
      output(
        "database_secret_arn",
        this.database.masterSecretArn,
        "Secrets Manager secret of the master credentials",
      );
    }
  }
}
