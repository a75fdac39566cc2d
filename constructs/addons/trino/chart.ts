import type { ChartPin } from "../../helm/helm-chart";

/** The Trino community chart 1.42.2 (`trinodb/charts`), whose appVersion is Trino 480. */
export const TRINO_CHART: ChartPin = {
  repository: "https://trinodb.github.io/charts",
  chart: "trino",
  /** The release the values check of the tests reads (../shared/schemas/trino/values.yaml). */
  version: "1.42.2",
};

/**
 * The server image, pinned to the chart's appVersion in the values so a chart bump never changes
 * the Trino version by itself (the chart's `image.tag` default is empty: the appVersion).
 */
export const TRINO_IMAGE = { repository: "trinodb/trino", tag: "480" } as const;

/** Namespace of the release. */
export const TRINO_NAMESPACE = "trino";

/**
 * Release name: it equals the chart name, so the chart's fullname is `trino` (no `trino-trino`):
 * coordinator Deployment and Service `trino`, worker Deployment `trino-worker`.
 */
export const TRINO_RELEASE_NAME = "trino";

/** The coordinator's Service (the chart's fullname) and, by Prometheus' `service` label, its metrics. */
export const TRINO_COORDINATOR_SERVICE = "trino";

/** The worker Deployment the chart's ScaledObject targets (`<fullname>-worker`). */
export const TRINO_WORKER_DEPLOYMENT = "trino-worker";

/**
 * The service account of the coordinator and the workers. The object store's IAM role (Pod
 * Identity or IRSA) is bound to this name in {@link TRINO_NAMESPACE}; the chart creates it
 * (`serviceAccount.create` + `serviceAccount.name`, templates/_helpers.tpl `trino.serviceAccountName`)
 * and both Deployments run as it.
 */
export const TRINO_SERVICE_ACCOUNT = "trino";

/** Port of the coordinator's HTTP Service (`service.port`, the chart default). */
export const TRINO_HTTP_PORT = 8080;

/** Name of the Iceberg catalog (`iceberg.<schema>.<table>` in SQL). */
export const ICEBERG_CATALOG_NAME = "iceberg";

/** In-cluster URL of the coordinator in `namespace`. */
export function trinoUrl(namespace: string): string {
  return `http://${TRINO_COORDINATOR_SERVICE}.${namespace}.svc:${TRINO_HTTP_PORT}`;
}
