import type { EnvironmentConfig } from "../config/define";
import { MINIO_NAMESPACE } from "../constructs/addons/minio/chart";
import { SPARK_JOBS_NAMESPACE, SPARK_SERVICE_ACCOUNT } from "../constructs/addons/spark-operator/chart";
import { SPARK_HISTORY_SERVICE_ACCOUNT } from "../constructs/addons/spark-history-server/image";
import type { PlatformDatabase } from "../constructs/database/platform-databases";
import type { DataBucketSpec } from "../constructs/object-store/data-buckets";
import type { S3Application } from "../constructs/object-store/s3-object-store";

/** Namespace of the platform PostgreSQL (in-cluster), its passwords and its bootstrap Job. */
export const PLATFORM_DB_NAMESPACE = "platform-db";
/** Namespace of Airflow. */
export const AIRFLOW_NAMESPACE = "airflow";
/** Namespace of Trino. */
export const TRINO_NAMESPACE = "trino";

/**
 * The platform's buckets by logical name: Trino's warehouse and its fault-tolerant exchange
 * (scratch data: not versioned, expired after a day), Airflow's DAGs and task logs.
 */
export const DATA_BUCKETS: Readonly<Record<string, DataBucketSpec>> = {
  "trino-data": { versioned: true },
  "trino-exchange": { versioned: false, expireAfterDays: 1 },
  "airflow-dags": { versioned: true },
  "airflow-logs": { versioned: true },
};

/** Service accounts of the Airflow chart (release `airflow`) whose pods read DAGs or write logs. */
export const AIRFLOW_SERVICE_ACCOUNTS = [
  "airflow-api-server",
  "airflow-dag-processor",
  "airflow-scheduler",
  "airflow-triggerer",
  "airflow-worker",
] as const;

/** Who uses which bucket, and how: DAGs are read, never written, by Airflow. */
export const OBJECT_STORE_APPLICATIONS: ReadonlyArray<S3Application> = [
  {
    name: "trino",
    namespace: TRINO_NAMESPACE,
    serviceAccounts: ["trino"],
    buckets: { "trino-data": "read-write", "trino-exchange": "read-write" },
  },
  {
    name: "airflow",
    namespace: AIRFLOW_NAMESPACE,
    serviceAccounts: [...AIRFLOW_SERVICE_ACCOUNTS],
    buckets: { "airflow-dags": "read", "airflow-logs": "read-write" },
  },
];

/** The platform's databases and the Secrets their applications connect with. */
export const PLATFORM_DATABASES: ReadonlyArray<PlatformDatabase> = [
  { name: "airflow", namespace: AIRFLOW_NAMESPACE, secretName: "airflow-metadata", format: "connection" },
  { name: "iceberg", namespace: TRINO_NAMESPACE, secretName: "iceberg-catalog", format: "jdbc" },
];

/**
 * Spark's buckets by logical name: application jars (read by drivers and executors, written by
 * whoever ships a job), event logs (the History Server's input) and the warehouse of its tables.
 */
export const SPARK_BUCKETS: Readonly<Record<string, DataBucketSpec>> = {
  "spark-jars": { versioned: true },
  "spark-events": { versioned: true },
  "spark-warehouse": { versioned: true },
};

/** Spark's jobs: drivers and executors run as the chart's `spark` service account in the jobs namespace. */
export const SPARK_APPLICATION: S3Application = {
  name: "spark",
  namespace: SPARK_JOBS_NAMESPACE,
  serviceAccounts: [SPARK_SERVICE_ACCOUNT],
  buckets: { "spark-jars": "read", "spark-events": "read-write", "spark-warehouse": "read-write" },
};

/** Secret of the Hive Metastore's database connection (JDBC URL, user, password), in its namespace. */
export const METASTORE_DATABASE_SECRET = "hive-metastore-db";

/** The databases of an environment: the platform's, and the Hive Metastore's where it runs one. */
export function platformDatabases(env: EnvironmentConfig): ReadonlyArray<PlatformDatabase> {
  return env.data.metastore === "hive"
    ? [
        ...PLATFORM_DATABASES,
        {
          name: "metastore",
          namespace: METASTORE_NAMESPACE,
          secretName: METASTORE_DATABASE_SECRET,
          format: "jdbc",
        },
      ]
    : PLATFORM_DATABASES;
}

/** The Spark History Server: reads the event logs, and its cleaner deletes the old ones. */
export const SPARK_HISTORY_APPLICATION: S3Application = {
  name: "spark-history",
  namespace: SPARK_JOBS_NAMESPACE,
  serviceAccounts: [SPARK_HISTORY_SERVICE_ACCOUNT],
  buckets: { "spark-events": "read-write" },
};

/** Service account of the Hive Metastore. */
export const METASTORE_SERVICE_ACCOUNT = "hive-metastore";
/** Namespace of the Hive Metastore. */
export const METASTORE_NAMESPACE = "hive-metastore";

/**
 * The Hive Metastore: creates schema and table locations in the warehouses it catalogues (Trino's,
 * and Spark's where Spark runs).
 */
export function metastoreApplication(env: EnvironmentConfig): S3Application {
  return {
    name: "hive-metastore",
    namespace: METASTORE_NAMESPACE,
    serviceAccounts: [METASTORE_SERVICE_ACCOUNT],
    buckets: { "trino-data": "read-write", ...(env.data.spark ? { "spark-warehouse": "read-write" } : {}) },
  };
}

/**
 * Names of an application's `object-store` ConfigMap and `object-store-credentials` Secret: the
 * plain names for the first application of a namespace, suffixed with the application's name for
 * the others (the History Server beside the Spark jobs).
 */
export function objectStoreObjectNames(
  app: S3Application,
  apps: ReadonlyArray<S3Application>,
): { settings: string; credentials: string } {
  const first = apps.find((other) => other.namespace === app.namespace)?.name === app.name;
  const suffix = first ? "" : `-${app.name}`;
  return { settings: `object-store${suffix}`, credentials: `object-store-credentials${suffix}` };
}

/** Namespaces whose pods talk to the object store, and get its CA where it has one (MinIO's own jobs too). */
export const CA_CONSUMER_NAMESPACES: ReadonlySet<string> = new Set([
  AIRFLOW_NAMESPACE,
  TRINO_NAMESPACE,
  SPARK_JOBS_NAMESPACE,
  METASTORE_NAMESPACE,
  MINIO_NAMESPACE,
]);

/** The buckets of an environment: the platform's, and Spark's where it is enabled. */
export function dataBuckets(env: EnvironmentConfig): Readonly<Record<string, DataBucketSpec>> {
  return env.data.spark ? { ...DATA_BUCKETS, ...SPARK_BUCKETS } : DATA_BUCKETS;
}

/** The applications that use the object store in an environment. */
export function objectStoreApplications(env: EnvironmentConfig): ReadonlyArray<S3Application> {
  const spark = env.data.spark
    ? [SPARK_APPLICATION, ...(env.data.spark.historyServer ? [SPARK_HISTORY_APPLICATION] : [])]
    : [];
  const metastore = env.data.metastore === "hive" ? [metastoreApplication(env)] : [];
  return [...OBJECT_STORE_APPLICATIONS, ...spark, ...metastore];
}
