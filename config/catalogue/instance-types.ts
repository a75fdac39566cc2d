/**
 * EC2 instance types: the grammar of a type name, the sizes of common families, and the CPU
 * architecture a type runs, so that `m5.nano` or `t3.48xlarge` is refused at synth, not at apply.
 *
 * Sources (checked 2026-12):
 * - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-instance.html
 *   (`InstanceType` allowed values: every size of every family below, e.g. c5 has 9xlarge and
 *   18xlarge, m7i and c7i have metal-24xl and metal-48xl, m7a/c7a/r7a have metal-48xl only)
 * - https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html (general purpose "Available sizes"
 *   and "Platform summary": Graviton families are arm64, Mac2 families arm64_mac, M7i-flex has no
 *   metal)
 * - https://github.com/awsdocs/amazon-ec2-user-guide/blob/master/doc_source/instance-types.md
 *   (sizes of the compute, memory, storage and accelerated families, as of 2023)
 *
 * The table cannot hold every family AWS sells: a well-formed type of a family missing from it is
 * accepted. Add a family to {@link INSTANCE_FAMILY_SIZES} to check its sizes.
 */

/** CPU architecture of an instance type, as EKS AMI types and Karpenter name it. */
export type Architecture = "arm64" | "x86_64";

/**
 * `<family>.<size>`: the family is series letters, generation digits, optional option letters and
 * an optional `-suffix` (`m7i-flex`, `mac2-m2pro`, `u7i-12tb`); or a `u-<n>tb<n>` High Memory family.
 */
const FAMILY = /^(?:u-\d+tb\d+|[a-z]+\d+[a-z]*(?:-[a-z0-9]+)?)$/;
const SIZE = /^(?:nano|micro|small|medium|large|xlarge|(?:[2-9]|[1-9]\d+)xlarge|metal|metal-\d+xl)$/;

const L24 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"] as const;
const L32 = [...L24, "32xlarge"] as const;
const L48 = [...L32, "48xlarge"] as const;
/** Sizes of the 7th-generation Intel families (no 32xlarge; two metal sizes). */
const INTEL7 = [...L24, "48xlarge", "metal-24xl", "metal-48xl"] as const;
/** Sizes of the 7th-generation AMD families. */
const AMD7 = ["medium", ...L48, "metal-48xl"] as const;
/** Sizes of Graviton2 and Graviton3 families (medium to 16xlarge). */
const GRAVITON = [
  "medium",
  "large",
  "xlarge",
  "2xlarge",
  "4xlarge",
  "8xlarge",
  "12xlarge",
  "16xlarge",
] as const;
/** Sizes of Graviton4 families. */
const GRAVITON4 = [...GRAVITON, "24xlarge", "48xlarge", "metal-24xl", "metal-48xl"] as const;
const BURSTABLE = ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"] as const;

/** Sizes of common families (CloudFormation's allowed values). Extend as the project uses more. */
export const INSTANCE_FAMILY_SIZES: Readonly<Record<string, ReadonlyArray<string>>> = {
  a1: ["medium", "large", "xlarge", "2xlarge", "4xlarge", "metal"],
  m5: [...L24, "metal"],
  m5a: L24,
  m5d: [...L24, "metal"],
  m5n: [...L24, "metal"],
  m6i: [...L32, "metal"],
  m6a: [...L48, "metal"],
  m6g: [...GRAVITON, "metal"],
  m6gd: [...GRAVITON, "metal"],
  m7i: INTEL7,
  "m7i-flex": ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  m7a: AMD7,
  m7g: [...GRAVITON, "metal"],
  m8g: GRAVITON4,
  c5: ["large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge", "metal"],
  c5n: ["large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "18xlarge", "metal"],
  c6i: [...L32, "metal"],
  c6g: [...GRAVITON, "metal"],
  c6gn: GRAVITON,
  c7i: INTEL7,
  c7a: AMD7,
  c7g: [...GRAVITON, "metal"],
  c8g: GRAVITON4,
  r5: [...L24, "metal"],
  r5a: L24,
  r5b: [...L24, "metal"],
  r5d: [...L24, "metal"],
  r5n: [...L24, "metal"],
  r6i: [...L32, "metal"],
  r6a: [...L48, "metal"],
  r6g: [...GRAVITON, "metal"],
  r7i: INTEL7,
  r7a: AMD7,
  r7g: [...GRAVITON, "metal"],
  r8g: GRAVITON4,
  t3: BURSTABLE,
  t3a: BURSTABLE,
  t4g: BURSTABLE,
  g4dn: ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "metal"],
  g5: ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"],
  i3: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge", "metal"],
  i3en: ["large", "xlarge", "2xlarge", "3xlarge", "6xlarge", "12xlarge", "24xlarge", "metal"],
  i4i: [...L32, "metal"],
  x2idn: ["16xlarge", "24xlarge", "32xlarge", "metal"],
  z1d: ["large", "xlarge", "2xlarge", "3xlarge", "6xlarge", "12xlarge", "metal"],
};

