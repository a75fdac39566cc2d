import { type Placement, placementValues } from "../common/placement";
import { type ContainerResources, type SizeProfile, sized } from "../common/size-profile";

/** What {@link metricsServerValues} needs. */
export interface MetricsServerValuesProps {
  /** Size profile: every request and limit goes through {@link sized}. */
  readonly profile: SizeProfile;
  /** Nodes of the Deployment. */
  readonly placement: Placement;
}

/** The chart's requests, and a memory limit (metrics-server grows with the number of pods). */
const STANDARD_RESOURCES: ContainerResources = {
  requests: { cpu: "100m", memory: "200Mi" },
  limits: { memory: "400Mi" },
};

/**
 * Values of the metrics-server chart: sized resources and the placement. The chart's default
 * arguments are kept: kubelets are reached over verified TLS (no `--kubelet-insecure-tls`).
 * Every key exists in the chart's values.yaml (checked in the tests).
 */
export function metricsServerValues(props: MetricsServerValuesProps): Record<string, unknown> {
  return {
    ...placementValues(props.placement),
    resources: sized(props.profile, STANDARD_RESOURCES),
  };
}
