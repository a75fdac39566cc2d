import type { ObjectStoreAccess } from "../../../../constructs/addons/trino/catalog";
import type { TrinoValuesProps } from "../../../../constructs/addons/trino/values";

/** MinIO in the cluster, as the data stack's object-store settings describe it. */
export const MINIO_STORE: ObjectStoreAccess = {
  region: "us-east-1",
  endpoint: "http://minio.minio.svc:9000",
  pathStyleAccess: true,
  staticCredentials: true,
};

/** S3 through the pod's role. */
export const S3_STORE: ObjectStoreAccess = { region: "eu-west-1", pathStyleAccess: false };

/** An OIDC login whose client secret is a Secret in namespace trino. */
export const OIDC = {
  issuerUrl: "https://keycloak.example.com/realms/data",
  clientId: "trino",
  clientSecret: { name: "trino-oidc", key: "client-secret" },
} as const;

/** Values props of a MinIO environment without Karpenter, standard profile. */
export const BASE: TrinoValuesProps = {
  profile: { name: "standard" },
  namespace: "trino",
  prometheusUrl: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
  objectStore: MINIO_STORE,
  dataBucket: "trino-data",
  exchangeBucket: "trino-exchange",
  jdbcSecretName: "iceberg-catalog",
  passwordFileSecretName: "trino-password-file",
  sharedSecret: { name: "trino-internal", key: "shared-secret" },
  minWorkers: 1,
  maxWorkers: 6,
};

/** Value at a dotted path of a values tree. */
export function at(values: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (node, key) =>
        typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined,
      values,
    );
}
