/**
 * The driver and executor pods of a SparkApplication: their sizes, what both carry (environment,
 * init containers, volumes, placement), the issues the operator (kubeflow/spark-operator v2.5.2)
 * or Spark 3.5 would hit with them, and their CRD fields.
 */
import { imageProblem } from "../../guardrails/pinned-versions";
import type { Container, EnvVar, Volume, VolumeMount } from "../../kubernetes/pod-spec";
import { placementValues, type Placement } from "../common/placement";
import { quantityValue, sparkMemoryMiB } from "./application-footprint";

/** Language of the application: the CRD's `type` (R is not offered). */
export type SparkApplicationType = "Scala" | "Java" | "Python";

/** Size of a Spark pod (driver or executor). */
export interface SparkPodSize {
  /** Cores of the JVM (`spark.driver.cores`, `spark.executor.cores`), a whole number: also the pod's CPU request. */
  readonly cores: number;
  /**
   * CPU limit of the pod, a Kubernetes quantity (`1500m`, `2`) of at least `cores`.
   * @default no limit
   */
  readonly coreLimit?: string;
  /**
   * Heap of the JVM (`spark.driver.memory`, `spark.executor.memory`), a Spark size (`512m`, `2g`):
   * at least 512m for the driver, 450m for an executor.
   */
  readonly memory: string;
  /**
   * Non-heap memory added to the pod (`spark.*.memoryOverhead`), a Spark size.
   * @default Spark's: max(384m, factor × memory), see {@link applicationFootprint}
   */
  readonly memoryOverhead?: string;
}

/** Size of the driver. */
export type SparkDriverInput = SparkPodSize;

/** Dynamic allocation: Spark adds and removes executors between two bounds (shuffle tracking on). */
export interface DynamicAllocationInput {
  /** Fewest executors kept. */
  readonly minExecutors: number;
  /** Most executors requested: what the footprint counts. */
  readonly maxExecutors: number;
  /**
   * Executors requested at start.
   * @default minExecutors
   */
  readonly initialExecutors?: number;
}

/** Size and number of the executors: a fixed `instances`, or `dynamicAllocation`. */
export interface SparkExecutorInput extends SparkPodSize {
  /**
   * Fixed number of executors; give this or `dynamicAllocation`.
   * @default none
   */
  readonly instances?: number;
  /**
   * Bounds of dynamic allocation; give this or `instances`.
   * @default none
   */
  readonly dynamicAllocation?: DynamicAllocationInput;
}

/** What the pod helpers read of an application. */
export interface SparkPodsInput {
  /** Language: Python apps get Spark's larger default overhead factor. */
  readonly type: SparkApplicationType;
  /** Spark properties; the overhead factors, off-heap and PySpark memory count in the footprint. */
  readonly sparkConf?: Readonly<Record<string, string>>;
  /** Driver size. */
  readonly driver: SparkDriverInput;
  /** Executor size and count. */
  readonly executor: SparkExecutorInput;
  /** Environment of the driver and of every executor. @default none */
  readonly env?: ReadonlyArray<EnvVar>;
  /** Init containers of the driver and of every executor. @default none */
  readonly initContainers?: ReadonlyArray<Container>;
  /** Volumes the pods may mount. @default none */
  readonly volumes?: ReadonlyArray<Volume>;
  /** Mounts of the Spark container of the driver and of every executor. @default none */
  readonly volumeMounts?: ReadonlyArray<VolumeMount>;
  /** Node selector and tolerations of the driver and executors. @default anywhere */
  readonly placement?: Placement;
}

/** Least executor heap: `UnifiedMemoryManager.getMaxMemory` refuses less than 1.5 × the 300 MiB reserved. */
export const MIN_EXECUTOR_MEMORY_MIB = 450;
/** Least driver heap: the same 450 MiB checked on `Runtime.maxMemory`, which is below `-Xmx`. */
export const MIN_DRIVER_MEMORY_MIB = 512;
/** Prefix of volumes the operator hands to Spark as local dirs (`spark-local-dir-`), emptyDir here. */
export const LOCAL_DIR_VOLUME_PREFIX = "spark-local-dir-";

