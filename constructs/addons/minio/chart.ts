import type { ChartPin } from "../../helm/helm-chart";

/**
 * The community MinIO chart. MinIO's community edition is in maintenance mode (since December
 * 2025): the chart, the server image and the client image are pinned here, and every S3 consumer
 * is configured by endpoint, region, path-style access and credentials only, so the store can be
 * swapped for another S3-compatible one without touching the consumers.
 */
export const MINIO_CHART: ChartPin = {
  repository: "https://charts.min.io/",
  chart: "minio",
  /** The release the values check of the tests reads (../shared/schemas/minio/values.yaml). */
  version: "5.4.0",
};

/** The server image, as chart 5.4.0 defaults it, written in the values so a chart bump never changes it. */
export const MINIO_IMAGE = {
  repository: "quay.io/minio/minio",
  tag: "RELEASE.2024-12-18T13-15-44Z",
} as const;

/** The client (`mc`) image of the chart's post-install Job (buckets, policies, users), as chart 5.4.0 defaults it. */
export const MINIO_MC_IMAGE = {
  repository: "quay.io/minio/mc",
  tag: "RELEASE.2024-11-21T17-21-54Z",
} as const;

/** Namespace of MinIO. */
export const MINIO_NAMESPACE = "minio";
/** Release name: it contains the chart name, so the chart names its objects `minio` (no `minio-minio`). */
export const MINIO_RELEASE_NAME = "minio";
/** The S3 API Service (the chart's fullname). */
export const MINIO_SERVICE_NAME = "minio";
/** Port of the S3 API Service. */
export const MINIO_API_PORT = 9000;
/** The headless Service of a distributed MinIO's servers (`minio-0.minio-svc.<namespace>.svc`, …). */
export const MINIO_HEADLESS_SERVICE_NAME = "minio-svc";
/**
 * The region MinIO reports (its default, set explicitly with `MINIO_SITE_REGION`); S3 clients sign
 * requests for it.
 */
export const MINIO_REGION = "us-east-1";

/**
 * Keys of the kubernetes.io/tls Secret that serves HTTPS (cert-manager writes all three): the
 * certificate (for every name below), its private key and the CA consumers trust.
 */
export const MINIO_TLS_KEYS = { certificate: "tls.crt", privateKey: "tls.key", ca: "ca.crt" } as const;

/**
 * In-cluster URL of MinIO's S3 API in `namespace`: `http://minio.minio.svc:9000`, or `https://` when
 * MinIO serves TLS (the certificate must then name `minio.<namespace>.svc` and, when distributed,
 * `*.minio-svc.<namespace>.svc`). Clients must use path-style access: the Service name is no bucket
 * host.
 */
export function minioEndpoint(namespace: string, tls = false): string {
  return `${tls ? "https" : "http"}://${MINIO_SERVICE_NAME}.${namespace}.svc:${MINIO_API_PORT}`;
}
