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
    /**
     * A cert-manager issuer of the cluster that issues that Secret: the stack then asks for a
     * Certificate (MinIO's Service names) once the `minio` namespace exists, before MinIO starts.
     * @default none: the Secret is created by hand in the `minio` namespace
     */
    certificateIssuer: z
      .object({
        /** `ClusterIssuer`, or an `Issuer` of the `minio` namespace. */
        kind: z.enum(["ClusterIssuer", "Issuer"]),
        /** Its name. */
        name: z.string().regex(RESOURCE_NAME, { error: "expected an issuer name" }),
      })
      .strict()
      .optional(),
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

/** A Spark memory amount as `spark.driver.memory` takes it (`512m`, `4g`). */
const sparkMemory = z
  .string()
  .regex(/^\d+[mg]$/, { error: "expected a Spark memory amount such as 512m or 4g" });

/** Driver or executor resources, before the size profile. */
const sparkPodResources = {
  /** Cores (`spark.driver.cores`/`spark.executor.cores`). */
  cores: z.number().int({ error: "expected a whole number of cores" }).min(1).max(64).default(1),
  /** JVM heap (`spark.driver.memory`/`spark.executor.memory`); the pod adds Spark's overhead. */
  memory: sparkMemory.default("1g"),
};

/** One Spark application run by the operator (a `SparkApplication`, or with `schedule` a `ScheduledSparkApplication`). */
export const sparkApplicationSchema = z
  .object({
    /** Name of the application (a DNS label: the driver pod and service are named after it). */
    name: z.string().regex(/^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/, {
      error: "expected a DNS label of at most 40 characters (lower-case letters, digits, hyphens)",
    }),
    /** Language of the main file. */
    type: z.enum(["Scala", "Java", "Python"]).default("Scala"),
    /**
     * Image of the driver and executors, `repository:tag` with an exact tag.
     * @default the platform's apache/spark image
     */
    image: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._/-]*(?::\d+)?(?:\/[a-z0-9._-]+)*:[A-Za-z0-9._-]+$/, {
        error:
          "expected an image reference with an exact tag, such as apache/spark:3.5.8-scala2.12-java17-python3-ubuntu",
      })
      .refine((ref) => !ref.endsWith(":latest"), { error: "expected an exact tag, never latest" })
      .optional(),
    /** Main class (Scala and Java). */
    mainClass: z
      .string()
      .regex(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/, { error: "expected a Java class name" })
      .optional(),
    /** Key of the main jar or `.py` file in the jars bucket (uploaded there by whoever ships the job). */
    file: z.string().regex(/^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]*$/, {
      error:
        "expected an object key in the jars bucket such as jobs/etl-1.4.2.jar (no scheme, no leading slash)",
    }),
    /** Arguments of the main class or file. */
    arguments: z.array(z.string()).default([]),
    /** Driver resources. */
    driver: z.object(sparkPodResources).strict().prefault({}),
    /** Executor resources and count. */
    executor: z
      .object({
        ...sparkPodResources,
        /** Executors. */
        instances: z.number().int().min(1).max(1000).default(2),
      })
      .strict()
      .prefault({}),
    /** Cron schedule (5 fields, UTC): runs the application as a `ScheduledSparkApplication`. @default none (runs once) */
    schedule: z.string().optional(),
  })
  .strict();

/**
 * Spark on Kubernetes: the Kubeflow spark-operator watching the `spark` namespace, the Spark
 * buckets (jars, event logs, warehouse), the jobs' object-store identity, the History Server and
 * the applications of the config. Present = enabled.
 */
export const sparkSchema = z
  .object({
    /**
     * Logical name of the bucket the applications' jars and files are read from; one of the Spark buckets.
     * @default "spark-jars"
     */
    jarsBucket: z.string().default("spark-jars"),
    /** Applications run by the operator. */
    applications: z.array(sparkApplicationSchema).default([]),
    /**
     * The example application (SparkPi from the jars bucket).
     * @default true, false in production
     */
    exampleApplication: z.boolean().optional(),
    /** The Spark History Server on the event-log bucket. */
    historyServer: z.boolean().default(true),
    /**
     * A Maven repository mirror serving Hadoop's S3A jars and the PostgreSQL driver (pods download them at start).
     * @default Maven Central
     */
    jarMirror: z
      .string()
      .regex(/^https:\/\/[^\s]+$/, { error: "expected an https:// URL of a Maven repository" })
      .optional(),
  })
  .strict();

/** A CA bundle (PEM) the object store's certificate chains to: a file read at synth, or a key of a Secret. */
export const caBundleSchema = z.union([
  z
    .object({
      /** Path of a PEM file, relative to the repository root or absolute. */ file: z.string().min(1),
    })
    .strict(),
  z
    .object({
      /** A Secret (e.g. MinIO's kubernetes.io/tls Secret, whose `ca.crt` cert-manager writes). */ secret:
        secretReference,
    })
    .strict(),
]);

/** One LVM device class of TopoLVM. */
const topolvmDeviceClassSchema = z
  .object({
    /** Name of the device class (and of its StorageClass, `topolvm-<name>`). */
    name: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, { error: "expected a short DNS label" }),
    /** LVM volume group every storage node provides. */
    volumeGroup: z.string().min(1),
    /** The default class (exactly one). */
    default: z.boolean().default(false),
    /** GiB kept free in the volume group. @default 10 */
    spareGb: z.number().int().min(0).optional(),
  })
  .strict();

/** TopoLVM: node-local LVM volumes (brought clusters). */
export const topolvmSchema = z
  .object({
    /** Device classes (volume groups) of the nodes. */
    deviceClasses: z.array(topolvmDeviceClassSchema).min(1, { error: "expected at least one device class" }),
  })
  .strict();

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
    /**
     * A Hive Metastore (apache/hive 4, Thrift 9083) on the platform PostgreSQL; Trino's Iceberg
     * catalog and Spark use it instead of the JDBC catalog.
     * @default none
     */
    metastore: z.enum(["hive"]).optional(),
    /**
     * CA bundle of the object store's TLS certificate (MinIO with `minio.tlsSecretName`, an
     * S3-compatible endpoint): every consumer trusts it.
     * @default none (public CAs only)
     */
    objectStoreCa: caBundleSchema.optional(),
    /**
     * Volumes of MinIO and PostgreSQL: the cluster's StorageClass, or TopoLVM's node-local LVM volumes
     * (brought clusters; needs `topolvm`).
     * @default "default"
     */
    storage: z.enum(["default", "topolvm"]).default("default"),
    /** TopoLVM's device classes; only with `storage: "topolvm"`. */
    topolvm: topolvmSchema.optional(),
  })
  .strict();

/** The `data` block after parsing. */
export type DataConfig = z.output<typeof dataSchema>;
