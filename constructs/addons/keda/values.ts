import { type Placement, placementValues } from "../common/placement";
import { type ContainerResources, type SizeProfile, sized } from "../common/size-profile";
import { MONITOR_SELECTOR_LABEL } from "../kube-prometheus-stack/chart";

/** What {@link kedaValues} needs. */
export interface KedaValuesProps {
  /** Size profile: every request and limit goes through {@link sized}. */
  readonly profile: SizeProfile;
  /** Nodes of the operator, the metrics API server and the admission webhooks. */
  readonly placement: Placement;
  /**
   * ServiceMonitors for the operator, the metrics API server and the webhooks, labelled for the
   * platform's Prometheus (the ServiceMonitor CRD must exist first).
   * @default false
   */
  readonly serviceMonitor?: boolean;
}

/** Requests and limits of the three KEDA containers in the `standard` profile (the chart's limits). */
const STANDARD_RESOURCES: Readonly<Record<"operator" | "metricServer" | "webhooks", ContainerResources>> = {
  operator: { requests: { cpu: "100m", memory: "200Mi" }, limits: { cpu: "1", memory: "1000Mi" } },
  metricServer: { requests: { cpu: "100m", memory: "100Mi" }, limits: { cpu: "1", memory: "1000Mi" } },
  webhooks: { requests: { cpu: "50m", memory: "100Mi" }, limits: { cpu: "1", memory: "1000Mi" } },
};

function metricsOf(enabled: boolean): Record<string, unknown> {
  return {
    enabled,
    serviceMonitor: { enabled, ...(enabled ? { additionalLabels: { ...MONITOR_SELECTOR_LABEL } } : {}) },
  };
}

/**
 * Values of the KEDA chart: sized resources, the placement on every Deployment (the chart's
 * top-level `nodeSelector`/`tolerations` apply to the operator, the metrics API server and the
 * webhooks), admission webhooks on (the chart default), metrics and ServiceMonitors when asked.
 * Every key exists in the chart's values.yaml (checked in the tests).
 */
export function kedaValues(props: KedaValuesProps): Record<string, unknown> {
  const monitored = props.serviceMonitor ?? false;
  const { operator, metricServer, webhooks } = STANDARD_RESOURCES;
  return {
    ...placementValues(props.placement),
    resources: {
      operator: sized(props.profile, operator),
      metricServer: sized(props.profile, metricServer),
      webhooks: sized(props.profile, webhooks),
    },
    webhooks: { enabled: true },
    prometheus: {
      operator: metricsOf(monitored),
      metricServer: metricsOf(monitored),
      webhooks: metricsOf(monitored),
    },
  };
}
