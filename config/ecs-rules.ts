import { ecsTaskMemoryMiB } from "../constructs/ecs/ecs-user-data";
import {
  MIN_MASTER_TASK_MEMORY_MIB,
  MIN_WORKER_TASK_MEMORY_MIB,
  SPARK_DAEMON_MEMORY_MIB,
} from "../constructs/ecs/spark-commands";
import { RESERVED_SPARK_ENVIRONMENT } from "../constructs/ecs/spark-ports";
import { isSecretKey } from "../constructs/guardrails/literal-secrets";
import { instanceResources, MEMORY_GIB_PER_VCPU } from "./catalogue/instance-resources";
import type { ConfigIssue } from "./errors";
import type { ParsedEnvironment } from "./schema";

/** Days production ECS logs are kept at least (as the cluster's control-plane logs). */
export const PRODUCTION_MIN_ECS_LOG_RETENTION_DAYS = 365;

type Sizes = { readonly minSize: number; readonly desiredSize: number; readonly maxSize: number };

function sizeIssues(path: string, { minSize, desiredSize, maxSize }: Sizes): ConfigIssue[] {
  return minSize <= desiredSize && desiredSize <= maxSize
    ? []
    : [
        {
          path,
          message: "expected minSize ≤ desiredSize ≤ maxSize",
          received: { minSize, desiredSize, maxSize },
        },
      ];
}

/**
 * Rules on `ecs`: only where the environment has a VPC of its own, instance types whose size the
 * catalogue knows, consistent group sizes, Spark tasks that fit an instance, no secret or reserved
 * name in the environment, and the rack capacity only on an `outpost-extended` environment.
 */
export function ecsIssues(env: ParsedEnvironment): ConfigIssue[] {
  const ecs = env.ecs;
  const issues: ConfigIssue[] = [];
  const mode = env.cluster.mode;
  if (ecs.outpost?.enabled && mode !== "outpost-extended") {
    issues.push({
      path: "ecs.outpost.enabled",
      message: `expected false: a capacity provider on the rack needs cluster.mode "outpost-extended" (its Outpost subnet and a regional ECS control plane), not "${mode}"`,
      received: true,
    });
  }
  if (!ecs.enabled) return issues;
  // Capacity providers are named `<project>-<env>-ecs-…`; ECS refuses names that start with these.
  if (/^(?:aws|ecs|fargate)/.test(env.project)) {
    issues.push({
      path: "project",
      message:
        'expected a project name that does not start with "aws", "ecs" or "fargate" when ecs.enabled: it starts the names of the ECS capacity providers, which ECS refuses with those prefixes',
      received: env.project,
    });
  }
  if (mode === "kubeconfig") {
    return [
      {
        path: "ecs.enabled",
        message:
          'must be false when cluster.mode is "kubeconfig": the ECS cluster lives in the environment\'s VPC, which this mode has not',
        received: true,
      },
    ];
  }
  const instance = instanceResources(ecs.instanceType);
  if (!instance) {
    issues.push({
      path: "ecs.instanceType",
      message: `expected an instance type whose vCPUs and memory the catalogue knows (config/catalogue/instance-resources.ts: families ${Object.keys(MEMORY_GIB_PER_VCPU).join(", ")}, t3, t3a, t4g; no metal), so Spark's tasks can be checked against it`,
      received: ecs.instanceType,
    });
  }
  issues.push(...sizeIssues("ecs", ecs));
  if (env.production && ecs.logRetentionDays < PRODUCTION_MIN_ECS_LOG_RETENTION_DAYS) {
    issues.push({
      path: "ecs.logRetentionDays",
      message: `expected at least ${PRODUCTION_MIN_ECS_LOG_RETENTION_DAYS} days in a production environment`,
      received: ecs.logRetentionDays,
    });
  }
  const { master, workers, environment } = ecs.spark;
  if (instance) {
    const usable = ecsTaskMemoryMiB(instance.memoryMiB);
    const fits = (path: string, task: { cpu: number; memoryMiB: number }) => {
      if (task.memoryMiB > usable) {
        issues.push({
          path: `${path}.memoryMiB`,
          message: `expected at most ${usable} MiB: what ECS registers of a ${ecs.instanceType} (${instance.memoryMiB} MiB, less the kernel's share and the agent's reserve); the task would never be placed`,
          received: task.memoryMiB,
        });
      }
      if (task.cpu > instance.vcpus * 1024) {
        issues.push({
          path: `${path}.cpu`,
          message: `expected at most ${instance.vcpus * 1024} CPU units: a ${ecs.instanceType} has ${instance.vcpus} vCPUs`,
          received: task.cpu,
        });
      }
    };
    fits("ecs.spark.master", master);
    fits("ecs.spark.workers", workers);
  }
  if (workers.memoryMiB < MIN_WORKER_TASK_MEMORY_MIB) {
    issues.push({
      path: "ecs.spark.workers.memoryMiB",
      message: `expected at least ${MIN_WORKER_TASK_MEMORY_MIB} MiB: the worker daemon takes ${SPARK_DAEMON_MEMORY_MIB} MiB (1 GiB heap and its JVM) and must offer at least one default executor (1 GiB heap and 10 % beyond it)`,
      received: workers.memoryMiB,
    });
  }
  if (ecs.spark.master.memoryMiB < MIN_MASTER_TASK_MEMORY_MIB) {
    issues.push({
      path: "ecs.spark.master.memoryMiB",
      message: `expected at least ${MIN_MASTER_TASK_MEMORY_MIB} MiB: the master daemon has a 1 GiB heap and its JVM takes more beyond it`,
      received: ecs.spark.master.memoryMiB,
    });
  }
  Object.keys(environment).forEach((name) => {
    if (RESERVED_SPARK_ENVIRONMENT.includes(name)) {
      issues.push({
        path: `ecs.spark.environment.${name}`,
        message: `is set by the Spark tasks themselves (${RESERVED_SPARK_ENVIRONMENT.join(", ")}); choose another variable`,
        received: name,
      });
    } else if (isSecretKey(name, true)) {
      issues.push({
        path: `ecs.spark.environment.${name}`,
        message:
          "names a secret: task environment is stored in clear in the task definition; keep the value in Secrets Manager and inject it as a container secret",
        received: name,
      });
    }
  });
  const rack = ecs.outpost;
  if (rack?.enabled && env.outpost) {
    const families = env.outpost.instanceFamilies;
    if (!families.includes(rack.instanceType.split(".")[0])) {
      issues.push({
        path: "ecs.outpost.instanceType",
        message: `expected an instance type of the Outpost's families (${families.join(", ")}; see outpost.instanceFamilies)`,
        received: rack.instanceType,
      });
    }
    issues.push(...sizeIssues("ecs.outpost", rack));
  }
  return issues;
}
