import { cidrContains, isValidCidr, parseCidr, planSubnets } from "../constructs/network/subnet-plan";
import { availabilityZoneIssue } from "./catalogue/regions";
import { isOutpostMode } from "./cluster-schema";
import { clusterIssues, PRIVATE_RANGES } from "./cluster-rules";
import type { ConfigIssue } from "./errors";
import { dataIssues } from "./data-rules";
import { sparkIssues } from "./spark-rules";
import { storageIssues } from "./storage-rules";
import { ecsIssues } from "./ecs-rules";
import { karpenterIssues } from "./karpenter-rules";
import type { NetworkConfig, ParsedEnvironment } from "./schema";

/** VPC prefix lengths accepted: large enough for nodes and pods with the VPC CNI. */
export const VPC_PREFIX_RANGE = { min: 16, max: 20 } as const;
/** Private IPv4 space a VPC may use. */
export { PRIVATE_RANGES };
/** Availability zones a production VPC spans at least. */
export const PRODUCTION_MIN_AZS = 3;
/** Days production flow logs are kept at least. */
export const PRODUCTION_MIN_LOG_RETENTION_DAYS = 365;
/** Prefix lengths AWS accepts for a subnet. */
export const SUBNET_PREFIX_RANGE = { min: 16, max: 28 } as const;
/** Longest `<project>-<environment>` prefix, so derived names fit IAM's 64-character role names. */
export const MAX_RESOURCE_PREFIX_LENGTH = 28;

/** Cross-field rules the schema alone cannot express. Returns every problem found. */
export function crossFieldIssues(env: ParsedEnvironment): ConfigIssue[] {
  return [
    ...nameIssues(env),
    ...networkIssues(env),
    ...outpostIssues(env),
    ...clusterIssues(env),
    ...karpenterIssues(env),
    ...dataIssues(env),
    ...sparkIssues(env),
    ...storageIssues(env),
    ...ecsIssues(env),
  ];
}

function nameIssues(env: ParsedEnvironment): ConfigIssue[] {
  const prefix = `${env.project}-${env.name}`;
  return prefix.length > MAX_RESOURCE_PREFIX_LENGTH
    ? [
        {
          path: "name",
          message: `"<project>-<name>" must be at most ${MAX_RESOURCE_PREFIX_LENGTH} characters to fit AWS resource names (it is ${prefix.length})`,
          received: prefix,
        },
      ]
    : [];
}

function networkIssues(env: ParsedEnvironment): ConfigIssue[] {
  const network = env.network;
  if (env.cluster.mode === "kubeconfig") {
    return network
      ? [
          {
            path: "network",
            message: 'must be left out when cluster.mode is "kubeconfig" (no VPC is created)',
            received: "a network block",
          },
        ]
      : [];
  }
  if (!network) {
    return [
      {
        path: "network",
        message: `is required when cluster.mode is "${env.cluster.mode}"`,
        received: undefined,
      },
    ];
  }
  const issues: ConfigIssue[] = [];
  let vpcPrefix: number;
  try {
    vpcPrefix = Number(parseCidr(network.cidr).getPrefix().value);
  } catch (error) {
    return [
      {
        path: "network.cidr",
        message: `expected a valid IPv4 CIDR: ${(error as Error).message}`,
        received: network.cidr,
      },
    ];
  }
  if (vpcPrefix < VPC_PREFIX_RANGE.min || vpcPrefix > VPC_PREFIX_RANGE.max) {
    issues.push({
      path: "network.cidr",
      message: `expected a /${VPC_PREFIX_RANGE.min}–/${VPC_PREFIX_RANGE.max} IPv4 CIDR (room for nodes and pods)`,
      received: network.cidr,
    });
  }
  if (!PRIVATE_RANGES.some((range) => cidrContains(range, network.cidr))) {
    issues.push({
      path: "network.cidr",
      message: `expected private address space (${PRIVATE_RANGES.join(", ")})`,
      received: network.cidr,
    });
  }
  network.availabilityZones.forEach((az, index) => {
    const problem = availabilityZoneIssue(az, env.region);
    if (problem) issues.push({ path: `network.availabilityZones[${index}]`, message: problem, received: az });
    if (network.availabilityZones.indexOf(az) !== index) {
      issues.push({ path: `network.availabilityZones[${index}]`, message: "is listed twice", received: az });
    }
  });
  if (env.production && network.availabilityZones.length < PRODUCTION_MIN_AZS) {
    issues.push({
      path: "network.availabilityZones",
      message: `expected at least ${PRODUCTION_MIN_AZS} availability zones in a production environment (a NAT gateway and nodes survive the loss of one)`,
      received: network.availabilityZones,
    });
  }
  if (env.production && network.flowLogRetentionDays < PRODUCTION_MIN_LOG_RETENTION_DAYS) {
    issues.push({
      path: "network.flowLogRetentionDays",
      message: `expected at least ${PRODUCTION_MIN_LOG_RETENTION_DAYS} days in a production environment`,
      received: network.flowLogRetentionDays,
    });
  }
  if (env.production && network.natGateways !== "per-az") {
    issues.push({
      path: "network.natGateways",
      message: 'expected "per-az" in a production environment (a single NAT gateway fails with its AZ)',
      received: network.natGateways,
    });
  }
  if (issues.length === 0) issues.push(...planIssues(env, network));
  return issues;
}

