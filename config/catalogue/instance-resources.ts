/**
 * vCPUs and memory of EC2 instance types, derived from the family's memory per vCPU and the size's
 * vCPU count, so that a task larger than its instance is refused at synth (ECS would leave it
 * PENDING forever). Covers the families of {@link INSTANCE_FAMILY_SIZES} except bare metal.
 *
 * Sources (checked 2026-12): https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html,
 * co.html, mo.html, so.html, ac.html ("Instance specifications": vCPUs and memory of each size).
 * Sizes follow one rule outside the burstable families: medium 1 vCPU, large 2, xlarge 4,
 * `<n>xlarge` 4·n; memory is the family's GiB per vCPU times the vCPUs.
 */
import { INSTANCE_FAMILY_SIZES, parseInstanceType } from "./instance-types";

/** What an instance type offers. */
export interface InstanceResources {
  readonly vcpus: number;
  readonly memoryMiB: number;
}

/** GiB of memory per vCPU, by family (the non-burstable families of the catalogue). */
export const MEMORY_GIB_PER_VCPU: Readonly<Record<string, number>> = {
  a1: 2,
  m5: 4,
  m5a: 4,
  m5d: 4,
  m5n: 4,
  m6i: 4,
  m6a: 4,
  m6g: 4,
  m6gd: 4,
  m7i: 4,
  "m7i-flex": 4,
  m7a: 4,
  m7g: 4,
  m8g: 4,
  c5: 2,
  c5n: 2.625,
  c6i: 2,
  c6g: 2,
  c6gn: 2,
  c7i: 2,
  c7a: 2,
  c7g: 2,
  c8g: 2,
  r5: 8,
  r5a: 8,
  r5b: 8,
  r5d: 8,
  r5n: 8,
  r6i: 8,
  r6a: 8,
  r6g: 8,
  r7i: 8,
  r7a: 8,
  r7g: 8,
  r8g: 8,
  g4dn: 4,
  g5: 4,
  i3: 7.625,
  i3en: 8,
  i4i: 8,
  x2idn: 16,
  z1d: 8,
};

/** The burstable families: two vCPUs up to large, then 4 GiB per vCPU. */
const BURSTABLE: Readonly<Record<string, InstanceResources>> = {
  nano: { vcpus: 2, memoryMiB: 512 },
  micro: { vcpus: 2, memoryMiB: 1024 },
  small: { vcpus: 2, memoryMiB: 2048 },
  medium: { vcpus: 2, memoryMiB: 4096 },
  large: { vcpus: 2, memoryMiB: 8192 },
  xlarge: { vcpus: 4, memoryMiB: 16384 },
  "2xlarge": { vcpus: 8, memoryMiB: 32768 },
};
const BURSTABLE_FAMILIES = ["t3", "t3a", "t4g"];

function vcpusOf(size: string): number | undefined {
  if (size === "medium") return 1;
  if (size === "large") return 2;
  if (size === "xlarge") return 4;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? 4 * Number(multiple[1]) : undefined;
}

/**
 * The vCPUs and memory of `type`, or undefined when the catalogue does not know them: a family not
 * in the table, a size the family has not, or bare metal.
 */
export function instanceResources(type: string): InstanceResources | undefined {
  const parts = parseInstanceType(type);
  if (!parts || !(INSTANCE_FAMILY_SIZES[parts.family] ?? []).includes(parts.size)) return undefined;
  if (BURSTABLE_FAMILIES.includes(parts.family)) return BURSTABLE[parts.size];
  const perVcpu = MEMORY_GIB_PER_VCPU[parts.family];
  const vcpus = vcpusOf(parts.size);
  if (perVcpu === undefined || vcpus === undefined) return undefined;
  return { vcpus, memoryMiB: Math.round(vcpus * perVcpu * 1024) };
}
