import { mebibytes, millicores } from "../constructs/addons/common/size-profile";
import { applicationFootprint } from "../constructs/addons/spark-operator/application-footprint";
import { cronIssue } from "../constructs/addons/spark-operator/application-schedule";
import {
  MIN_DRIVER_MEMORY_MIB,
  MIN_EXECUTOR_MEMORY_MIB,
} from "../constructs/addons/spark-operator/application-pod";
import type { ConfigIssue } from "./errors";
import { DEFAULT_POOL } from "./node-pools";
import type { ParsedEnvironment } from "./schema";

/** The buckets the Spark jobs' identity can read (stacks/data-layout.ts SPARK_BUCKETS). */
export const SPARK_READABLE_BUCKETS = ["spark-jars", "spark-events", "spark-warehouse"] as const;

/** One application as config gives it (parsed, possibly read-only). */
export interface SparkApplicationSizing {
  readonly type: "Scala" | "Java" | "Python";
  readonly driver: { readonly cores: number; readonly memory: string };
  readonly executor: { readonly cores: number; readonly memory: string; readonly instances: number };
}

/** CPU (cores) and memory (MiB, with Spark's overhead) an application asks for at most: its driver and all its executors. */
export function sparkApplicationFootprint(app: SparkApplicationSizing): { cpu: number; memoryMiB: number } {
  const total = applicationFootprint({ type: app.type, driver: app.driver, executor: app.executor }).total;
  return { cpu: total.cpuCores, memoryMiB: total.memoryMiB };
}

/** Least heap Spark accepts: 512m for a driver, 450m for an executor (`UnifiedMemoryManager`). */
const MIN_HEAP_MIB = { driver: MIN_DRIVER_MEMORY_MIB, executor: MIN_EXECUTOR_MEMORY_MIB } as const;

/**
 * A driver or executor size after the size profile: the heap divided (never below Spark's floor),
 * cores divided and kept whole (at least 1). What the manifests ask for, and what the NodePool rule checks.
 */
export function profiledSparkSize(
  env: {
    readonly data: { readonly sizeProfile: "standard" | "small"; readonly smallProfileDivisor: number };
  },
  size: { readonly cores: number; readonly memory: string },
  role: "driver" | "executor",
): { cores: number; memory: string } {
  if (env.data.sizeProfile !== "small") return { cores: size.cores, memory: size.memory };
  const divisor = env.data.smallProfileDivisor;
  const mib = Number(size.memory.slice(0, -1)) * (size.memory.endsWith("g") ? 1024 : 1);
  return {
    cores: Math.max(1, Math.floor(size.cores / divisor)),
    memory: `${Math.max(MIN_HEAP_MIB[role], Math.ceil(mib / divisor))}m`,
  };
}

/** Rules of `data.spark` that depend on other fields (buckets, NodePools, schedules). */
export function sparkIssues(env: ParsedEnvironment): ConfigIssue[] {
  const spark = env.data.spark;
  if (!spark) return [];
  const issues: ConfigIssue[] = [];
  if (!(SPARK_READABLE_BUCKETS as ReadonlyArray<string>).includes(spark.jarsBucket)) {
    issues.push({
      path: "data.spark.jarsBucket",
      message: `Spark is enabled without an object-store bucket for jars: expected one of the Spark buckets the jobs can read (${SPARK_READABLE_BUCKETS.join(", ")})`,
      received: spark.jarsBucket,
    });
  }
  const names = new Set<string>();
  const pool = env.karpenter.enabled ? env.karpenter.nodePools[DEFAULT_POOL] : undefined;
  spark.applications.forEach((app, index) => {
    const at = `data.spark.applications[${index}]`;
    if (names.has(app.name) || app.name === "spark-pi") {
      issues.push({
        path: `${at}.name`,
        message: "expected a name no other application (nor the example, spark-pi) uses",
        received: app.name,
      });
    }
    names.add(app.name);
    const python = app.type === "Python";
    if (python && app.mainClass) {
      issues.push({
        path: `${at}.mainClass`,
        message: "is not used by a Python application; remove it",
        received: app.mainClass,
      });
    }
    if (!python && !app.mainClass) {
      issues.push({
        path: `${at}.mainClass`,
        message: `expected the main class of the ${app.type} application`,
      });
    }
    if (!app.file.endsWith(python ? ".py" : ".jar")) {
      issues.push({
        path: `${at}.file`,
        message: `expected a ${python ? ".py file" : ".jar (an assembly jar with its dependencies: extra s3a:// jars are not resolved by the operator's spark-submit)"}`,
        received: app.file,
      });
    }
    if (app.schedule !== undefined) {
      const problem = cronIssue(app.schedule);
      if (problem) {
        issues.push({
          path: `${at}.schedule`,
          message: `expected a cron schedule the spark-operator accepts: ${problem}`,
          received: app.schedule,
        });
      }
    }
    const limits = pool?.limits;
    if (limits) {
      // What the pods ask for: the sizes after the size profile.
      const need = sparkApplicationFootprint({
        type: app.type,
        driver: profiledSparkSize(env, app.driver, "driver"),
        executor: { ...profiledSparkSize(env, app.executor, "executor"), instances: app.executor.instances },
      });
      const cpu = limits.cpu !== undefined ? millicores(limits.cpu) / 1000 : Infinity;
      const memory = limits.memory !== undefined ? mebibytes(limits.memory) : Infinity;
      if (need.cpu > cpu || need.memoryMiB > memory) {
        issues.push({
          path: `${at}.executor`,
          message: `asks for ${need.cpu} cores and ${need.memoryMiB} MiB (driver and ${app.executor.instances} executors after the ${env.data.sizeProfile} size profile, with Spark's memory overhead) but the "${DEFAULT_POOL}" NodePool its pods run on is limited to ${limits.cpu ?? "∞"} cores and ${limits.memory ?? "∞"}: it could never run whole; lower the executors or raise karpenter.nodePools.${DEFAULT_POOL}.limits`,
          received: { driver: app.driver, executor: app.executor },
        });
      }
    }
  });
  return issues;
}
