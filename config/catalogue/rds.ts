/**
 * RDS for PostgreSQL: the DB instance classes it runs on, the classes RDS on Outposts offers, and
 * the storage settings AWS accepts per storage type.
 *
 * Sources (checked 2026-12):
 * - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html
 *   (PostgreSQL column: every class of {@link POSTGRES_DB_INSTANCE_CLASSES}; metal classes and
 *   db.z1d, db.x2iezn are Oracle or SQL Server only; db.r6idn starts at xlarge)
 * - https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html, as
 *   rendered in https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/
 *   (AllocatedStorage for PostgreSQL: gp2/gp3 20–65536, io1/io2 100–65536, standard 5–3072;
 *   Iops: "a multiple between .5 and 50 of the storage amount"; StorageThroughput: gp3 only)
 * - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html (gp3 for PostgreSQL:
 *   below 400 GiB a fixed 3,000 IOPS / 125 MiBps; from 400 GiB a 12,000 IOPS / 500 MiBps baseline,
 *   12,000–64,000 IOPS and 500–4,000 MiBps; Provisioned IOPS up to 256,000), as also quoted in
 *   https://github.com/hashicorp/terraform-provider-aws/issues/28382
 * - https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ValidStorageOptions.html and
 *   https://docs.aws.amazon.com/whitepapers/latest/optimizing-postgresql-on-ec2-using-ebs/ebs-volume-types.html
 *   (gp3: at most 0.25 MiBps of throughput per provisioned IOPS)
 *
 * Not verified in AWS documentation (kept from the EBS io2 Block Express limits and the project's
 * existing rules): io2's 0.5–1,000 IOPS per GiB on RDS, and that RDS on Outposts offers every
 * PostgreSQL size of db.m5 and db.r5.
 */
import type { ConfigIssue } from "../errors";

const L16 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"] as const;
const L24 = [...L16, "24xlarge"] as const;
const L32 = [...L24, "32xlarge"] as const;
const L48 = [...L24, "48xlarge"] as const;
const BURSTABLE = ["micro", "small", "medium", "large", "xlarge", "2xlarge"] as const;

/** Sizes of each `db.<family>` class RDS for PostgreSQL runs on. */
export const POSTGRES_DB_INSTANCE_CLASSES: Readonly<Record<string, ReadonlyArray<string>>> = {
  t3: BURSTABLE,
  t4g: BURSTABLE,
  m5: L24,
  m5d: L24,
  m6g: L16,
  m6gd: L16,
  m6i: L32,
  m6id: L32,
  m6idn: L32,
  m6in: L32,
  m7g: L16,
  m7i: L48,
  m8g: L48,
  m8gd: L48,
  r5: L24,
  r5b: L24,
  r5d: L24,
  r6g: L16,
  r6gd: L16,
  r6i: L32,
  r6id: L32,
  r6idn: L32.filter((size) => size !== "large"),
  r6in: L32,
  r7g: L16,
  r7i: L48,
  r8g: L48,
  r8gd: L48,
  x2g: L16,
  x2idn: ["16xlarge", "24xlarge", "32xlarge"],
  x2iedn: ["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge", "24xlarge", "32xlarge"],
};

/** Families RDS on Outposts runs (all their PostgreSQL sizes). */
export const OUTPOST_DB_FAMILIES = ["m5", "r5"] as const;

const DB_CLASS = /^db\.([a-z0-9-]+)\.([a-z0-9-]+)$/;

const classParts = (cls: string): { family: string; size: string } | undefined => {
  const match = DB_CLASS.exec(cls);
  return match ? { family: match[1], size: match[2] } : undefined;
};
const sizesOf = (family: string): ReadonlyArray<string> | undefined =>
  Object.prototype.hasOwnProperty.call(POSTGRES_DB_INSTANCE_CLASSES, family)
    ? POSTGRES_DB_INSTANCE_CLASSES[family]
    : undefined;

/** Why `cls` is not a DB instance class of RDS for PostgreSQL, saying what is; undefined when it is. */
export function dbInstanceClassIssue(cls: string): string | undefined {
  const parts = classParts(cls);
  if (!parts) return "expected an RDS instance class db.<family>.<size> such as db.m7g.large";
  const sizes = sizesOf(parts.family);
  if (!sizes) {
    return `expected a family RDS for PostgreSQL runs: ${Object.keys(POSTGRES_DB_INSTANCE_CLASSES)
      .map((family) => `db.${family}`)
      .join(", ")} (config/catalogue/rds.ts)`;
  }
  if (sizes.includes(parts.size)) return undefined;
  return `expected a size db.${parts.family} has for PostgreSQL: ${sizes.join(", ")}`;
}

/** Whether `cls` is a PostgreSQL class RDS on Outposts offers (db.m5 or db.r5). */
export function isOutpostDbClass(cls: string): boolean {
  const parts = classParts(cls);
  return (
    parts !== undefined &&
    (OUTPOST_DB_FAMILIES as ReadonlyArray<string>).includes(parts.family) &&
    dbInstanceClassIssue(cls) === undefined
  );
}

/** RDS storage types. */
export const RDS_STORAGE_TYPES = ["gp2", "gp3", "io1", "io2", "standard"] as const;
/** An RDS storage type. */
export type RdsStorageType = (typeof RDS_STORAGE_TYPES)[number];