/** Whether a string can be parsed by `parse` (which throws when it cannot). */
function parses(value: string, parse: (v: string) => number): boolean {
  try {
    return Number.isFinite(parse(value));
  } catch {
    return false;
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const wholeAtLeast = (n: number | undefined, min: number) =>
  n !== undefined && Number.isInteger(n) && n >= min;

function duplicates(names: ReadonlyArray<string>): string[] {
  return [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
}

function sizeIssues(role: "driver" | "executor", size: SparkPodSize, minMiB: number): string[] {
  const issues: string[] = [];
  if (!wholeAtLeast(size.cores, 1))
    issues.push(`${role}.cores: expected a whole number of at least 1, received ${size.cores}`);
  if (size.coreLimit !== undefined) {
    if (!parses(size.coreLimit, quantityValue)) {
      issues.push(
        `${role}.coreLimit: expected a Kubernetes quantity such as 1500m or 2, received "${size.coreLimit}"`,
      );
    } else if (quantityValue(size.coreLimit) < size.cores) {
      issues.push(
        `${role}.coreLimit: ${size.coreLimit} is below ${role}.cores (${size.cores}), the pod's CPU request`,
      );
    }
  }
  if (!parses(size.memory, sparkMemoryMiB)) {
    issues.push(`${role}.memory: expected a Spark size such as 512m or 2g, received "${size.memory}"`);
  } else if (sparkMemoryMiB(size.memory) < minMiB) {
    issues.push(`${role}.memory: Spark needs at least ${minMiB}m of heap, received "${size.memory}"`);
  }
  if (size.memoryOverhead !== undefined && !parses(size.memoryOverhead, sparkMemoryMiB)) {
    issues.push(
      `${role}.memoryOverhead: expected a Spark size such as 512m, received "${size.memoryOverhead}"`,
    );
  }
  return issues;
}

function executorCountIssues(executor: SparkExecutorInput): string[] {
  const dynamic = executor.dynamicAllocation;
  if ((executor.instances === undefined) === (dynamic === undefined)) {
    return ["executor: give instances or dynamicAllocation, exactly one"];
  }
  if (!dynamic) {
    return wholeAtLeast(executor.instances, 1)
      ? []
      : [`executor.instances: expected a whole number of at least 1, received ${executor.instances}`];
  }
  const { minExecutors: min, maxExecutors: max, initialExecutors: initial } = dynamic;
  if (!wholeAtLeast(min, 0) || !wholeAtLeast(max, 1) || min > max) {
    return [
      `executor.dynamicAllocation: expected whole numbers 0 <= minExecutors <= maxExecutors, maxExecutors >= 1, received ${min}..${max}`,
    ];
  }
  if (initial !== undefined && !(Number.isInteger(initial) && initial >= min && initial <= max)) {
    return [
      `executor.dynamicAllocation.initialExecutors: expected a whole number from ${min} to ${max}, received ${initial}`,
    ];
  }
  return [];
}

function envIssues(env: ReadonlyArray<EnvVar>, where: string): string[] {
  const issues = duplicates(env.map((e) => e.name)).map((name) => `${where}: variable ${name} is set twice`);
  env.forEach((e) => {
    if (!ENV_NAME.test(e.name)) issues.push(`${where}: "${e.name}" is not a valid variable name`);
    const sources = (e.valueFrom ? [e.valueFrom.secretKeyRef, e.valueFrom.configMapKeyRef] : []).filter(
      Boolean,
    );
    if ((e.value !== undefined) === (e.valueFrom !== undefined) || (e.valueFrom && sources.length !== 1)) {
      issues.push(`${where}: ${e.name} needs a value or one secretKeyRef/configMapKeyRef, exactly one`);
    }
  });
  return issues;
}

function mountIssues(
  mounts: ReadonlyArray<VolumeMount>,
  volumes: ReadonlySet<string>,
  where: string,
): string[] {
  const issues = duplicates(mounts.map((m) => m.mountPath)).map((p) => `${where}: two mounts at ${p}`);
  mounts.forEach((m) => {
    if (!volumes.has(m.name))
      issues.push(`${where}: mounts volume "${m.name}", which volumes does not declare`);
    if (!m.mountPath.startsWith("/")) issues.push(`${where}: mountPath "${m.mountPath}" is not absolute`);
  });
  return issues;
}

/** Every reason the operator, its webhook or Spark would trip on these pods; empty when none. */
export function sparkPodsIssues(input: SparkPodsInput): string[] {
  const volumes = input.volumes ?? [];
  const mounts = input.volumeMounts ?? [];
  const inits = input.initContainers ?? [];
  const declared = new Set(volumes.map((v) => v.name));
  const mounted = new Set(mounts.map((m) => m.name));
  const issues = [
    ...sizeIssues("driver", input.driver, MIN_DRIVER_MEMORY_MIB),
    ...sizeIssues("executor", input.executor, MIN_EXECUTOR_MEMORY_MIB),
    ...executorCountIssues(input.executor),
    ...envIssues(input.env ?? [], "env"),
    ...mountIssues(mounts, declared, "volumeMounts"),
    ...duplicates(volumes.map((v) => v.name)).map((name) => `volumes: "${name}" is declared twice`),
    ...duplicates(inits.map((c) => c.name)).map((name) => `initContainers: "${name}" is declared twice`),
  ];
  volumes.forEach((v) => {
    const sources = [v.emptyDir, v.configMap, v.secret].filter((s) => s !== undefined).length;
    if (!DNS_LABEL.test(v.name)) issues.push(`volumes: "${v.name}" is not a DNS-1123 label`);
    if (sources !== 1) issues.push(`volumes: "${v.name}" needs one of emptyDir, configMap or secret`);
    // submission.go hands spark-local-dir-* volumes to Spark, which takes emptyDir/hostPath/nfs/PVC.
    if (v.name.startsWith(LOCAL_DIR_VOLUME_PREFIX) && !v.emptyDir)
      issues.push(
        `volumes: "${v.name}" is a Spark local dir (${LOCAL_DIR_VOLUME_PREFIX}*) and must be an emptyDir`,
      );
    const users = [...mounts, ...inits.flatMap((c) => c.volumeMounts ?? [])].filter((m) => m.name === v.name);
    if (users.length === 0) issues.push(`volumes: "${v.name}" is mounted by no container`);
  });
  inits.forEach((c) => {
    const where = `initContainers.${c.name}`;
    if (!DNS_LABEL.test(c.name)) issues.push(`${where}: name is not a DNS-1123 label`);
    const pin = imageProblem(c.image);
    if (pin) issues.push(`${where}: image "${c.image}" ${pin}`);
    issues.push(
      ...envIssues(c.env ?? [], `${where}.env`),
      ...mountIssues(c.volumeMounts ?? [], declared, where),
    );
    // The webhook (sparkpod_defaulter.go addVolumes) adds only the volumes the Spark container mounts.
    (c.volumeMounts ?? [])
      .filter(
        (m) => declared.has(m.name) && !mounted.has(m.name) && !m.name.startsWith(LOCAL_DIR_VOLUME_PREFIX),
      )
      .forEach((m) =>
        issues.push(
          `${where}: volume "${m.name}" must also be in volumeMounts: the webhook adds only volumes the Spark container mounts`,
        ),
      );
  });
  return issues;
}

/** The CRD fields shared by `spec.driver` and `spec.executor`: size, account, environment, mounts, placement. */
export function sparkPodSpec(
  input: SparkPodsInput,
  role: "driver" | "executor",
  serviceAccount: string,
): Record<string, unknown> {
  const size = input[role];
  const copy = <T>(items: ReadonlyArray<T> | undefined): T[] | undefined =>
    items && items.length > 0 ? (JSON.parse(JSON.stringify(items)) as T[]) : undefined;
  const fields: Record<string, unknown> = {
    cores: size.cores,
    coreLimit: size.coreLimit,
    memory: size.memory,
    memoryOverhead: size.memoryOverhead,
    serviceAccount,
    env: copy(input.env),
    initContainers: copy(input.initContainers),
    volumeMounts: copy(input.volumeMounts),
    ...placementValues(input.placement ?? {}),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
