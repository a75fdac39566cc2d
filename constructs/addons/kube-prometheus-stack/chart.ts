import type { ChartPin } from "../../helm/helm-chart";

/**
 * kube-prometheus-stack 88.5.3 (prometheus-operator v0.93.1, with kube-state-metrics 8.4.0,
 * prometheus-node-exporter 4.56.1 and grafana 12.11.1 as dependencies). The images are the ones the
 * chart pins by default.
 */
export const KUBE_PROMETHEUS_STACK_CHART: ChartPin = {
  repository: "https://prometheus-community.github.io/helm-charts",
  chart: "kube-prometheus-stack",
  version: "88.5.3",
};

/** Namespace of the release (Pod Security `baseline`: nothing in it needs the host). */
export const MONITORING_NAMESPACE = "monitoring";

/**
 * A namespace for node-exporter, which needs hostPID, hostNetwork and hostPath volumes: Pod Security
 * `privileged`, kept apart so that the monitoring namespace stays `baseline`.
 */
export const NODE_EXPORTER_NAMESPACE = "node-exporter";

/** Release name; the chart's default monitor selectors match it (`release: <release name>`). */
export const PROMETHEUS_RELEASE_NAME = "kube-prometheus-stack";

/**
 * The chart's `fullnameOverride`, set to what the chart derives for release `kube-prometheus-stack`
 * anyway, so the names of its objects (and the Prometheus Service) do not depend on the release name.
 */
export const KUBE_PROMETHEUS_STACK_FULLNAME = "kube-prometheus-stack";

/** The Prometheus Service: `<fullname>-prometheus` (templates/prometheus/service.yaml). */
export const PROMETHEUS_SERVICE_NAME = `${KUBE_PROMETHEUS_STACK_FULLNAME}-prometheus`;

/** Port of the Prometheus Service (`prometheus.service.port`, the chart default). */
export const PROMETHEUS_PORT = 9090;

/**
 * The label a ServiceMonitor, PodMonitor or PrometheusRule must carry for this Prometheus to select
 * it: the chart's default selectors (`*SelectorNilUsesHelmValues: true`) match `release: <release>`,
 * in every namespace.
 */
export const MONITOR_SELECTOR_LABEL: Readonly<Record<string, string>> = Object.freeze({
  release: PROMETHEUS_RELEASE_NAME,
});

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * In-cluster URL of Prometheus' HTTP API in `namespace`, for KEDA `prometheus` triggers and other
 * in-cluster clients: `http://kube-prometheus-stack-prometheus.<namespace>.svc:9090`.
 */
export function prometheusUrl(namespace: string): string {
  if (!DNS_LABEL.test(namespace)) {
    throw new Error(`prometheusUrl: expected a namespace name (DNS label), received "${namespace}"`);
  }
  return `http://${PROMETHEUS_SERVICE_NAME}.${namespace}.svc:${PROMETHEUS_PORT}`;
}