/** Families whose architecture the name does not tell (no Graviton `g` option letter). */
export const ARCHITECTURE_EXCEPTIONS: Readonly<Record<string, Architecture>> = {
  a1: "arm64",
  mac2: "arm64",
  "mac2-m1ultra": "arm64",
  "mac2-m2": "arm64",
  "mac2-m2pro": "arm64",
  "p6e-gb200": "arm64",
};

/** A parsed instance type. */
export interface InstanceTypeParts {
  readonly family: string;
  readonly size: string;
}

/** Splits `m7g.large` into family and size; undefined when the name is malformed. */
export function parseInstanceType(type: string): InstanceTypeParts | undefined {
  const dot = type.lastIndexOf(".");
  const family = type.slice(0, dot);
  const size = type.slice(dot + 1);
  if (dot < 0 || !FAMILY.test(family) || !SIZE.test(size)) return undefined;
  return { family, size };
}

/** Whether {@link INSTANCE_FAMILY_SIZES} lists the sizes of `family`. */
export function isKnownFamily(family: string): boolean {
  return Object.prototype.hasOwnProperty.call(INSTANCE_FAMILY_SIZES, family);
}

/**
 * Why `type` is refused: malformed, or a size its (known) family does not have; the message says
 * what is allowed. Undefined when valid, including a well-formed type of a family not in the table.
 */
export function instanceTypeIssue(type: string): string | undefined {
  const parts = parseInstanceType(type);
  if (!parts) {
    return (
      "expected an EC2 instance type <family>.<size> such as m7i.large: the family is series letters, " +
      "generation digits and option letters (m5, m6gd, c6gn, r7iz, m7i-flex, u-6tb1), the size is nano, " +
      "micro, small, medium, large, xlarge, <n>xlarge, metal or metal-<n>xl"
    );
  }
  if (!isKnownFamily(parts.family)) return undefined;
  const sizes = INSTANCE_FAMILY_SIZES[parts.family];
  if (sizes.includes(parts.size)) return undefined;
  return `expected a size ${parts.family} has: ${sizes.map((size) => `${parts.family}.${size}`).join(", ")}`;
}

/**
 * The architecture of `type`: arm64 for Graviton families (a `g` among the option letters after
 * the generation: m7g, c6gn, r8gd, t4g, x2gd, im4gn, is4gen) and {@link ARCHITECTURE_EXCEPTIONS};
 * x86_64 otherwise. Undefined when `type` is malformed.
 */
export function architectureOf(type: string): Architecture | undefined {
  const parts = parseInstanceType(type);
  if (!parts) return undefined;
  const exception = ARCHITECTURE_EXCEPTIONS[parts.family];
  if (exception) return exception;
  return /^[a-z]+\d+[a-z]*g[a-z]*(?:-|$)/.test(parts.family) ? "arm64" : "x86_64";
}
