import { millicores, type ContainerResources } from "./size-profile";

/** Least CPU a JVM server requests, however small the profile: below it, start-up takes minutes. */
export const MIN_JVM_CPU_REQUEST_MILLICORES = 100;

/**
 * Resources of a long-running JVM server (the Hive Metastore, the Spark History Server) from its
 * sized ones: no CPU limit (a throttled JVM, e.g. 50m in the `small` profile, starts in minutes and
 * fails its probes; Trino's pods have none either), a CPU request of at least 100m, and memory
 * requested as much as it is limited to (the heap is sized from the limit, so a lower request only
 * invites eviction).
 */
export function jvmServerResources(resources: ContainerResources): ContainerResources {
  const cpu = resources.requests?.cpu ?? "0m";
  const memory = resources.limits?.memory ?? resources.requests?.memory;
  return {
    requests: {
      cpu: `${Math.max(MIN_JVM_CPU_REQUEST_MILLICORES, millicores(cpu))}m`,
      ...(memory ? { memory } : {}),
    },
    limits: memory ? { memory } : {},
  };
}
