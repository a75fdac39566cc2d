/**
 * What a SparkApplication asks of the cluster: Spark sizes and Kubernetes quantities parsed as
 * Spark and Kubernetes read them, and the pod requests Spark 3.5 makes for a driver and its
 * executors (apache/spark v3.5.5: BasicDriverFeatureStep, BasicExecutorFeatureStep,
 * ResourceProfile.getResourcesForClusterManager), so an application larger than a NodePool's limits
 * or its largest node can be refused before it is submitted.
 */
import type { Container } from "../../kubernetes/pod-spec";
import { QUANTITY } from "../karpenter/manifest-rules";
import type { SparkPodSize, SparkPodsInput } from "./application-pod";

/** Spark's least memory overhead (`ResourceProfile.MEMORY_OVERHEAD_MIN_MIB`). */
export const MIN_OVERHEAD_MIB = 384;
/** Overhead factor of JVM apps (`spark.kubernetes.memoryOverheadFactor` default, Config.scala). */
export const JVM_OVERHEAD_FACTOR = 0.1;
/** Overhead factor of Python apps (`NON_JVM_MEMORY_OVERHEAD_FACTOR`, k8s Constants.scala). */
export const NON_JVM_OVERHEAD_FACTOR = 0.4;

/** CPU and memory requested by one pod, or by several. */
export interface PodFootprint {
  /** Cores (fractional when an init container asks for millicores). */
  readonly cpuCores: number;
  /** Memory in MiB, overhead included. */
  readonly memoryMiB: number;
}

/** What an application asks of the cluster at its largest. */
export interface ApplicationFootprint {
  /** The driver pod (its effective requests: Spark container or largest init container). */
  readonly driver: PodFootprint;
  /** One executor pod. */
  readonly executor: PodFootprint;
  /** Executors at most: `instances`, or dynamic allocation's `maxExecutors`. */
  readonly maxExecutors: number;
  /** Driver plus `maxExecutors` executors. */
  readonly total: PodFootprint;
  /** The most CPU and the most memory any single pod requests: what the largest node must fit. */
  readonly largestPod: PodFootprint;
}

const SPARK_SIZE = /^([0-9]+)([a-z]+)?$/;
/** MiB per unit of `JavaUtils.byteStringAs` (b, k, kb, m, mb, g, gb, t, tb, p, pb). */
const SPARK_UNITS: Readonly<Record<string, number>> = {
  b: 2 ** -20,
  k: 2 ** -10,
  kb: 2 ** -10,
  m: 1,
  mb: 1,
  g: 2 ** 10,
  gb: 2 ** 10,
  t: 2 ** 20,
  tb: 2 ** 20,
  p: 2 ** 30,
  pb: 2 ** 30,
};

/**
 * MiB of a Spark size as Spark reads it (`JavaUtils.byteStringAs`): digits and an optional unit,
 * case-insensitive, no fraction, rounded down; `defaultUnit` when none is given (MiB for
 * `spark.*.memory`, bytes for `spark.memory.offHeap.size`).
 */
export function sparkMemoryMiB(value: string, defaultUnit: "m" | "b" = "m"): number {
  const match = SPARK_SIZE.exec(value.trim().toLowerCase());
  const perUnit = match ? SPARK_UNITS[match[2] ?? defaultUnit] : undefined;
  if (!match || perUnit === undefined) {
    throw new Error(
      `not a Spark size: "${value}" (expected a whole number and b, k, m, g, t or p: 512m, 2g)`,
    );
  }
  return Math.floor(Number(match[1]) * perUnit);
}

const QUANTITY_SCALE: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a Kubernetes quantity (`250m` → 0.25, `1Gi` → 1073741824, `1e3` → 1000). */
export function quantityValue(value: string): number {
  const match = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(value);
  if (!QUANTITY.test(value) || !match) throw new Error(`not a Kubernetes quantity: "${value}"`);
  const suffix = match[2];
  const scale = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : QUANTITY_SCALE[suffix];
  return Number(match[1]) * scale;
}

