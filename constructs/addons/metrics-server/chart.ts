import type { ChartPin } from "../../helm/helm-chart";

/** metrics-server chart 3.13.1 (metrics-server 0.8.1, the image the chart pins). */
export const METRICS_SERVER_CHART: ChartPin = {
  repository: "https://kubernetes-sigs.github.io/metrics-server",
  chart: "metrics-server",
  version: "3.13.1",
};

/** Namespace of the release: `kube-system`, where the resource metrics API is conventionally served from. */
export const METRICS_SERVER_NAMESPACE = "kube-system";

/** Release name. */
export const METRICS_SERVER_RELEASE_NAME = "metrics-server";
