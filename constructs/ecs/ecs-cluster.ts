import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster as EcsClusterResource } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";
import type { EcsCapacity } from "./ecs-capacity";

/** Properties of {@link EcsCluster}. */
export interface EcsClusterProps {
  /** Cluster name. */
  readonly clusterName: string;
  /** Days the cluster's log groups keep their logs (one of CloudWatch's values). */
  readonly logRetentionDays: number;
  /** KMS key of the log groups; its policy must admit CloudWatch Logs of the region. */
  readonly logsKmsKeyArn: string;
}

/**
 * An ECS cluster with Container Insights, its performance log group created beforehand (so it has a
 * retention and a key, not the service's forever-kept default). No ECS Exec: a shell on an instance is
 * Session Manager's. Capacity is attached with {@link useCapacity}.
 */
export class EcsCluster extends Construct {
  public readonly cluster: EcsClusterResource;
  public readonly insightsLogGroup: CloudwatchLogGroup;
  private capacityProviders?: EcsClusterCapacityProviders;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    const logGroup = (logicalId: string, name: string) =>
      new CloudwatchLogGroup(this, logicalId, {
        name,
        retentionInDays: props.logRetentionDays,
        kmsKeyId: props.logsKmsKeyArn,
      });
    this.insightsLogGroup = logGroup(
      "InsightsLogGroup",
      `/aws/ecs/containerinsights/${props.clusterName}/performance`,
    );
    this.cluster = new EcsClusterResource(this, "Resource", {
      name: props.clusterName,
      setting: [{ name: "containerInsights", value: "enabled" }],
      dependsOn: [this.insightsLogGroup],
    });
  }

  /**
   * Attaches capacity providers: `primary` is the default strategy (services and tasks that name
   * none run there), `others` are available to those that ask. Call once.
   */
  public useCapacity(
    primary: EcsCapacity,
    others: ReadonlyArray<EcsCapacity> = [],
  ): EcsClusterCapacityProviders {
    if (this.capacityProviders) throw new ValidationError("useCapacity may be called once", this);
    this.capacityProviders = new EcsClusterCapacityProviders(this, "CapacityProviders", {
      clusterName: this.cluster.name,
      capacityProviders: [primary, ...others].map((c) => c.capacityProvider.name),
      defaultCapacityProviderStrategy: [
        { capacityProvider: primary.capacityProvider.name, weight: 1, base: 0 },
      ],
    });
    return this.capacityProviders;
  }
}
