/**
 * Size profiles of the data platform: `standard` requests what a real cluster should reserve;
 * `small` divides every CPU and memory request and limit by one divisor, for a single small node
 * (what the seeds did by hand, value by value). Every values builder calls {@link sized}; none
 * writes a request itself.
 */

/** `standard`, or `small` with its divisor (at least 1). */
export type SizeProfile =
  { readonly name: "standard" } | { readonly name: "small"; readonly divisor: number };

/** CPU and memory of one container, as Kubernetes quantities (`500m`, `2`, `1Gi`, `512Mi`). */
export interface ComputeQuantities {
  readonly cpu?: string;
  readonly memory?: string;
}

/** Requests and limits of one container. */
export interface ContainerResources {
  readonly requests?: ComputeQuantities;
  readonly limits?: ComputeQuantities;
}

/** The `standard` profile. */
export const STANDARD_PROFILE: SizeProfile = { name: "standard" };
/** Divisor of the `small` profile unless configured. */
export const DEFAULT_SMALL_DIVISOR = 20;
/** Least CPU a container is given, in millicores, however small the profile. */
export const MIN_CPU_MILLICORES = 5;
/** Least memory a container is given, in MiB, however small the profile. */
export const MIN_MEMORY_MIB = 16;

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)?$/;
const MIB_PER_UNIT: Readonly<Record<string, number>> = {
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
  "": 1 / 1048576,
};

/** Millicores of a CPU quantity (`2` → 2000, `250m` → 250). */
export function millicores(quantity: string): number {
  const match = CPU.exec(quantity);
  if (!match) throw new Error(`not a CPU quantity: "${quantity}" (expected e.g. 500m or 2)`);
  return match[2] === "m" ? Number(match[1]) : Number(match[1]) * 1000;
}

/** MiB of a memory quantity (`1Gi` → 1024, `512Mi` → 512). */
export function mebibytes(quantity: string): number {
  const match = MEMORY.exec(quantity);
  if (!match) throw new Error(`not a memory quantity: "${quantity}" (expected e.g. 512Mi or 2Gi)`);
  return Number(match[1]) * MIB_PER_UNIT[match[2] ?? ""];
}

function divide(quantities: ComputeQuantities | undefined, divisor: number): ComputeQuantities | undefined {
  if (!quantities) return undefined;
  return {
    ...(quantities.cpu !== undefined
      ? { cpu: `${Math.max(MIN_CPU_MILLICORES, Math.ceil(millicores(quantities.cpu) / divisor))}m` }
      : {}),
    ...(quantities.memory !== undefined
      ? { memory: `${Math.max(MIN_MEMORY_MIB, Math.ceil(mebibytes(quantities.memory) / divisor))}Mi` }
      : {}),
  };
}

/**
 * The resources of a container under a profile: unchanged for `standard`; for `small`, every CPU
 * and memory quantity divided by the divisor, rounded up, and never below 5m / 16Mi. A container
 * whose process cannot start below some memory (Airflow's Python processes) gives that
 * `memoryLimitFloor`: its divided memory limit is raised to it (requests stay divided, so a small
 * node still schedules it).
 */
export function sized(
  profile: SizeProfile,
  resources: ContainerResources,
  memoryLimitFloor?: string,
): ContainerResources {
  if (profile.name === "standard") return resources;
  if (!(profile.divisor >= 1))
    throw new Error(`small profile divisor must be at least 1, received ${profile.divisor}`);
  const requests = divide(resources.requests, profile.divisor);
  let limits = divide(resources.limits, profile.divisor);
  if (limits?.memory && memoryLimitFloor && mebibytes(limits.memory) < mebibytes(memoryLimitFloor)) {
    limits = { ...limits, memory: memoryLimitFloor };
  }
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}