function outpostIssues(env: ParsedEnvironment): ConfigIssue[] {
  const outpost = env.outpost;
  if (!isOutpostMode(env.cluster.mode)) {
    return outpost
      ? [
          {
            path: "outpost",
            message: `is only used by cluster.mode "outpost-extended" or "outpost-local", not "${env.cluster.mode}"`,
            received: "an outpost block",
          },
        ]
      : [];
  }
  if (!outpost) {
    return [
      {
        path: "outpost",
        message: `is required when cluster.mode is "${env.cluster.mode}": give the Outpost's arn, availabilityZone and subnetCidr`,
        received: undefined,
      },
    ];
  }
  const issues: ConfigIssue[] = [];
  const arnRegion = outpost.arn.split(":")[3];
  if (arnRegion !== env.region) {
    issues.push({
      path: "outpost.arn",
      message: `expected an Outpost in region ${env.region}`,
      received: outpost.arn,
    });
  }
  const zoneProblem = availabilityZoneIssue(outpost.availabilityZone, env.region);
  if (zoneProblem) {
    issues.push({
      path: "outpost.availabilityZone",
      message: zoneProblem,
      received: outpost.availabilityZone,
    });
  }
  const network = env.network;
  if (!network) return issues;
  if (!network.availabilityZones.includes(outpost.availabilityZone)) {
    issues.push({
      path: "outpost.availabilityZone",
      message: `expected one of network.availabilityZones (${network.availabilityZones.join(", ")}): the Outpost subnet routes through that AZ's private route table`,
      received: outpost.availabilityZone,
    });
  }
  try {
    const prefix = Number(parseCidr(outpost.subnetCidr).getPrefix().value);
    if (prefix < SUBNET_PREFIX_RANGE.min || prefix > SUBNET_PREFIX_RANGE.max) {
      issues.push({
        path: "outpost.subnetCidr",
        message: `expected a /${SUBNET_PREFIX_RANGE.min}–/${SUBNET_PREFIX_RANGE.max} CIDR (what AWS accepts for a subnet)`,
        received: outpost.subnetCidr,
      });
    }
  } catch (error) {
    return [
      ...issues,
      {
        path: "outpost.subnetCidr",
        message: `expected a valid IPv4 CIDR: ${(error as Error).message}`,
        received: outpost.subnetCidr,
      },
    ];
  }
  if (isValidCidr(network.cidr) && !cidrContains(network.cidr, outpost.subnetCidr)) {
    issues.push({
      path: "outpost.subnetCidr",
      message: `expected a CIDR inside the VPC (${network.cidr})`,
      received: outpost.subnetCidr,
    });
  }
  return issues;
}

/** The computed subnets must fit in the VPC, beside the Outpost subnet when there is one. */
function planIssues(env: ParsedEnvironment, network: NetworkConfig): ConfigIssue[] {
  const outpostCidr = isOutpostMode(env.cluster.mode) ? env.outpost?.subnetCidr : undefined;
  const reserved =
    outpostCidr && isValidCidr(outpostCidr) && cidrContains(network.cidr, outpostCidr) ? [outpostCidr] : [];
  const plan = (withReserved: string[]) =>
    planSubnets({
      vpcCidr: network.cidr,
      availabilityZones: network.availabilityZones,
      prefixLengths: network.subnetPrefixLengths,
      reserved: withReserved,
    });
  try {
    plan(reserved);
    return [];
  } catch (error) {
    const reason = (error as Error).message;
    if (reserved.length > 0 && fits(() => plan([]))) {
      return [
        {
          path: "outpost.subnetCidr",
          message: `leaves no room for the computed subnets (${reason}); pick a smaller or differently placed Outpost CIDR`,
          received: outpostCidr,
        },
      ];
    }
    return [
      {
        path: "network.subnetPrefixLengths",
        message: `the subnets cannot be planned: ${reason}; use a larger network.cidr or longer prefixes`,
        received: network.subnetPrefixLengths,
      },
    ];
  }
}

function fits(attempt: () => unknown): boolean {
  try {
    attempt();
    return true;
  } catch {
    return false;
  }
}
