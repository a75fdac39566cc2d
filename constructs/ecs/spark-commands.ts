import { SPARK_PORTS } from "./spark-ports";

/** Memory (MiB) a worker keeps for its own daemon; the rest of the task's memory goes to executors. */
export const SPARK_WORKER_DAEMON_MEMORY_MIB = 1024;
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

/** A worker's command: register with `masterUrl`, offering its task's CPU and memory less its daemon's. */
export function workerCommand(props: { masterUrl: string; cpu: number; memoryMiB: number }): string[] {
  const cores = Math.max(1, Math.floor(props.cpu / 1024));
  const memory = props.memoryMiB - SPARK_WORKER_DAEMON_MEMORY_MIB;
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
