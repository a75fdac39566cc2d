import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../../core/validation-error";
import { chartRelease, type ChartRelease } from "../../helm/chart-release";
import { CRDS, CLUSTER_RBAC, MUTATING_WEBHOOKS, VALIDATING_WEBHOOKS } from "../../helm/chart-footprint";
import type { ApplicationCatalogue } from "../../gitops/application-catalogue";
import { SPARK_OPERATOR_CHART, SPARK_OPERATOR_RELEASE_NAME } from "./chart";
import { sparkOperatorValues, type SparkOperatorValuesProps } from "./values";

/** Properties of {@link SparkOperator}. */
export interface SparkOperatorProps extends SparkOperatorValuesProps {
  /** Helm provider of the cluster. */
  readonly provider: HelmProvider;
  /**
   * Argo CD catalogue that delivers the chart as an Application instead of a `helm_release`.
   * @default a Terraform `helm_release`
   */
  readonly gitOps?: ApplicationCatalogue;
  /** Namespace of the release (created beforehand); `spark-operator` by convention. */
  readonly namespace: string;
  /**
   * What must exist first: both namespaces, the jobs' object-store grants, and with `podMonitor`
   * the kube-prometheus-stack release (the PodMonitor CRD).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/**
 * The Kubeflow Spark Operator (2.5.2): the controller that runs SparkApplications and
 * ScheduledSparkApplications of the jobs namespace, its admission webhook, and the drivers'
 * service account and Role in the jobs namespace.
 */
export class SparkOperator extends Construct {
  public readonly release: ChartRelease;

  constructor(scope: Construct, id: string, props: SparkOperatorProps) {
    super(scope, id);
    if (props.jobNamespace === props.namespace) {
      throw new ValidationError(
        `jobNamespace: expected a namespace other than the operator's (${props.namespace}), received ${props.jobNamespace}: jobs run there with the chart's Role`,
        this,
      );
    }
    this.release = chartRelease(
      this,
      "Release",
      {
        provider: props.provider,
        pin: SPARK_OPERATOR_CHART,
        footprint: {
          namespaces: [props.jobNamespace],
          clusterResources: [CRDS, ...CLUSTER_RBAC, MUTATING_WEBHOOKS, VALIDATING_WEBHOOKS],
        },
        releaseName: SPARK_OPERATOR_RELEASE_NAME,
        namespace: props.namespace,
        values: sparkOperatorValues(props),
        dependsOn: props.dependsOn,
      },
      props.gitOps,
    );
  }
}
