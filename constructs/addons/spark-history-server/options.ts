import { sparkS3aConf, type S3aTarget } from "../common/s3a";
import { mebibytes } from "../common/size-profile";
import { HISTORY_UI_PORT } from "./image";

/**
 * How often the server lists the event-log directory for new or updated logs
 * (`spark.history.fs.update.interval`, Spark's default 10s): a LIST request on the bucket each time.
 */
export const UPDATE_INTERVAL = "30s";
/** How often the cleaner runs (`spark.history.fs.cleaner.interval`, Spark's default, set explicitly). */
export const CLEANER_INTERVAL = "1d";
/** Share of the container's memory limit given to the heap; the rest is metaspace, threads, buffers. */
export const HEAP_SHARE = 0.5;

/** What {@link historyServerConf} needs. */
export interface HistoryServerConfProps {
  /** `s3a://<bucket>/[prefix/]` the jobs write event logs to. */
  readonly eventLogDirectory: string;
  /** How the server reaches the object store. */
  readonly s3a: S3aTarget;
  /** Days an application's event log is kept before the server's cleaner deletes it. */
  readonly eventLogMaxAgeDays: number;
}

/**
 * The Spark configuration of the server (names and defaults: Spark's docs/monitoring.md): the event
 * logs' directory, the UI port, the listing interval, the cleaner with its maximum age, and the S3A
 * client's `spark.hadoop.fs.s3a.*` (the server builds its Hadoop configuration from `spark.hadoop.*`).
 */
export function historyServerConf(props: HistoryServerConfProps): Record<string, string> {
  return {
    "spark.history.fs.logDirectory": props.eventLogDirectory,
    "spark.history.ui.port": String(HISTORY_UI_PORT),
    "spark.history.fs.update.interval": UPDATE_INTERVAL,
    "spark.history.fs.cleaner.enabled": "true",
    "spark.history.fs.cleaner.interval": CLEANER_INTERVAL,
    "spark.history.fs.cleaner.maxAge": `${props.eventLogMaxAgeDays}d`,
    ...sparkS3aConf(props.s3a),
  };
}

/**
 * Configuration as JVM system properties (`-Dkey=value`, space-separated), the form
 * `SPARK_HISTORY_OPTS` takes; Spark's launcher splits it on whitespace, so no value may hold any.
 */
export function systemProperties(conf: Readonly<Record<string, string>>): string {
  return Object.entries(conf)
    .map(([key, value]) => `-D${key}=${value}`)
    .join(" ");
}

/** The heap (`SPARK_DAEMON_MEMORY`, e.g. `1024m`) for a container memory limit: {@link HEAP_SHARE} of it. */
export function daemonHeap(memoryLimit: string): string {
  return `${Math.floor(mebibytes(memoryLimit) * HEAP_SHARE)}m`;
}
