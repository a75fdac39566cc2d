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
