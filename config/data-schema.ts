import { z } from "zod";
import { rdsSchema } from "./cluster-schema";

const RESOURCE_NAME = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;
const QUANTITY = /^\d+(?:Ki|Mi|Gi|Ti)$/;

/** A URL AWS SDKs and MinIO clients accept as an endpoint: http(s), a host, an optional port, no path. */
const endpointUrl = z.string().regex(/^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?\/?$/i, {
  error: "expected an endpoint URL such as https://minio.example.com:9000 (scheme, host, optional port)",
});

/** A reference to a key of a Kubernetes Secret that someone else creates (never the value itself). */
const secretReference = z
  .object({
    /** Namespace of the Secret. */
    namespace: z.string().regex(RESOURCE_NAME, { error: "expected a Kubernetes namespace name" }),
    /** Name of the Secret. */
    name: z.string().regex(RESOURCE_NAME, { error: "expected a Kubernetes Secret name" }),
    /** Key in the Secret. */
    key: z.string().regex(/^[-._a-zA-Z0-9]+$/, { error: "expected a Secret key" }),
  })
  .strict();

/** One application's client at the OIDC issuer. */
const oidcClient = z
  .object({
    /** Client id registered at the issuer. */
    clientId: z.string().min(1, { error: "expected the client id registered at the issuer" }),
    /** Where the client secret is (a Secret created outside this project). */
    clientSecret: secretReference,
  })
  .strict();

/** Login through an OIDC issuer (e.g. a Keycloak realm). */
export const oidcSchema = z
  .object({
    /** Issuer URL, e.g. https://keycloak.example.com/realms/data. */
    issuerUrl: z.string().regex(/^https:\/\/[^\s/]+(?:\/[^\s]*)?$/, {
      error: "expected the issuer's https:// URL (a Keycloak realm URL)",
    }),
    /** Airflow's client. */
    airflow: oidcClient.optional(),
    /** Trino's client. */
    trino: oidcClient.optional(),
  })
  .strict();

/** MinIO in the cluster (`objectStore: "minio"`). */
export const minioSchema = z
  .object({
    /**
     * Servers of a distributed MinIO (`standard` profile); the `small` profile runs one standalone.
     * @default 4
     */
    replicas: z.number().int().min(1).max(32).optional(),
    /**
     * Volume of each server.
     * @default "100Gi" (standard), "10Gi" (small)
     */
    volumeSize: z.string().regex(QUANTITY, { error: "expected a size such as 100Gi" }).optional(),
    /**
     * A kubernetes.io/tls Secret in the `minio` namespace (certificate, key, CA) to serve HTTPS.
     * @default none (HTTP inside the cluster)
     */
    tlsSecretName: z.string().regex(RESOURCE_NAME, { error: "expected a Kubernetes Secret name" }).optional(),
  })
  .strict();

/** Prometheus and friends. */
export const monitoringSchema = z
  .object({
    /** Grafana beside Prometheus. */
    grafana: z.boolean().default(false),
    /** How long Prometheus keeps samples. */
    retention: z
      .string()
      .regex(/^\d+[hdwy]$/, { error: "expected a duration such as 15d" })
      .default("15d"),
  })
  .strict();

/** FAB roles of Airflow a claim value may map to. */
const fabRole = z.enum(["Admin", "Op", "User", "Viewer", "Public"]);

/** Airflow (the official chart, KubernetesExecutor). */
export const airflowSchema = z
  .object({
    /**
     * Airflow image tag: an exact release, never `latest`.
     * @default the tag the project pins (3.2.1)
     */
    imageTag: z
      .string()
      .regex(/^\d+\.\d+\.\d+(?:-[a-z0-9.]+)?$/, {
        error: "expected an exact Airflow release such as 3.2.1 or 3.2.1-python3.12 (never latest)",
      })
      .optional(),
    /** Seconds between two syncs of the DAGs from the `airflow-dags` bucket. */
    dagSyncIntervalSeconds: z
      .number()
      .int({ error: "expected a whole number of seconds" })
      .min(1, { error: "expected at least 1 second (0 or less would never sync, or sync without pause)" })
      .max(3600, { error: "expected at most 3600 seconds" })
      .default(60),
    /** With OIDC: the ID-token claim listing the user's groups (Keycloak's group mapper writes `groups`). */
    roleClaim: z.string().min(1).default("groups"),
    /** With OIDC: the FAB roles each claim value grants (values as the issuer writes them, e.g. `/airflow-admins` with full group paths). */
    roleMapping: z
      .record(z.string().min(1), z.array(fabRole).min(1))
      .default({ "airflow-admins": ["Admin"], "airflow-operators": ["Op"], "airflow-users": ["User"] }),
    /** With OIDC: the role every user gets at registration, on top of the mapped ones (FAB adds it to all). */
    defaultRole: fabRole.default("Viewer"),
  })
  .strict();

/** Seconds, a positive whole number. */
const seconds = (what: string) =>
  z
    .number()
    .int({ error: `expected a whole number of seconds (${what})` })
    .min(1, { error: `expected at least 1 second (${what})` });

