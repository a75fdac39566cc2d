import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { HelmChart } from "../../helm/helm-chart";

/** Karpenter's charts: the controller and its CRDs, same repository and version. */
export const KARPENTER_CHART = {
  repository: "oci://public.ecr.aws/karpenter",
  chart: "karpenter",
  crdChart: "karpenter-crd",
  /** The release the CRD schemas of the tests come from (../shared/schemas/karpenter). */
  version: "1.14.1",
} as const;
/** Namespace of the controller: Karpenter's API priority and fairness flow schemas expect it. */
export const KARPENTER_NAMESPACE = "kube-system";
/** Service account of the controller, named explicitly so its Pod Identity association matches. */
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";

/** Properties of {@link KarpenterCrds}. */
export interface KarpenterCrdsProps {
  /** Helm provider of the cluster. */
  readonly provider: HelmProvider;
  /** Chart version, the same as the controller's. */
  readonly version: string;
  /**
   * What must exist first (the access entries that let Terraform in).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/**
 * Karpenter's CRDs (NodePool, NodeClaim, EC2NodeClass…) from the `karpenter-crd` chart, as
 * Karpenter's upgrade guide recommends: Helm never upgrades CRDs shipped in a chart's `crds/`
 * folder, this chart does. They belong in the layer before the one that declares NodePools, because
 * the kubernetes provider reads a custom resource's schema from the cluster when it plans.
 */
export class KarpenterCrds extends Construct {
  public readonly release: HelmChart;

  constructor(scope: Construct, id: string, props: KarpenterCrdsProps) {
    super(scope, id);
    this.release = new HelmChart(this, "Resource", {
      provider: props.provider,
      pin: {
        repository: KARPENTER_CHART.repository,
        chart: KARPENTER_CHART.crdChart,
        version: props.version,
      },
      releaseName: "karpenter-crd",
      namespace: KARPENTER_NAMESPACE,
      dependsOn: props.dependsOn,
    });
  }
}
