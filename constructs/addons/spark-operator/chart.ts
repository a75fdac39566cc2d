import type { ChartPin } from "../../helm/helm-chart";

/** Kubeflow Spark Operator 2.5.2 (`kubeflow/spark-operator`, tag v2.5.2). */
export const SPARK_OPERATOR_CHART: ChartPin = {
  repository: "https://kubeflow.github.io/spark-operator",
  chart: "spark-operator",
  version: "2.5.2",
};

/** The controller and webhook image tag, pinned to the chart's appVersion (the chart's `""` means "appVersion"). */
export const SPARK_OPERATOR_IMAGE_TAG = "2.5.2";

/** Namespace of the operator (controller and webhook). */
export const SPARK_OPERATOR_NAMESPACE = "spark-operator";

/** Release name. */
export const SPARK_OPERATOR_RELEASE_NAME = "spark-operator";

/** Namespace the operator watches: SparkApplications, their drivers and executors live there. */
export const SPARK_JOBS_NAMESPACE = "spark";

/**
 * Service account of drivers and executors in the jobs namespace, created by the chart with its
 * Role (pods, services, configmaps and PVCs: what a driver creates for its executors).
 */
export const SPARK_SERVICE_ACCOUNT = "spark";
