import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { chartRelease, type ChartRelease } from "../../helm/chart-release";
import { CLUSTER_RBAC, API_SERVICES } from "../../helm/chart-footprint";
import type { ApplicationCatalogue } from "../../gitops/application-catalogue";
import type { Placement } from "../common/placement";
import type { SizeProfile } from "../common/size-profile";
import { METRICS_SERVER_CHART, METRICS_SERVER_RELEASE_NAME } from "./chart";
import { metricsServerValues } from "./values";

/** Properties of {@link MetricsServer}. */
export interface MetricsServerProps {
  /** Helm provider of the cluster. */
  readonly provider: HelmProvider;
  /**
   * Argo CD catalogue that delivers the chart as an Application instead of a `helm_release`.
   * @default a Terraform `helm_release`
   */
  readonly gitOps?: ApplicationCatalogue;
  /** Namespace of the release; `kube-system` (METRICS_SERVER_NAMESPACE) by convention. */
  readonly namespace: string;
  /** Size profile of the environment. */
  readonly profile: SizeProfile;
  /** Nodes of the Deployment: the `system` nodes on EKS, anywhere on a brought cluster. */
  readonly placement: Placement;
  /**
   * What must exist first.
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/**
 * metrics-server (chart 3.13.1): the resource metrics API (`metrics.k8s.io`) that
 * HorizontalPodAutoscalers and `kubectl top` read. Kubelet certificates are verified (the chart's
 * default arguments, no `--kubelet-insecure-tls`): the kubelets' serving certificates must be
 * signed by the cluster CA, as they are on EKS.
 */
export class MetricsServer extends Construct {
  public readonly release: ChartRelease;

  constructor(scope: Construct, id: string, props: MetricsServerProps) {
    super(scope, id);
    this.release = chartRelease(
      this,
      "Release",
      {
        provider: props.provider,
        pin: METRICS_SERVER_CHART,
        footprint: { clusterResources: [...CLUSTER_RBAC, API_SERVICES] },
        releaseName: METRICS_SERVER_RELEASE_NAME,
        namespace: props.namespace,
        values: metricsServerValues(props),
        dependsOn: props.dependsOn,
      },
      props.gitOps,
    );
  }
}
