/**
 * The fixed ports of Spark standalone on ECS. Every task has its own network interface (awsvpc), so
 * the ports need not differ between master and workers; they are fixed so security groups can name
 * them.
 */
export const SPARK_PORTS = {
  /** The master's RPC port: workers register and drivers submit here (`spark://master.<ns>:7077`). */
  master: 7077,
  /** The master's web UI. */
  masterUi: 8080,
  /** A worker's RPC port. */
  worker: 7078,
  /** A worker's web UI. */
  workerUi: 8081,
} as const;

/**
 * Ports of drivers and executors (`spark.driver.port`, `spark.driver.blockManager.port`,
 * `spark.blockManager.port`, each retried upwards `spark.port.maxRetries` = 16 times when taken):
 * jobs set them inside this range, see the README.
 */
export const SPARK_JOB_PORTS = { from: 7079, to: 7199 } as const;

/** Environment variables the Spark tasks set themselves; configuration may not override them. */
export const RESERVED_SPARK_ENVIRONMENT: ReadonlyArray<string> = [
  "_SPARK_AUTH_SECRET",
  "SPARK_MASTER_OPTS",
  "SPARK_WORKER_OPTS",
  "SPARK_LOCAL_DIRS",
  "SPARK_NO_DAEMONIZE",
  "SPARK_DAEMON_MEMORY",
];
