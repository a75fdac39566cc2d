import { type Placement, placementValues } from "../common/placement";
import { type ContainerResources, type SizeProfile, sized } from "../common/size-profile";
import { MONITOR_SELECTOR_LABEL } from "../kube-prometheus-stack/chart";
import { SPARK_OPERATOR_IMAGE_TAG } from "./chart";

/** What {@link sparkOperatorValues} needs. */
export interface SparkOperatorValuesProps {
  /** Size profile: every request and limit goes through {@link sized}. */
  readonly profile: SizeProfile;
  /** Nodes of the controller and the webhook. */
  readonly placement: Placement;
  /** The namespace the operator watches (created beforehand). */
  readonly jobNamespace: string;
  /** Service account of drivers and executors in that namespace. */
  readonly serviceAccountName: string;
  /**
   * Annotations of that service account (IRSA's `eks.amazonaws.com/role-arn`).
   * @default none
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /**
   * A PodMonitor labelled for the platform's Prometheus (the PodMonitor CRD must exist first).
   * @default false
   */
  readonly podMonitor?: boolean;
}

/** Requests and limits of the controller and the webhook in the `standard` profile. */
const STANDARD_RESOURCES: Readonly<Record<"controller" | "webhook", ContainerResources>> = {
  controller: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
  webhook: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
};

/**
 * Values of the spark-operator chart: the image pinned, one jobs namespace with the chart's
 * service account and Role for drivers, the mutating/validating webhook on (it mounts volumes and
 * sets pod templates the CRD's `driver`/`executor` fields ask for), controller and webhook sized
 * and placed, metrics on, a PodMonitor when asked. CRDs come from the chart's `crds/` folder on
 * install (Helm never upgrades them: see README). Every key exists in the chart's values.yaml.
 */
export function sparkOperatorValues(props: SparkOperatorValuesProps): Record<string, unknown> {
  const placement = placementValues(props.placement);
  const monitored = props.podMonitor ?? false;
  return {
    image: { tag: SPARK_OPERATOR_IMAGE_TAG },
    controller: { ...placement, resources: sized(props.profile, STANDARD_RESOURCES.controller) },
    webhook: {
      enable: true,
      failurePolicy: "Fail",
      ...placement,
      resources: sized(props.profile, STANDARD_RESOURCES.webhook),
    },
    spark: {
      jobNamespaces: [props.jobNamespace],
      serviceAccount: {
        create: true,
        name: props.serviceAccountName,
        ...(props.serviceAccountAnnotations ? { annotations: { ...props.serviceAccountAnnotations } } : {}),
      },
      rbac: { create: true },
    },
    prometheus: {
      metrics: { enable: true },
      podMonitor: { create: monitored, ...(monitored ? { labels: { ...MONITOR_SELECTOR_LABEL } } : {}) },
    },
  };
}
