import { z } from "zod";
import { instanceTypeIssue } from "./catalogue/instance-types";
import { dbInstanceClassIssue, RDS_STORAGE_TYPES } from "./catalogue/rds";
import { byCatalogue } from "./catalogue/refine";
import {
  amiReleaseVersionIssue,
  eksAddonVersionIssue,
  postgresEngineVersionIssue,
} from "./catalogue/versions";
import { DEFAULT_POSTGRES_VERSION } from "./postgres-versions";
import { DEFAULT_KUBERNETES_VERSION, DEFAULT_LOCAL_CLUSTER_KUBERNETES_VERSION } from "./kubernetes-versions";

/** Lower-case words joined by single hyphens: safe in S3, IAM, EKS and RDS names. */
export const RESOURCE_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;
const CIDR = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d{1,2}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(?:role|user)\/[\w+=,.@/-]+$/;

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Managed node group AMI types: Amazon Linux 2023 only (AL2 reaches end of support in 2025-11). */
export const SYSTEM_NODE_AMI_TYPES = ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD"] as const;

/** EBS volume types; only gp2 exists on an Outpost rack. */
export const EBS_VOLUME_TYPES = ["gp2", "gp3", "io1", "io2", "st1", "sc1"] as const;

export const cidr = z.string().regex(CIDR, { error: "expected an IPv4 CIDR such as 10.20.0.0/16" });