/** Trino (the trinodb chart, Iceberg catalog, KEDA-scaled workers). */
export const trinoSchema = z
  .object({
    /** Fewest workers; 0 lets KEDA scale them to zero between queries. @default 1 */
    minWorkers: z.number().int().min(0, { error: "expected 0 or more workers" }).optional(),
    /** Most workers (at least minWorkers). @default 4 */
    maxWorkers: z.number().int().min(1, { error: "expected at least 1 worker" }).max(200).optional(),
    /** Workers a query waits for before it starts. @default 1 */
    requiredWorkers: z.number().int().min(1).optional(),
    /** Longest wait for them. @default 300 */
    requiredWorkersMaxWaitSeconds: seconds("query-manager.required-workers-max-wait").optional(),
    /** Longest execution of a query (`query.max-execution-time`). @default 900 */
    maxQueryExecutionSeconds: seconds("query.max-execution-time").optional(),
    /** Grace period of a draining worker, at least the query limit. @default maxQueryExecutionSeconds */
    gracePeriodSeconds: seconds("worker graceful shutdown").optional(),
    /** Running plus queued queries per worker before KEDA adds one. @default 4 */
    queriesPerWorker: z.number().int().min(1).optional(),
    /** Iceberg catalog: `jdbc` on the platform PostgreSQL, or `hive_metastore` with `metastoreUri`. @default "jdbc" */
    catalogType: z.enum(["jdbc", "hive_metastore"]).optional(),
    /** Thrift URI of a Hive metastore (`thrift://host:9083`), for `hive_metastore`. @default none */
    metastoreUri: z.string().optional(),
    /**
     * An Ingress terminating TLS in front of the coordinator (Trino takes passwords only over HTTPS).
     * @default none: put a TLS-terminating proxy in front of the `trino` Service yourself
     */
    ingress: z
      .object({
        /** Host name (`trino.example.com`). */
        host: z.string(),
        /** `kubernetes.io/tls` Secret of the `trino` namespace with the host's certificate. */
        tlsSecretName: z.string(),
        /** IngressClass. @default the cluster's default */
        className: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * Spark on Kubernetes: the Kubeflow spark-operator watching the `spark` namespace, the Spark
 * buckets (jars, event logs, warehouse) and the jobs' object-store identity. Present = enabled.
 */
export const sparkSchema = z.object({}).strict();

/** The `data` block: backing services and sizes of the data platform. */
export const dataSchema = z
  .object({
    /** `s3`: buckets created by the stack; `minio`: the MinIO chart in-cluster. */
    objectStore: z.enum(["s3", "minio"]),
    /** `rds`: the platform PostgreSQL on RDS; `in-cluster`: a PostgreSQL StatefulSet of the platform. */
    database: z.enum(["rds", "in-cluster"]),
    /** `small` divides every CPU/memory request and limit by `smallProfileDivisor`. */
    sizeProfile: z.enum(["standard", "small"]).default("standard"),
    /** Divisor of the `small` profile. */
    smallProfileDivisor: z
      .number()
      .min(1, { error: "expected a divisor of at least 1 (1 keeps the standard sizes)" })
      .max(100, { error: "expected a divisor of at most 100" })
      .default(20),
    /** The platform PostgreSQL on RDS; only with `database: "rds"` (defaults apply when left out). */
    rds: rdsSchema.optional(),
    /** MinIO settings; only with `objectStore: "minio"`. */
    minio: minioSchema.optional(),
    /**
     * StorageClass of the platform's volumes (MinIO, PostgreSQL, Prometheus).
     * @default the EKS stack's default class (gp3, or gp2-encrypted on an Outpost); the cluster's default on a brought cluster
     */
    storageClassName: z.string().regex(RESOURCE_NAME, { error: "expected a StorageClass name" }).optional(),
    /**
     * How pods reach S3 (`objectStore: "s3"`): EKS Pod Identity, or IRSA.
     * @default "pod-identity" (a local cluster has neither: its node role is used)
     */
    s3Identity: z.enum(["pod-identity", "irsa"]).default("pod-identity"),
    /**
     * An S3 endpoint other than AWS's regional one (a VPC interface endpoint, an S3-compatible store).
     * @default AWS's regional endpoint
     */
    s3Endpoint: endpointUrl.optional(),
    /** Monitoring. */
    monitoring: monitoringSchema.prefault({}),
    /**
     * Login through an OIDC issuer; without it each app gets a generated admin.
     * @default none
     */
    oidc: oidcSchema.optional(),
    /** Airflow settings (defaults apply when left out). */
    airflow: airflowSchema.prefault({}),
    /** Trino settings (defaults apply when left out). */
    trino: trinoSchema.prefault({}),
    /**
     * Spark on Kubernetes (operator, buckets, identity); `{}` enables it with the defaults.
     * @default none (no Spark)
     */
    spark: sparkSchema.optional(),
  })
  .strict();

/** The `data` block after parsing. */
export type DataConfig = z.output<typeof dataSchema>;
