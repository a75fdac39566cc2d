import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { HelmChart, type ChartPin } from "../../helm/helm-chart";

/** The chart, pinned: driver v1.52.1 (the version of the managed add-on in the region). */
export const EBS_CSI_DRIVER_CHART: ChartPin = {
  repository: "https://kubernetes-sigs.github.io/aws-ebs-csi-driver",
  chart: "aws-ebs-csi-driver",
  version: "2.52.1",
};

/** Properties of {@link EbsCsiDriverChart}. */
export interface EbsCsiDriverChartProps {
  /** Helm provider of the cluster. */
  readonly provider: HelmProvider;
  /** Region of the cluster (the controller must not depend on IMDS to learn it). */
  readonly region: string;
  /** Labels of the nodes where the controller runs. */
  readonly controllerNodeSelector: Readonly<Record<string, string>>;
  /**
   * Taints the controller tolerates.
   * @default none
   */
  readonly controllerTolerations?: ReadonlyArray<Readonly<Record<string, string>>>;
  /**
   * Controller replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * What must exist first (nodes, the ConfigMap that lets them join).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

const DEFAULT_REPLICAS = 2;

/** Values of the chart: controller placement and region; credentials from the node's instance profile. */
export function ebsCsiDriverValues(
  props: Omit<EbsCsiDriverChartProps, "provider" | "dependsOn">,
): Record<string, unknown> {
  return {
    controller: {
      region: props.region,
      replicaCount: props.replicas ?? DEFAULT_REPLICAS,
      nodeSelector: { ...props.controllerNodeSelector },
      tolerations: [...(props.controllerTolerations ?? [])],
    },
    node: { tolerateAllTaints: true },
  };
}

/**
 * The EBS CSI driver as a Helm release, for clusters without the EKS add-ons API (local clusters on
 * Outposts): no IRSA or Pod Identity there, so the driver uses the node role's permissions.
 */
export class EbsCsiDriverChart extends Construct {
  public readonly release: HelmChart;

  constructor(scope: Construct, id: string, props: EbsCsiDriverChartProps) {
    super(scope, id);
    this.release = new HelmChart(this, "Resource", {
      provider: props.provider,
      pin: EBS_CSI_DRIVER_CHART,
      releaseName: "aws-ebs-csi-driver",
      namespace: "kube-system",
      values: ebsCsiDriverValues(props),
      // Outpost nodes may still be joining when the release is installed.
      timeoutSeconds: 900,
      dependsOn: props.dependsOn,
    });
  }
}
