import {
  applicationFootprint,
  quantityValue,
  sparkMemoryMiB,
} from "../../../../constructs/addons/spark-operator/application-footprint";
import type { SparkPodsInput } from "../../../../constructs/addons/spark-operator/application-pod";

// Expected values worked by hand from Spark 3.5's formula (apache/spark v3.5.5, BasicDriverFeatureStep,
// ResourceProfile.calculateOverHeadMemory): pod memory = heap + (memoryOverhead, else
// max(384, trunc(factor × heap))), factor 0.10 for JVM apps, 0.40 for Python (NON_JVM_MEMORY_OVERHEAD_FACTOR);
// executors add off-heap (when enabled) and spark.executor.pyspark.memory (Python).
const JAVA: SparkPodsInput = {
  type: "Java",
  driver: { cores: 1, memory: "2g" },
  executor: { cores: 2, memory: "4g", instances: 3 },
  initContainers: [
    { name: "fetch-jars", image: "x:1", resources: { requests: { cpu: "50m", memory: "64Mi" } } },
  ],
};

describe("applicationFootprint", () => {
  it("sizes a JVM app: 0.10 factor under the 384 MiB floor for the driver, above it for executors", () => {
    // driver: 2048 + max(384, trunc(204.8)) = 2432; executor: 4096 + trunc(409.6) = 4505
    expect(applicationFootprint(JAVA)).toEqual({
      driver: { cpuCores: 1, memoryMiB: 2432 },
      executor: { cpuCores: 2, memoryMiB: 4505 },
      maxExecutors: 3,
      total: { cpuCores: 7, memoryMiB: 2432 + 3 * 4505 },
      largestPod: { cpuCores: 2, memoryMiB: 4505 },
    });
  });

  it("sizes a Python app with the 0.40 factor, PySpark memory and dynamic allocation's maximum", () => {
    const python: SparkPodsInput = {
      type: "Python",
      sparkConf: { "spark.executor.pyspark.memory": "512m" },
      driver: { cores: 1, memory: "1g" },
      executor: { cores: 1, memory: "2g", dynamicAllocation: { minExecutors: 1, maxExecutors: 5 } },
    };
    // driver: 1024 + trunc(409.6) = 1433; executor: 2048 + trunc(819.2) + 512 = 3379
    expect(applicationFootprint(python)).toEqual({
      driver: { cpuCores: 1, memoryMiB: 1433 },
      executor: { cpuCores: 1, memoryMiB: 3379 },
      maxExecutors: 5,
      total: { cpuCores: 6, memoryMiB: 1433 + 5 * 3379 },
      largestPod: { cpuCores: 1, memoryMiB: 3379 },
    });
  });

  it("takes an explicit memoryOverhead as is", () => {
    const f = applicationFootprint({
      ...JAVA,
      driver: { cores: 1, memory: "2g", memoryOverhead: "1g" },
      executor: { cores: 2, memory: "4g", memoryOverhead: "512m", instances: 1 },
    });
    expect([f.driver.memoryMiB, f.executor.memoryMiB]).toEqual([2048 + 1024, 4096 + 512]);
  });

  it("prefers spark.{driver,executor}.memoryOverheadFactor, then spark.kubernetes.memoryOverheadFactor", () => {
    const f = applicationFootprint({
      ...JAVA,
      sparkConf: {
        "spark.kubernetes.memoryOverheadFactor": "0.25",
        "spark.executor.memoryOverheadFactor": "0.5",
      },
      driver: { cores: 1, memory: "8g" },
      executor: { cores: 1, memory: "3000m", instances: 1 },
    });
    // driver: 8192 + 0.25 × 8192 = 10240; executor: 3000 + 0.5 × 3000 = 4500
    expect([f.driver.memoryMiB, f.executor.memoryMiB]).toEqual([10240, 4500]);
  });

  it("lets spark.kubernetes.memoryOverheadFactor replace Python's 0.40, still floored at 384 MiB", () => {
    const f = applicationFootprint({
      type: "Python",
      sparkConf: { "spark.kubernetes.memoryOverheadFactor": "0.25" },
      driver: { cores: 1, memory: "1g" },
      executor: { cores: 1, memory: "2g", instances: 1 },
    });
    // driver: 1024 + max(384, 256) = 1408; executor: 2048 + 512 = 2560
    expect([f.driver.memoryMiB, f.executor.memoryMiB]).toEqual([1408, 2560]);
  });

  it("adds off-heap memory (in bytes unless a unit is given) to executors only", () => {
    const offHeap = (size: string) =>
      applicationFootprint({
        ...JAVA,
        sparkConf: { "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": size },
      });
    expect([offHeap("1073741824").driver.memoryMiB, offHeap("1073741824").executor.memoryMiB]).toEqual([
      2432,
      4505 + 1024,
    ]);
    expect(offHeap("2g").executor.memoryMiB).toBe(4505 + 2048);
  });

  it("counts an init container larger than the Spark container, per resource, and its limits when it has no requests", () => {
    const f = applicationFootprint({
      type: "Java",
      driver: { cores: 1, memory: "512m" },
      executor: { cores: 2, memory: "1g", instances: 2 },
      initContainers: [
        { name: "big", image: "x:1", resources: { requests: { cpu: "1500m", memory: "3Gi" } } },
        { name: "limited", image: "x:1", resources: { limits: { cpu: "250m", memory: "128Mi" } } },
      ],
    });
    // driver: max(1, 1.5) cores, max(512 + 384, 3072) MiB; executor: max(2, 1.5), max(1024 + 384, 3072)
    expect(f.driver).toEqual({ cpuCores: 1.5, memoryMiB: 3072 });
    expect(f.executor).toEqual({ cpuCores: 2, memoryMiB: 3072 });
    expect(f.total).toEqual({ cpuCores: 5.5, memoryMiB: 3 * 3072 });
    const limitsOnly = applicationFootprint({
      ...JAVA,
      initContainers: [{ name: "l", image: "x:1", resources: { limits: { cpu: "3", memory: "128Mi" } } }],
    });
    expect(limitsOnly.driver.cpuCores).toBe(3);
  });
});

describe("sparkMemoryMiB (JavaUtils.byteStringAs)", () => {
  it.each([
    ["512m", 512],
    ["2g", 2048],
    ["1G", 1024],
    ["2gb", 2048],
    ["1024", 1024],
    ["1t", 1048576],
    ["1536k", 1],
  ])("reads %s as %d MiB", (value, mib) => {
    expect(sparkMemoryMiB(value)).toBe(mib);
  });

  it("reads a bare number in bytes when told so (spark.memory.offHeap.size)", () => {
    expect([sparkMemoryMiB("1048576", "b"), sparkMemoryMiB("1g", "b")]).toEqual([1, 1024]);
  });

  it.each(["1.5g", "2x", "", "-1g", "2Gi"])("refuses %j", (value) => {
    expect(() => sparkMemoryMiB(value)).toThrow(/not a Spark size/);
  });
});

describe("quantityValue (Kubernetes quantities)", () => {
  it.each([
    ["250m", 0.25],
    ["2", 2],
    ["1.5", 1.5],
    ["1k", 1000],
    ["1e3", 1000],
    ["512Mi", 536870912],
    ["1Gi", 1073741824],
  ])("reads %s as %d", (value, expected) => {
    expect(quantityValue(value)).toBe(expected);
  });

  it.each(["1.5.5", "one", "1GB", ""])("refuses %j", (value) => {
    expect(() => quantityValue(value)).toThrow(/not a Kubernetes quantity/);
  });
});
