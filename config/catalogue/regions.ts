/**
 * AWS Regions and the letters of their Availability Zones, so that a region or a zone AWS does
 * not have is refused at synth instead of at apply.
 *
 * Sources (checked 2026-12):
 * - https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 *   (AZ IDs per Region: their count gives the zones of each Region; ca-central-1 has cac1-az1, az2
 *   and az4; us-west-1 lists three AZ IDs, of which newer accounts see two; "us-east-2a, us-east-2b,
 *   and us-east-2c are the Availability Zones in the us-east-2 Region")
 * - https://docs.aws.amazon.com/global-infrastructure/latest/regions/doc-history.html
 *   (launches: ap-southeast-5 2024-08, ap-southeast-7 2025-01, mx-central-1 2025-01,
 *   ap-east-2 2025-06, ap-southeast-6 2025-09)
 * - https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html (Region codes;
 *   GovCloud is a separate partition)
 *
 * Not verified this pass: which Regions are opt-in (from memory: those launched after 2019-03-20),
 * the zone letters of ca-central-1 (a, b, d: no ca-central-1c, from memory) and of eu-west-2's
 * fourth AZ (euw2-az4, assumed d), and the GovCloud zone counts.
 *
 * Zone *names* map to physical zones per account in the oldest Regions, but the set of letters a
 * Region offers is what is listed here. Extend {@link REGIONS} when AWS opens a Region.
 */

/** Partition a Region belongs to. */
export type Partition = "aws" | "aws-us-gov";

/** One Region: its partition, whether an account must opt in, and its zone letters. */
export interface RegionInfo {
  /** Display name. */
  readonly name: string;
  /** Partition: commercial or GovCloud. */
  readonly partition: Partition;
  /** Whether the Region must be enabled in the account before use. */
  readonly optIn: boolean;
  /** Letters of its Availability Zones (`a` in `eu-west-3a`). */
  readonly zoneLetters: ReadonlyArray<string>;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

const region = (
  name: string,
  zones: number | ReadonlyArray<string>,
  options: { optIn?: boolean; partition?: Partition } = {},
): RegionInfo => ({
  name,
  partition: options.partition ?? "aws",
  optIn: options.optIn ?? false,
  zoneLetters: typeof zones === "number" ? [...LETTERS.slice(0, zones)] : zones,
});
const optIn = { optIn: true } as const;
const gov = { partition: "aws-us-gov" } as const;

/** Every Region this project knows, by code. */
export const REGIONS: Readonly<Record<string, RegionInfo>> = {
  "us-east-1": region("US East (N. Virginia)", 6),
  "us-east-2": region("US East (Ohio)", 3),
  "us-west-1": region("US West (N. California)", 3),
  "us-west-2": region("US West (Oregon)", 4),
  "ca-central-1": region("Canada (Central)", ["a", "b", "d"]),
  "ca-west-1": region("Canada West (Calgary)", 3, optIn),
  "mx-central-1": region("Mexico (Central)", 3, optIn),
  "sa-east-1": region("South America (São Paulo)", 3),
  "af-south-1": region("Africa (Cape Town)", 3, optIn),
  "ap-east-1": region("Asia Pacific (Hong Kong)", 3, optIn),
  "ap-east-2": region("Asia Pacific (Taipei)", 3, optIn),
  "ap-northeast-1": region("Asia Pacific (Tokyo)", 4),
  "ap-northeast-2": region("Asia Pacific (Seoul)", 4),
  "ap-northeast-3": region("Asia Pacific (Osaka)", 3),
  "ap-south-1": region("Asia Pacific (Mumbai)", 3),
  "ap-south-2": region("Asia Pacific (Hyderabad)", 3, optIn),
  "ap-southeast-1": region("Asia Pacific (Singapore)", 3),
  "ap-southeast-2": region("Asia Pacific (Sydney)", 3),
  "ap-southeast-3": region("Asia Pacific (Jakarta)", 3, optIn),
  "ap-southeast-4": region("Asia Pacific (Melbourne)", 3, optIn),
  "ap-southeast-5": region("Asia Pacific (Malaysia)", 3, optIn),
  "ap-southeast-6": region("Asia Pacific (New Zealand)", 3, optIn),
  "ap-southeast-7": region("Asia Pacific (Thailand)", 3, optIn),
  "eu-central-1": region("Europe (Frankfurt)", 3),
  "eu-central-2": region("Europe (Zurich)", 3, optIn),
  "eu-north-1": region("Europe (Stockholm)", 3),
  "eu-south-1": region("Europe (Milan)", 3, optIn),
  "eu-south-2": region("Europe (Spain)", 3, optIn),
  "eu-west-1": region("Europe (Ireland)", 3),
  "eu-west-2": region("Europe (London)", 4),
  "eu-west-3": region("Europe (Paris)", 3),
  "il-central-1": region("Israel (Tel Aviv)", 3, optIn),
  "me-central-1": region("Middle East (UAE)", 3, optIn),
  "me-south-1": region("Middle East (Bahrain)", 3, optIn),
  "us-gov-east-1": region("AWS GovCloud (US-East)", 3, gov),
  "us-gov-west-1": region("AWS GovCloud (US-West)", 3, gov),
};

const regionCodes = (): string[] => Object.keys(REGIONS).sort();
const infoOf = (code: string): RegionInfo | undefined =>
  Object.prototype.hasOwnProperty.call(REGIONS, code) ? REGIONS[code] : undefined;

/** Whether `region` is a Region code of {@link REGIONS} (commercial or GovCloud). */
export function isKnownRegion(region: string): boolean {
  return infoOf(region) !== undefined;
}

/** Why `region` is refused, listing the known Regions; undefined when it is one of them. */
export function regionIssue(region: string): string | undefined {
  if (isKnownRegion(region)) return undefined;
  return `expected an AWS Region code, one of: ${regionCodes().join(", ")} (config/catalogue/regions.ts)`;
}

/** The Availability Zone names of `region` (`eu-west-3a`, …); empty for an unknown Region. */
export function availabilityZonesOf(region: string): ReadonlyArray<string> {
  return (infoOf(region)?.zoneLetters ?? []).map((letter) => `${region}${letter}`);
}

/**
 * Why `zone` is not an Availability Zone of `region`, listing the zones it has; undefined when it
 * is one. A Local Zone or Wavelength Zone (`us-east-1-bos-1a`) is refused: the list names only
 * Availability Zones.
 */
export function availabilityZoneIssue(zone: string, region: string): string | undefined {
  const zones = availabilityZonesOf(region);
  if (zones.length === 0) return regionIssue(region);
  if (zones.includes(zone)) return undefined;
  const other = /^([a-z]{2}(?:-gov)?-[a-z]+-\d+)[a-z]$/.exec(zone)?.[1];
  const where = other && other !== region ? ` (that is a zone of ${other}, not of ${region})` : "";
  return `expected an Availability Zone of ${region}, one of: ${zones.join(", ")}${where}`;
}
