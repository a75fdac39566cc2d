import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { architectureOf } from "../config/catalogue/instance-types";
import type { EnvironmentConfig } from "../config/define";
import { bucketAccessByName } from "../constructs/ecs/bucket-access";
import { ContainerInstanceRole } from "../constructs/ecs/container-instance-role";
import { EcsCapacity } from "../constructs/ecs/ecs-capacity";
import { EcsCluster } from "../constructs/ecs/ecs-cluster";
import { InstanceSecurityGroup } from "../constructs/ecs/instance-security-group";
import { SPARK_IMAGE } from "../constructs/ecs/spark-image";
import { SparkStandalone } from "../constructs/ecs/spark-standalone";
import { ebsThroughEc2Statement } from "../constructs/kms/ebs-through-ec2-statement";
import { EncryptionKey } from "../constructs/kms/encryption-key";
import { SPARK_APPLICATION } from "./data-layout";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";
import type { NetworkStack } from "./network-stack";
import { environmentTags } from "./tags";

/** What `<env>-ecs` receives. */
export interface EcsStackProps extends EnvironmentStackProps {
  /** The environment's network stack (VPC, private and Outpost subnets, logs key). */
  readonly network: NetworkStack;
}

/**
 * The Spark buckets of `<env>-data`, by the names {@link DataBuckets} gives them
 * (`<prefix>-<bucket>-<account>`), with the access Spark's jobs have on EKS. Named, not read from the
 * data stack: `<env>-ecs` depends on the network only and deploys before or without `<env>-data`.
 */
function sparkBuckets(env: EnvironmentConfig): Record<string, "read" | "read-write"> {
  return Object.fromEntries(
    Object.entries(SPARK_APPLICATION.buckets).map(([logical, access]) => [
      `${env.resourcePrefix}-${logical}-${env.accountId}`,
      access,
    ]),
  );
}

/**
 * `<env>-ecs`: an ECS cluster (Container Insights) on EC2 capacity — ECS-optimised AL2023 instances
 * in the private subnets, and optionally on the Outpost rack — running Spark standalone, a master
 * and workers that find it through Cloud Map.
 */
export class EcsStack extends EnvironmentStack {
  public readonly key: EncryptionKey;
  public readonly cluster: EcsCluster;
  public readonly capacity: EcsCapacity;
  public readonly rackCapacity?: EcsCapacity;
  public readonly spark: SparkStandalone;