export const logRetentionDays = z
  .number()
  .refine((d) => (LOG_RETENTION_DAYS as ReadonlyArray<number>).includes(d), {
    error: `expected one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
  });

const instanceType = z
  .string()
  .regex(INSTANCE_TYPE, { error: "expected an EC2 instance type such as m5.xlarge", abort: true })
  .superRefine(byCatalogue(instanceTypeIssue));

const count = (what: string, min: number, max: number) =>
  z
    .number()
    .int({ error: `expected a whole number of ${what}` })
    .min(min, { error: `expected ${min} to ${max} ${what}` })
    .max(max, { error: `expected ${min} to ${max} ${what}` });

const volumeSize = count("GiB", 20, 16384);

/** Sizes of an Auto Scaling or managed node group; the rules check min ≤ desired ≤ max. */
const scaling = (defaults: { min: number; desired: number; max: number }, floor: number) => ({
  /** Fewest nodes. */
  minSize: count("nodes", floor, 500).default(defaults.min),
  /** Nodes at creation (later changes are left to the autoscaler). */
  desiredSize: count("nodes", floor, 500).default(defaults.desired),
  /** Most nodes. */
  maxSize: count("nodes", Math.max(floor, 1), 500).default(defaults.max),
});

/** The managed `system` node group that hosts CoreDNS, the EBS CSI controller and Karpenter. */
const systemNodeGroupSchema = z
  .object({
    /** Instance types, in order of preference. */
    instanceTypes: z
      .array(instanceType)
      .min(1, { error: "expected at least one instance type" })
      .default(() => ["m6i.large"]),
    /** AMI type (Amazon Linux 2023). */
    amiType: z.enum(SYSTEM_NODE_AMI_TYPES).default("AL2023_x86_64_STANDARD"),
    /** Root volume size. */
    diskSizeGiB: volumeSize.default(50),
    ...scaling({ min: 2, desired: 2, max: 3 }, 2),
  })
  .strict();

/** Self-managed workers on the Outpost rack (an Auto Scaling group and its launch template). */
export const outpostNodesSchema = z
  .object({
    /** Instance type, from the rack's catalogue (a family in `outpost.instanceFamilies`). */
    instanceType: instanceType.default("m5.xlarge"),
    /** Root volume type; the rack offers gp2 only. */
    rootVolumeType: z.enum(EBS_VOLUME_TYPES).default("gp2"),
    /** Root volume size. */
    rootVolumeSizeGiB: volumeSize.default(50),
    /** Purchase option; an Outpost sells no Spot capacity. */
    capacityType: z.enum(["on-demand", "spot"]).default("on-demand"),
    /**
     * Release of the EKS-optimised AL2023 AMI, e.g. `v20251112`; `recommended` follows the
     * newest release at each plan.
     */
    amiReleaseVersion: z
      .string()
      .regex(/^(?:recommended|v\d{8})$/, {
        error: 'expected "recommended" or a release such as v20251112',
        abort: true,
      })
      .superRefine(byCatalogue((v: string) => (v === "recommended" ? undefined : amiReleaseVersionIssue(v))))
      .default("recommended"),
    /**
     * IMDS hop limit of the rack workers: at least 2, because the EBS CSI node plugin reads the
     * Outpost ARN from instance metadata inside a pod (and, on a local cluster, the controller takes
     * the node's credentials there: no IRSA or Pod Identity).
     */
    metadataHopLimit: z
      .number()
      .int({ error: "expected a whole number of hops" })
      .min(1, { error: "expected 1 to 64 hops" })
      .max(64, { error: "expected 1 to 64 hops" })
      .default(2),
    ...scaling({ min: 2, desired: 2, max: 4 }, 0),
  })
  .strict();

const adminPrincipalArns = z
  .array(
    z.string().regex(IAM_PRINCIPAL_ARN, {
      error: "expected an IAM role or user ARN such as arn:aws:iam::111111111111:role/platform-admin",
    }),
  )
  .min(1, {
    error:
      "expected at least one principal: the cluster grants no implicit admin, so the role that deploys the next stacks must be listed",
  })
  .refine((list) => new Set(list).size === list.length, { error: "expected each principal at most once" });

const viewerPrincipalArns = z
  .array(
    z.string().regex(IAM_PRINCIPAL_ARN, {
      error: "expected an IAM role or user ARN such as arn:aws:iam::111111111111:role/platform-ci-plan",
    }),
  )
  .refine((list) => new Set(list).size === list.length, { error: "expected each principal at most once" });

/** Fields shared by every EKS mode. */
const eksBase = {
  /** EKS cluster name; defaults to `<project>-<environment>`. */
  name: z
    .string()
    .max(100, { error: "expected a cluster name of at most 100 characters" })
    .regex(RESOURCE_NAME, {
      error: "expected a cluster name: lower-case letters, digits and single hyphens, starting with a letter",
    })
    .optional(),
  /** IAM roles or users granted cluster admin through access entries (include the deploying role). */
  adminPrincipalArns,
  /**
   * IAM roles or users granted read access to every object of the cluster, Secrets included
   * (`AmazonEKSAdminViewPolicy`; on a local cluster, a read-only ClusterRole): the CI plan role, whose
   * plans read Helm releases (kept in Secrets) and every Kubernetes resource of the stacks.
   * @default none
   */
  viewerPrincipalArns: viewerPrincipalArns.default([]),
  /** Days control-plane logs are kept. */
  logRetentionDays: logRetentionDays.default(90),
  /**
   * Private networks, besides the VPC, from which Terraform, CI runners and operators call the
   * private API endpoint on 443 (a VPN, on-premises ranges reaching the rack through its local gateway).
   */
  apiClientCidrs: z.array(cidr).default(() => []),
};

const addonVersion = z.string().superRefine(byCatalogue(eksAddonVersionIssue));

/** Fields of the modes whose control plane runs in the region. */
const regionalControlPlane = {
  ...eksBase,
  /** IMDS hop limit of the regional nodes; 1 keeps pods away from the node's credentials. */
  metadataHopLimit: count("hops", 1, 64).default(1),
  /** Kubernetes minor version, from `SUPPORTED_KUBERNETES_VERSIONS`. */
  kubernetesVersion: z.string().default(DEFAULT_KUBERNETES_VERSION),
  /**
   * What EKS does at the end of the version's standard support: `STANDARD` upgrades the control
   * plane to the next version; `EXTENDED` keeps it (billed) until the end of extended support.
   */
  upgradePolicy: z.enum(["STANDARD", "EXTENDED"]).default("STANDARD"),
  /** Whether the API is also reachable from the internet (only from `publicAccessCidrs`). */
  endpointPublicAccess: z.boolean().default(false),
  /** CIDRs allowed to reach a public endpoint; required when it is on. */
  publicAccessCidrs: z.array(cidr).default(() => []),
  /** Versions of the managed add-ons; unset ones come from `ADDON_VERSIONS` for the Kubernetes version. */
  addonVersions: z
    .object({
      vpcCni: addonVersion.optional(),
      coredns: addonVersion.optional(),
      kubeProxy: addonVersion.optional(),
      podIdentityAgent: addonVersion.optional(),
      ebsCsiDriver: addonVersion.optional(),
    })
    .strict()
    .default({}),
  /** The managed `system` node group. */
  systemNodeGroup: systemNodeGroupSchema.default(() => systemNodeGroupSchema.parse({})),
};

/** Control plane of a local cluster on the rack. */
const localControlPlaneSchema = z
  .object({
    /** Nodes the cluster is expected to reach; sizes the control-plane instances. */
    maxNodeCount: count("nodes", 1, 500).optional(),
    /** Control-plane instance type; derived from `maxNodeCount` when left out. */
    instanceType: instanceType.optional(),
    /** Name of an existing placement group (spread) for the control-plane instances. */
    placementGroup: z.string().min(1).optional(),
  })
  .strict();

/** The `cluster` block: one shape per mode. */
export const clusterSchema = z.discriminatedUnion(
  "mode",
  [
    z.object({ mode: z.literal("regional"), ...regionalControlPlane }).strict(),
    z.object({ mode: z.literal("outpost-extended"), ...regionalControlPlane }).strict(),
    z
      .object({
        mode: z.literal("outpost-local"),
        ...eksBase,
        /** Kubernetes minor version, from `SUPPORTED_LOCAL_CLUSTER_KUBERNETES_VERSIONS`. */
        kubernetesVersion: z.string().default(DEFAULT_LOCAL_CLUSTER_KUBERNETES_VERSION),
        /** A local cluster's endpoint is private only. */
        endpointPublicAccess: z
          .literal(false, {
            error: "a local cluster on an Outpost has a private endpoint only; expected false",
          })
          .default(false),
        /** Control-plane sizing and placement. */
        controlPlane: localControlPlaneSchema.default({}),
      })
      .strict(),
    z
      .object({
        mode: z.literal("kubeconfig"),
        /** Path of the kubeconfig file of the existing cluster. */
        kubeconfigPath: z.string().min(1, { error: "expected the path of a kubeconfig file" }),
        /** Context to use in that file. */
        context: z.string().min(1, { error: "expected a kubeconfig context name" }),
      })
      .strict(),
  ],
  {
    error: 'expected cluster.mode to be one of "regional", "outpost-extended", "outpost-local", "kubeconfig"',
  },
);

/** The platform PostgreSQL on RDS (environments whose `data.database` is `rds`). */
export const rdsSchema = z
  .object({
    /** PostgreSQL version, exact (minor upgrades go through config). */
    engineVersion: z
      .string()
      .superRefine(byCatalogue(postgresEngineVersionIssue))
      .default(DEFAULT_POSTGRES_VERSION),
    /** Instance class; on an Outpost a db.m5 or db.r5 class. */
    instanceClass: z
      .string()
      .regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, {
        error: "expected an RDS instance class such as db.m5.large",
        abort: true,
      })
      .superRefine(byCatalogue(dbInstanceClassIssue))
      .default("db.m5.large"),
    /** Allocated storage. */
    allocatedStorageGiB: count("GiB", 20, 65536).default(50),
    /** Storage autoscaling ceiling; equal to `allocatedStorageGiB` turns autoscaling off. */
    maxAllocatedStorageGiB: count("GiB", 20, 65536).default(200),
    /**
     * Storage type.
     * @default gp3 in the region, gp2 on an Outpost (the only type there)
     */
    storageType: z.enum(RDS_STORAGE_TYPES).optional(),
    /**
     * Provisioned IOPS: required by io1/io2; gp3 from 400 GiB only.
     * @default none (the type's baseline)
     */
    iops: z.number().int().positive().optional(),
    /**
     * Throughput of gp3 storage from 400 GiB, MiBps.
     * @default none (the type's baseline)
     */
    storageThroughput: z.number().int().positive().optional(),
    /** Days automated backups are kept. */
    backupRetentionDays: count("days", 1, 35).default(7),
    /** Where an Outpost database keeps its backups: in the region or on the rack. */
    backupTarget: z.enum(["region", "outposts"]).default("region"),
    /**
     * A standby in a second AZ (regional only; required in production).
     * @default true in a production environment in the region, false otherwise
     */
    multiAz: z.boolean().optional(),
  })
  .strict();

/** Whether a cluster mode places capacity on an Outpost rack. */
export function isOutpostMode(mode: string): mode is "outpost-extended" | "outpost-local" {
  return mode === "outpost-extended" || mode === "outpost-local";
}

/** Cluster settings after parsing. */
export type ClusterConfig = z.output<typeof clusterSchema>;
/** Outpost workers after parsing. */
export type OutpostNodesConfig = z.output<typeof outpostNodesSchema>;
/** RDS settings after parsing, every default resolved for the environment. */
export type RdsConfig = Omit<z.output<typeof rdsSchema>, "multiAz"> & { readonly multiAz: boolean };

/**
 * The effective RDS settings of an environment whose database is `rds`, block written or not:
 * production defaults (a Multi-AZ standby in the region) never depend on the block being present.
 */
export function resolveRdsSettings(
  written: z.output<typeof rdsSchema> | undefined,
  context: { readonly production: boolean; readonly onOutpost: boolean },
): RdsConfig {
  const parsed = written ?? rdsSchema.parse({});
  return { ...parsed, multiAz: parsed.multiAz ?? (context.production && !context.onOutpost) };
}
