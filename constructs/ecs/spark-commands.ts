import { SPARK_PORTS } from "./spark-ports";

/** Heap of the master and worker daemons (`SPARK_DAEMON_MEMORY`, Spark's default of 1g, set explicitly). */
export const SPARK_DAEMON_HEAP_MIB = 1024;
/** What a daemon's JVM takes beyond its heap (metaspace, threads, direct buffers). */
export const SPARK_DAEMON_NON_HEAP_MIB = 512;
/** Memory a daemon takes in its task: heap and the rest. */
export const SPARK_DAEMON_MEMORY_MIB = SPARK_DAEMON_HEAP_MIB + SPARK_DAEMON_NON_HEAP_MIB;
/**
 * Share of an executor's heap its JVM takes beyond it. Standalone mode adds no overhead of its own
 * (Spark on Kubernetes reserves 10 % as `memoryOverheadFactor`): the worker offers less instead.
 */
export const EXECUTOR_NON_HEAP_FACTOR = 0.1;
/** Spark's default executor heap (`spark.executor.memory`): a worker must fit at least one. */
export const MIN_EXECUTOR_HEAP_MIB = 1024;
/** The smallest worker task: its daemon and one default executor with its non-heap share. */
export const MIN_WORKER_TASK_MEMORY_MIB =
  SPARK_DAEMON_MEMORY_MIB + Math.ceil(MIN_EXECUTOR_HEAP_MIB * (1 + EXECUTOR_NON_HEAP_FACTOR));
/** The smallest master task: its daemon. */
export const MIN_MASTER_TASK_MEMORY_MIB = SPARK_DAEMON_MEMORY_MIB;

/**
 * Executor heap a worker offers (`--memory`): its task's memory less its daemon's, less the executors'
 * own non-heap share, so executors sized to the offer never push the task past its limit.
 */
export function executorMemoryOfferMiB(taskMemoryMiB: number): number {
  return Math.floor((taskMemoryMiB - SPARK_DAEMON_MEMORY_MIB) / (1 + EXECUTOR_NON_HEAP_FACTOR));
}
/** Where a worker keeps applications' files and executors' logs (a task-scoped volume). */
export const SPARK_WORK_DIR = "/opt/spark/work-dir";
/** Scratch space: shuffle and spill files (a task-scoped volume). */
export const SPARK_SCRATCH_DIR = "/tmp";

const SPARK_CLASS = "/opt/spark/bin/spark-class";

/**
 * Java options of the master and workers: authentication with the shared secret (read from the
 * `_SPARK_AUTH_SECRET` environment variable, a container secret) and encrypted RPC, no kill button
 * in the UIs.
 */
export const SPARK_DAEMON_OPTIONS = [
  "-Dspark.authenticate=true",
  "-Dspark.network.crypto.enabled=true",
  "-Dspark.ui.killEnabled=false",
].join(" ");

/**
 * Java options of the workers beyond {@link SPARK_DAEMON_OPTIONS}: clean finished applications' work
 * directories, and reconnect to the master's name, not the address of the task it last saw — a
 * replaced master task has a new address, and without this a worker retries the old one for about a
 * quarter of an hour, then exits.
 */
export const SPARK_WORKER_OPTIONS = [
  SPARK_DAEMON_OPTIONS,
  "-Dspark.worker.cleanup.enabled=true",
  "-Dspark.worker.preferConfiguredMasterAddress=true",
].join(" ");

/**
 * The master's command: bind to the task's own address (awsvpc), fixed RPC and UI ports. Through
 * `sh -c` so that `hostname -i` gives the task's IP.
 */
export function masterCommand(): string[] {
  return [
    "/bin/sh",
    "-c",
    `exec ${SPARK_CLASS} org.apache.spark.deploy.master.Master --host "$(hostname -i)" --port ${SPARK_PORTS.master} --webui-port ${SPARK_PORTS.masterUi}`,
  ];
}

/** A worker's command: register with `masterUrl`, offering its task's CPU and {@link executorMemoryOfferMiB}. */
export function workerCommand(props: { masterUrl: string; cpu: number; memoryMiB: number }): string[] {
  const cores = Math.max(1, Math.floor(props.cpu / 1024));
  const memory = executorMemoryOfferMiB(props.memoryMiB);
  return [
    "/bin/sh",
    "-c",
    `exec ${SPARK_CLASS} org.apache.spark.deploy.worker.Worker --host "$(hostname -i)" --port ${SPARK_PORTS.worker} --webui-port ${SPARK_PORTS.workerUi} --cores ${cores} --memory ${memory}M --work-dir ${SPARK_WORK_DIR} ${props.masterUrl}`,
  ];
}

/** A container health check: the UI on `port` answers. */
export function uiHealthCheck(port: number): string[] {
  return ["CMD-SHELL", `wget -q -O /dev/null http://localhost:${port}/ || exit 1`];
}