/** Overhead factors of the driver and executors as Spark 3.5 picks them (BasicDriverFeatureStep). */
function overheadFactors(input: SparkPodsInput): { driver: number; executor: number } {
  const conf = input.sparkConf ?? {};
  const read = (key: string) => (conf[key] === undefined ? undefined : Number(conf[key]));
  const fallback = input.type === "Python" ? NON_JVM_OVERHEAD_FACTOR : JVM_OVERHEAD_FACTOR;
  // The driver hands its default factor to the executors as spark.kubernetes.memoryOverheadFactor.
  const common = read("spark.kubernetes.memoryOverheadFactor") ?? fallback;
  return {
    driver: read("spark.driver.memoryOverheadFactor") ?? common,
    executor: read("spark.executor.memoryOverheadFactor") ?? common,
  };
}

/** Memory of a Spark container: heap + (overhead ?? max(384, ⌊factor × heap⌋)) (ResourceProfile.scala). */
function containerMiB(size: SparkPodSize, factor: number): number {
  const heap = sparkMemoryMiB(size.memory);
  const overhead =
    size.memoryOverhead !== undefined
      ? sparkMemoryMiB(size.memoryOverhead)
      : Math.max(Math.trunc(factor * heap), MIN_OVERHEAD_MIB);
  return heap + overhead;
}

/** Extra executor memory: off-heap when enabled (bytes by default) and PySpark workers' (Python only). */
function executorExtraMiB(input: SparkPodsInput): number {
  const conf = input.sparkConf ?? {};
  const offHeapOn = conf["spark.memory.offHeap.enabled"]?.trim().toLowerCase() === "true";
  const offHeap = offHeapOn ? sparkMemoryMiB(conf["spark.memory.offHeap.size"] ?? "0", "b") : 0;
  const pyspark = conf["spark.executor.pyspark.memory"];
  return offHeap + (input.type === "Python" && pyspark !== undefined ? sparkMemoryMiB(pyspark) : 0);
}

/** A pod's effective request: per resource, the larger of its Spark container and its largest init container. */
function effective(cpuCores: number, memoryMiB: number, inits: ReadonlyArray<Container>): PodFootprint {
  const request = (c: Container, resource: "cpu" | "memory") =>
    c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
  const initMilli = inits.map((c) => Math.ceil(quantityValue(request(c, "cpu") ?? "0") * 1000 - 1e-6));
  const initMiB = inits.map((c) => Math.ceil(quantityValue(request(c, "memory") ?? "0") / 2 ** 20));
  return {
    cpuCores: Math.max(cpuCores * 1000, ...initMilli) / 1000,
    memoryMiB: Math.max(memoryMiB, ...initMiB),
  };
}

/**
 * CPU and memory the application requests at its largest: the driver and `maxExecutors` executors,
 * each pod's memory being heap + overhead (Spark 3.5: `spark.{driver,executor}.memoryOverhead`, else
 * max(384 MiB, ⌊factor × heap⌋) with factor 0.10 for JVM apps and 0.40 for Python unless
 * `spark.{driver,executor}.memoryOverheadFactor` or `spark.kubernetes.memoryOverheadFactor` say
 * otherwise), plus off-heap and PySpark memory on executors. Throws on sizes `sparkPodsIssues` refuses.
 */
export function applicationFootprint(input: SparkPodsInput): ApplicationFootprint {
  const factors = overheadFactors(input);
  const inits = input.initContainers ?? [];
  const driver = effective(input.driver.cores, containerMiB(input.driver, factors.driver), inits);
  const executorMiB = containerMiB(input.executor, factors.executor) + executorExtraMiB(input);
  const executor = effective(input.executor.cores, executorMiB, inits);
  const maxExecutors = input.executor.dynamicAllocation?.maxExecutors ?? input.executor.instances ?? 0;
  return {
    driver,
    executor,
    maxExecutors,
    total: {
      cpuCores: (driver.cpuCores * 1000 + maxExecutors * executor.cpuCores * 1000) / 1000,
      memoryMiB: driver.memoryMiB + maxExecutors * executor.memoryMiB,
    },
    largestPod: {
      cpuCores: Math.max(driver.cpuCores, executor.cpuCores),
      memoryMiB: Math.max(driver.memoryMiB, executor.memoryMiB),
    },
  };
}
