import type { ChartPin } from "../../helm/helm-chart";

/** The official Apache Airflow chart (`https://airflow.apache.org`). */
export const AIRFLOW_CHART: ChartPin = {
  repository: "https://airflow.apache.org",
  chart: "airflow",
  /** The release the values check of the tests reads (../shared/schemas/airflow/values.schema.json). */
  version: "1.22.0",
};

/** Airflow image: the chart's `defaultAirflowTag` (3.2.1), written in the values so a chart bump never changes it. */
export const AIRFLOW_IMAGE = { repository: "apache/airflow", tag: "3.2.1" } as const;

/** Release name: the chart prefixes its objects and service accounts with it (`airflow-scheduler`, …). */
export const AIRFLOW_RELEASE_NAME = "airflow";

/** The DAGs folder of the official image (`AIRFLOW_HOME/dags`). */
export const DAGS_FOLDER = "/opt/airflow/dags";
/** Prefix of the DAG files in the `airflow-dags` bucket: `s3://<bucket>/dags/<file>.py`. */
export const DAGS_PREFIX = "dags";
/** Prefix of the task logs in the `airflow-logs` bucket. */
export const LOGS_PREFIX = "logs";
/** User id of the official image (`airflow`), which the sync containers run as too. */
export const AIRFLOW_UID = 50000;

/** The Secret the platform's bootstrap writes, key `connection` (a postgresql:// URI). */
export const METADATA_SECRET_NAME = "airflow-metadata";
/** Generated Secrets, in the keys the chart reads. */
export const FERNET_KEY_SECRET = { name: "airflow-fernet-key", key: "fernet-key" } as const;
export const API_SECRET_KEY_SECRET = { name: "airflow-api-secret-key", key: "api-secret-key" } as const;
export const JWT_SECRET = { name: "airflow-jwt-secret", key: "jwt-secret" } as const;
/** The generated admin (without OIDC): `username` and `password`. */
export const ADMIN_SECRET_NAME = "airflow-admin";
/** The remote-logging connection, as Airflow reads connections from `AIRFLOW_CONN_<ID>` (JSON). */
export const LOGS_CONNECTION = {
  id: "object_store_logs",
  secretName: "airflow-logs-connection",
  key: "connection",
} as const;

/** Interval of the DAG sync loop unless configured, in seconds. */
export const DEFAULT_DAG_SYNC_INTERVAL_SECONDS = 60;
