/** Properties of {@link ecsUserData}. */
export interface EcsUserDataProps {
  /** Cluster the instance joins. */
  readonly clusterName: string;
  /**
   * Memory (MiB) the ECS agent keeps out of what it registers, for the OS and the agent itself.
   * @default 256
   */
  readonly reservedMemoryMiB?: number;
}

/** Memory the agent keeps back for the OS by default ({@link EcsUserDataProps.reservedMemoryMiB}). */
export const DEFAULT_ECS_RESERVED_MEMORY_MIB = 256;

/**
 * Share of an instance's nominal memory the ECS agent registers before `ECS_RESERVED_MEMORY`: the
 * kernel and firmware keep the rest (a c5.large, 4096 MiB, registers about 3790 MiB).
 */
export const ECS_REGISTERED_MEMORY_SHARE = 0.92;

/** Memory (MiB) tasks may use on an instance of `nominalMiB`, as the agent registers it. */
export function ecsTaskMemoryMiB(nominalMiB: number, reservedMiB = DEFAULT_ECS_RESERVED_MEMORY_MIB): number {
  return Math.floor(nominalMiB * ECS_REGISTERED_MEMORY_SHARE) - reservedMiB;
}

/**
 * User data of an ECS-optimised AL2023 instance: `/etc/ecs/ecs.config` naming the cluster, with task
 * IAM roles on, instance metadata blocked for awsvpc tasks (their credentials come from the task
 * role, never the instance's), and memory kept for the OS.
 */
export function ecsUserData(props: EcsUserDataProps): string {
  const settings: Record<string, string> = {
    ECS_CLUSTER: props.clusterName,
    ECS_ENABLE_TASK_IAM_ROLE: "true",
    ECS_AWSVPC_BLOCK_IMDS: "true",
    ECS_RESERVED_MEMORY: String(props.reservedMemoryMiB ?? DEFAULT_ECS_RESERVED_MEMORY_MIB),
    ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM: "ec2_instance",
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return ["#!/bin/bash", "cat >> /etc/ecs/ecs.config <<'EOF'", ...lines, "EOF", ""].join("\n");
}