  constructor(scope: Construct, props: EcsStackProps) {
    super(scope, "ecs", props);
    const env = this.env;
    const ecs = env.ecs;
    const vpc = env.network;
    if (!ecs.enabled || env.cluster.mode === "kubeconfig" || !vpc) {
      throw new Error(`environment "${env.name}": the ecs stack needs ecs.enabled and a network of its own`);
    }
    this.addDependency(props.network);
    new RandomProvider(this, "random");
    const network = props.network.network;
    const clusterName = `${env.resourcePrefix}-ecs`;
    const common = { accountId: env.accountId, region: env.region, preventDestroy: env.production };

    this.key = new EncryptionKey(this, "EcsKey", {
      ...common,
      description: `ECS cluster ${clusterName}: instance volumes and the Spark secret`,
      aliasName: `${env.resourcePrefix}-ecs`,
      additionalStatements: [ebsThroughEc2Statement(env.accountId, env.region)],
    });
    this.cluster = new EcsCluster(this, "Cluster", {
      clusterName,
      logRetentionDays: ecs.logRetentionDays,
      logsKmsKeyArn: props.network.logsKey.key.arn,
    });
    const role = new ContainerInstanceRole(this, "InstanceRole", {
      roleName: `${clusterName}-instance`,
      clusterName,
      region: env.region,
    });
    const instances = new InstanceSecurityGroup(this, "InstanceSecurityGroup", {
      name: `${clusterName}-instances`,
      vpcId: network.vpc.id,
    });
    const shared = {
      clusterName,
      securityGroupIds: [instances.securityGroup.id],
      instanceProfileArn: role.instanceProfile.arn,
      dependsOn: [...role.role.grants, this.cluster.cluster],
      kmsKeyArn: this.key.key.arn,
      targetCapacityPercent: ecs.targetCapacityPercent,
      instanceTags: environmentTags(env),
    };
    this.capacity = new EcsCapacity(this, "Capacity", {
      ...shared,
      name: `${clusterName}-regional`,
      subnetIds: network.subnets.private.map((s) => s.id),
      instanceType: ecs.instanceType,
      architecture: architectureOf(ecs.instanceType) ?? "x86_64",
      rootVolumeSizeGiB: ecs.rootVolumeSizeGiB,
      minSize: ecs.minSize,
      desiredSize: ecs.desiredSize,
      maxSize: ecs.maxSize,
    });
    const rack = ecs.outpost;
    const outpostSubnet = network.outpostSubnet;
    if (rack?.enabled && env.cluster.mode === "outpost-extended" && outpostSubnet) {
      // On-Demand (an Outpost sells no Spot), gp2 (the rack's only EBS type), the Outpost subnet.
      this.rackCapacity = new EcsCapacity(this, "RackCapacity", {
        ...shared,
        name: `${clusterName}-outpost`,
        subnetIds: [outpostSubnet.id],
        instanceType: rack.instanceType,
        architecture: architectureOf(rack.instanceType) ?? "x86_64",
        rootVolumeType: "gp2",
        rootVolumeSizeGiB: rack.rootVolumeSizeGiB,
        minSize: rack.minSize,
        desiredSize: rack.desiredSize,
        maxSize: rack.maxSize,
      });
    }
    const attached = this.cluster.useCapacity(this.capacity, this.rackCapacity ? [this.rackCapacity] : []);

    const spark = ecs.spark;
    this.spark = new SparkStandalone(this, "Spark", {
      name: clusterName,
      clusterArn: this.cluster.cluster.arn,
      capacityProviderName: this.capacity.capacityProvider.name,
      capacityReady: [attached],
      accountId: env.accountId,
      region: env.region,
      vpcId: network.vpc.id,
      vpcCidr: vpc.cidr,
      subnetIds: network.subnets.private.map((s) => s.id),
      namespaceName: `${env.resourcePrefix}-spark.internal`,
      image: `${SPARK_IMAGE.repository}:${spark.imageTag}`,
      master: spark.master,
      workers: spark.workers,
      environment: spark.environment,
      // The Spark buckets and their key live in <env>-data: scoped by their deterministic names and
      // the key's alias (kms:ResourceAliases) used through S3 (kms:ViaService), see bucketAccessByName.
      taskRoleStatements: bucketAccessByName({
        accountId: env.accountId,
        region: env.region,
        buckets: sparkBuckets(env),
        keyAlias: `alias/${env.resourcePrefix}-data`,
      }),
      logRetentionDays: ecs.logRetentionDays,
      logsKmsKeyArn: props.network.logsKey.key.arn,
      secretsKmsKeyArn: this.key.key.arn,
      production: env.production,
    });

    const output = (id: string, value: unknown, description: string) =>
      new TerraformOutput(this, id, { value, description });
    output("cluster_name", this.cluster.cluster.name, "ECS cluster name");
    output("cluster_arn", this.cluster.cluster.arn, "ECS cluster ARN");
    output("spark_master_url", this.spark.masterUrl, "Spark master URL (from inside the VPC)");
    output(
      "spark_auth_secret_arn",
      this.spark.secret.secret.arn,
      "Secrets Manager secret of spark.authenticate.secret",
    );
    output(
      "spark_security_group_id",
      this.spark.securityGroup.securityGroup.id,
      "Security group of the Spark tasks",
    );
    output("spark_task_role_arn", this.spark.taskRole.role.arn, "IAM role of the Spark tasks");
  }
}
