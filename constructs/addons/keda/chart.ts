import type { ChartPin } from "../../helm/helm-chart";

/** KEDA 2.20.2 (`kedacore/keda`); the images are the ones the chart pins (its appVersion). */
export const KEDA_CHART: ChartPin = {
  repository: "https://kedacore.github.io/charts",
  chart: "keda",
  version: "2.20.2",
};

/** Namespace of the release. */
export const KEDA_NAMESPACE = "keda";

/** Release name. */
export const KEDA_RELEASE_NAME = "keda";
