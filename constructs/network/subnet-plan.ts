import { IPv4, IPv4CidrRange, Validator } from "ip-num";

/** The three subnet tiers of the VPC. */
export type SubnetTier = "public" | "private" | "intra";

/** Prefix length of each tier's subnets. */
export interface SubnetPrefixLengths {
  /** Public subnets (NAT gateways, internet-facing load balancers). */
  readonly public: number;
  /** Private subnets (nodes, pods, internal load balancers, endpoints). */
  readonly private: number;
  /** Intra subnets (EKS control-plane ENIs; no route to the internet). */
  readonly intra: number;
}

/** One subnet of the plan. */
export interface PlannedSubnet {
  /** Tier of the subnet. */
  readonly tier: SubnetTier;
  /** Availability zone. */
  readonly availabilityZone: string;
  /** CIDR block, inside the VPC. */
  readonly cidr: string;
}

/** Subnets of every tier, one per AZ, in AZ order. */
export interface SubnetPlan {
  /** Prefix lengths used. */
  readonly prefixLengths: SubnetPrefixLengths;
  /** Public subnets. */
  readonly public: ReadonlyArray<PlannedSubnet>;
  /** Private subnets. */
  readonly private: ReadonlyArray<PlannedSubnet>;
  /** Intra subnets. */
  readonly intra: ReadonlyArray<PlannedSubnet>;
}

/** Inputs of {@link planSubnets}. */
export interface SubnetPlanInput {
  /** The VPC CIDR. */
  readonly vpcCidr: string;
  /** Availability zones, one subnet per tier in each. */
  readonly availabilityZones: ReadonlyArray<string>;
  /**
   * Prefix lengths to use instead of the ones derived from the VPC prefix.
   * @default derived by {@link defaultPrefixLengths}
   */
  readonly prefixLengths?: Partial<SubnetPrefixLengths>;
  /**
   * CIDRs inside the VPC that the plan must leave free (e.g. an Outpost subnet).
   * @default none
   */
  readonly reserved?: ReadonlyArray<string>;
}

/** Smallest subnet an application load balancer accepts. */
const LARGEST_PUBLIC_PREFIX = 27;
/** Smallest subnet AWS allows (and EKS requires for its control-plane ENIs). */
const LARGEST_PREFIX = 28;
const TIER_ORDER: ReadonlyArray<SubnetTier> = ["private", "public", "intra"];

/** Raised when a CIDR is malformed or the subnets do not fit. */
export class SubnetPlanError extends Error {}

/**
 * Prefix lengths for a VPC of the given prefix: private subnets an eighth of the VPC each
 * (room for pods with the VPC CNI), public subnets a 256th (at least /27 for ALBs), intra /28.
 */
export function defaultPrefixLengths(vpcPrefix: number): SubnetPrefixLengths {
  return {
    private: vpcPrefix + 3,
    public: Math.min(vpcPrefix + 8, LARGEST_PUBLIC_PREFIX),
    intra: Math.min(vpcPrefix + 12, LARGEST_PREFIX),
  };
}

/** Parses a CIDR that must start on its network boundary (`10.0.0.0/16`, not `10.0.0.1/16`). */
export function parseCidr(cidr: string): IPv4CidrRange {
  const [notation] = Validator.isValidIPv4CidrNotation(cidr);
  if (!notation) throw new SubnetPlanError(`"${cidr}" is not an IPv4 CIDR`);
  const [aligned] = Validator.isValidIPv4CidrRange(cidr);
  if (!aligned) throw new SubnetPlanError(`"${cidr}" does not start on its network boundary`);
  return IPv4CidrRange.fromCidr(cidr);
}

interface Span {
  readonly first: bigint;
  readonly last: bigint;
}

function spanOf(range: IPv4CidrRange): Span {
  return { first: range.getFirst().value, last: range.getLast().value };
}

function overlaps(a: Span, b: Span): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Whether `cidr` is a well-formed IPv4 CIDR starting on its network boundary. */
export function isValidCidr(cidr: string): boolean {
  try {
    parseCidr(cidr);
    return true;
  } catch {
    return false;
  }
}

/** Whether `inner` lies wholly inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = spanOf(parseCidr(outer));
  const i = spanOf(parseCidr(inner));
  return o.first <= i.first && i.last <= o.last;
}

/** Whether two CIDRs share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  return overlaps(spanOf(parseCidr(a)), spanOf(parseCidr(b)));
}

/**
 * Computes one subnet per tier per AZ from the VPC CIDR. Largest blocks are placed first, each
 * at the lowest aligned address clear of earlier blocks and of `reserved`, so the result is
 * deterministic and gap-free when nothing is reserved.
 */
export function planSubnets(input: SubnetPlanInput): SubnetPlan {
  const vpc = parseCidr(input.vpcCidr);
  const vpcSpan = spanOf(vpc);
  const vpcPrefix = Number(vpc.getPrefix().value);
  const prefixLengths = { ...defaultPrefixLengths(vpcPrefix), ...input.prefixLengths };
  for (const tier of TIER_ORDER) {
    if (prefixLengths[tier] <= vpcPrefix) {
      throw new SubnetPlanError(
        `${tier} subnets of /${prefixLengths[tier]} cannot be carved from a /${vpcPrefix} VPC`,
      );
    }
  }
  const taken: Span[] = (input.reserved ?? []).map((cidr) => spanOf(parseCidr(cidr)));
  const requests = TIER_ORDER.flatMap((tier) =>
    input.availabilityZones.map((availabilityZone) => ({
      tier,
      availabilityZone,
      prefix: prefixLengths[tier],
    })),
  ).sort((a, b) => a.prefix - b.prefix);

  const placed = requests.map((request) => {
    const size = 1n << BigInt(32 - request.prefix);
    for (let first = vpcSpan.first; first + size - 1n <= vpcSpan.last; first += size) {
      const candidate = { first, last: first + size - 1n };
      if (!taken.some((span) => overlaps(span, candidate))) {
        taken.push(candidate);
        const cidr = `${IPv4.fromNumber(first).toString()}/${request.prefix}`;
        return { tier: request.tier, availabilityZone: request.availabilityZone, cidr };
      }
    }
    throw new SubnetPlanError(
      `${input.availabilityZones.length} AZs of private /${prefixLengths.private}, public /${prefixLengths.public} ` +
        `and intra /${prefixLengths.intra} subnets do not fit in ${input.vpcCidr}` +
        (input.reserved?.length ? ` beside ${input.reserved.join(", ")}` : ""),
    );
  });
  const byAzOrder = (tier: SubnetTier) =>
    input.availabilityZones.map((az) => placed.find((s) => s.tier === tier && s.availabilityZone === az)!);
  return {
    prefixLengths,
    public: byAzOrder("public"),
    private: byAzOrder("private"),
    intra: byAzOrder("intra"),
  };
}
