import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { chartRelease, type ChartRelease } from "../../helm/chart-release";
import { CRDS, CLUSTER_RBAC, VALIDATING_WEBHOOKS, API_SERVICES } from "../../helm/chart-footprint";
import type { ApplicationCatalogue } from "../../gitops/application-catalogue";
import type { Placement } from "../common/placement";
import type { SizeProfile } from "../common/size-profile";
import { KEDA_CHART, KEDA_RELEASE_NAME } from "./chart";
import { kedaValues } from "./values";

/** Properties of {@link Keda}. */
export interface KedaProps {
  /** Helm provider of the cluster. */
  readonly provider: HelmProvider;
  /**
   * Argo CD catalogue that delivers the chart as an Application instead of a `helm_release`.
   * @default a Terraform `helm_release`
   */
  readonly gitOps?: ApplicationCatalogue;
  /** Namespace of the release (created beforehand); `keda` (KEDA_NAMESPACE) by convention. */
  readonly namespace: string;
  /** Size profile of the environment. */
  readonly profile: SizeProfile;
  /** Nodes of KEDA's Deployments: the `system` nodes on EKS, anywhere on a brought cluster. */
  readonly placement: Placement;
  /**
   * What must exist first (the namespace; with `serviceMonitor`, the kube-prometheus-stack release
   * that installs the ServiceMonitor CRD).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /**
   * Expose KEDA's metrics with ServiceMonitors labelled for the platform's Prometheus.
   * @default false
   */
  readonly serviceMonitor?: boolean;
}

/**
 * KEDA (`kedacore/keda` 2.20.2): the operator, the external metrics API server and the admission
 * webhooks, with the chart's CRDs (ScaledObject, ScaledJob, TriggerAuthentication…) and
 * self-generated certificates.
 */
export class Keda extends Construct {
  public readonly release: ChartRelease;

  constructor(scope: Construct, id: string, props: KedaProps) {
    super(scope, id);
    this.release = chartRelease(
      this,
      "Release",
      {
        provider: props.provider,
        pin: KEDA_CHART,
        footprint: {
          namespaces: ["kube-system"],
          clusterResources: [CRDS, ...CLUSTER_RBAC, VALIDATING_WEBHOOKS, API_SERVICES],
        },
        releaseName: KEDA_RELEASE_NAME,
        namespace: props.namespace,
        values: kedaValues(props),
        dependsOn: props.dependsOn,
      },
      props.gitOps,
    );
  }
}