/** A closed range. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** What one storage type accepts for PostgreSQL. */
export interface StorageRule {
  /** Allocated storage, GiB. */
  readonly allocatedGiB: Range;
  /** Provisioned IOPS: absent when it cannot be set; `required` for io1/io2; IOPS per GiB. */
  readonly iops?: Range & { readonly required: boolean; readonly perGiB?: Range };
  /** Storage throughput, MiBps (gp3 only). */
  readonly throughputMiBps?: Range;
  /** Allocated storage from which IOPS and throughput can be set (gp3: 400 GiB for PostgreSQL). */
  readonly provisionedFromGiB?: number;
  /** Most MiBps per provisioned IOPS (gp3: 0.25). */
  readonly maxThroughputPerIops?: number;
}

/** Storage rules of RDS for PostgreSQL, by storage type. */
export const POSTGRES_STORAGE_RULES: Readonly<Record<RdsStorageType, StorageRule>> = {
  gp2: { allocatedGiB: { min: 20, max: 65536 } },
  gp3: {
    allocatedGiB: { min: 20, max: 65536 },
    iops: { min: 12000, max: 64000, required: false },
    throughputMiBps: { min: 500, max: 4000 },
    provisionedFromGiB: 400,
    maxThroughputPerIops: 0.25,
  },
  io1: {
    allocatedGiB: { min: 100, max: 65536 },
    iops: { min: 1000, max: 256000, required: true, perGiB: { min: 0.5, max: 50 } },
  },
  io2: {
    allocatedGiB: { min: 100, max: 65536 },
    iops: { min: 1000, max: 256000, required: true, perGiB: { min: 0.5, max: 1000 } },
  },
  standard: { allocatedGiB: { min: 5, max: 3072 } },
};

/** Storage settings of an RDS for PostgreSQL instance. */
export interface RdsStorage {
  readonly storageType: RdsStorageType;
  readonly allocatedStorageGiB: number;
  readonly iops?: number;
  readonly storageThroughput?: number;
}

const within = (value: number, range: Range): boolean => value >= range.min && value <= range.max;
const fmt = (value: number): string => value.toLocaleString("en-US");

/**
 * Every reason AWS would refuse these storage settings for PostgreSQL; `path` is the object's
 * config path (issues name `<path>.allocatedStorageGiB`, `<path>.iops`, `<path>.storageThroughput`).
 */
export function rdsStorageIssues(storage: RdsStorage, path: string): ConfigIssue[] {
  const { storageType: type, allocatedStorageGiB: size, iops, storageThroughput: throughput } = storage;
  const rule = POSTGRES_STORAGE_RULES[type];
  const issues: ConfigIssue[] = [];
  const issue = (field: string, message: string, received: unknown) =>
    issues.push({ path: `${path}.${field}`, message, received });
  const { min, max } = rule.allocatedGiB;
  if (!Number.isInteger(size) || !within(size, rule.allocatedGiB)) {
    issue("allocatedStorageGiB", `expected ${fmt(min)} to ${fmt(max)} GiB for ${type} storage`, size);
  }
  const below = rule.provisionedFromGiB !== undefined && size < rule.provisionedFromGiB;
  if (iops !== undefined) {
    if (!rule.iops) {
      issue("iops", `expected no iops: ${type} storage has no provisioned IOPS`, iops);
    } else if (below) {
      issue(
        "iops",
        `expected no iops below ${rule.provisionedFromGiB} GiB of ${type}: PostgreSQL gets a fixed 3,000 IOPS there`,
        iops,
      );
    } else if (!Number.isInteger(iops) || !within(iops, rule.iops)) {
      issue("iops", `expected ${fmt(rule.iops.min)} to ${fmt(rule.iops.max)} IOPS for ${type} storage`, iops);
    } else if (rule.iops.perGiB && !within(iops / size, rule.iops.perGiB)) {
      const { min: low, max: high } = rule.iops.perGiB;
      issue(
        "iops",
        `expected ${low} to ${high} IOPS per GiB for ${type} storage (${fmt(Math.ceil(low * size))} to ${fmt(Math.floor(high * size))} IOPS for ${fmt(size)} GiB)`,
        iops,
      );
    }
  } else if (rule.iops?.required) {
    issue(
      "iops",
      `expected iops (${fmt(rule.iops.min)} to ${fmt(rule.iops.max)}): ${type} storage requires it`,
      iops,
    );
  }
  if (throughput !== undefined) {
    if (!rule.throughputMiBps) {
      issue(
        "storageThroughput",
        `expected no storageThroughput: only gp3 storage sets it, not ${type}`,
        throughput,
      );
    } else if (below) {
      issue(
        "storageThroughput",
        `expected no storageThroughput below ${rule.provisionedFromGiB} GiB of ${type}: PostgreSQL gets a fixed 125 MiBps there`,
        throughput,
      );
    } else if (!Number.isInteger(throughput) || !within(throughput, rule.throughputMiBps)) {
      const { min: low, max: high } = rule.throughputMiBps;
      issue(
        "storageThroughput",
        `expected ${fmt(low)} to ${fmt(high)} MiBps for ${type} storage`,
        throughput,
      );
    } else if (rule.maxThroughputPerIops !== undefined && rule.iops) {
      const effectiveIops = iops ?? rule.iops.min;
      if (throughput > effectiveIops * rule.maxThroughputPerIops) {
        issue(
          "storageThroughput",
          `expected at most ${rule.maxThroughputPerIops} MiBps per IOPS (${fmt(effectiveIops * rule.maxThroughputPerIops)} MiBps for ${fmt(effectiveIops)} IOPS); raise iops or lower the throughput`,
          throughput,
        );
      }
    }
  }
  return issues;
}
