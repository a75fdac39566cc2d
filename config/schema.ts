import { z } from "zod";
import {
  cidr,
  clusterSchema,
  logRetentionDays,
  outpostNodesSchema,
  RESOURCE_NAME,
  isOutpostMode,
  resolveRdsSettings,
  type RdsConfig,
} from "./cluster-schema";
import { byCatalogue } from "./catalogue/refine";
import { regionIssue } from "./catalogue/regions";
import { MAX_TAGS_PER_RESOURCE, tagKeyIssue, tagValueIssue } from "./catalogue/tags";
import { dataSchema } from "./data-schema";
import { deliverySchema } from "./delivery-schema";
import { ecsSchema } from "./ecs-schema";
import { karpenterSchema } from "./karpenter-schema";

export { LOG_RETENTION_DAYS } from "./cluster-schema";

const AWS_REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** Interface endpoints the network can create (`com.amazonaws.<region>.<name>`). */
export const INTERFACE_ENDPOINTS = [
  "autoscaling",
  "ec2",
  "ec2messages",
  "ecr.api",
  "ecr.dkr",
  "eks",
  "eks-auth",
  "elasticloadbalancing",
  "kms",
  "logs",
  "monitoring",
  "secretsmanager",
  "sqs",
  "ssm",
  "ssmmessages",
  "sts",
] as const;

/** What a private EKS cluster, its nodes, Karpenter and Pod Identity need without internet. */
export const DEFAULT_INTERFACE_ENDPOINTS: ReadonlyArray<(typeof INTERFACE_ENDPOINTS)[number]> = [
  "ec2",
  "ecr.api",
  "ecr.dkr",
  "eks",
  "eks-auth",
  "elasticloadbalancing",
  "kms",
  "logs",
  "sqs",
  "ssm",
  "ssmmessages",
  "ec2messages",
  "sts",
];

/** Instance families an Outpost rack commonly offers; the configured allowlist defaults to these. */
export const DEFAULT_OUTPOST_INSTANCE_FAMILIES = ["m5", "c5", "r5", "g4dn", "i3en"] as const;

const resourceName = (what: string, max: number) =>
  z
    .string()
    .max(max, { error: `expected ${what} of at most ${max} characters` })
    .regex(RESOURCE_NAME, {
      error: `expected ${what}: lower-case letters, digits and single hyphens, starting with a letter`,
    });

/** Tags the stacks set from the environment's own fields; `tags` may not set them. */
export const MANAGED_TAG_KEYS = ["environment", "project", "managed-by", "owner", "cost-center"] as const;

/** Tags a resource may carry beside the environment's: subnet roles and Name, Karpenter's and EKS's on instances. */
export const RESOURCE_OWN_TAGS = 10;

/** Extra tags an environment may add: what AWS allows less the managed and the resources' own. */
export const MAX_EXTRA_TAGS = MAX_TAGS_PER_RESOURCE - MANAGED_TAG_KEYS.length - RESOURCE_OWN_TAGS;

const prefixLength = z
  .number()
  .int({ error: "expected a whole prefix length" })
  .min(16, { error: "expected a prefix length from 16 to 28" })
  .max(28, { error: "expected a prefix length from 16 to 28" });

const networkSchema = z
  .object({
    /** VPC CIDR; every subnet is computed from it at synth time. */
    cidr,
    /** Availability zones the VPC spans, by name (e.g. eu-west-3a); 2 to 6. */
    availabilityZones: z
      .array(z.string())
      .min(2, { error: "expected 2 to 6 availability zones (EKS needs subnets in at least two)" })
      .max(6, { error: "expected 2 to 6 availability zones" }),
    /** `single`: one NAT gateway for all AZs; `per-az`: one per AZ (survives an AZ outage). */
    natGateways: z.enum(["single", "per-az"]),
    /** Prefix lengths of each subnet tier; defaults are derived from the VPC prefix. */
    subnetPrefixLengths: z
      .object({
        public: prefixLength
          .max(27, {
            error: "expected a prefix length from 16 to 27 (an application load balancer needs a /27)",
          })
          .optional(),
        private: prefixLength.optional(),
        intra: prefixLength.optional(),
      })
      .strict()
      .default({}),
    /** Days flow logs are kept. */
    flowLogRetentionDays: logRetentionDays.default(365),
    /** Interface endpoints to create in the private subnets. */
    interfaceEndpoints: z
      .array(z.enum(INTERFACE_ENDPOINTS))
      .refine((list) => new Set(list).size === list.length, { error: "expected each endpoint at most once" })
      .default(() => [...DEFAULT_INTERFACE_ENDPOINTS]),
  })
  .strict();

const outpostSchema = z
  .object({
    /** ARN of the Outpost rack. */
    arn: z.string().regex(/^arn:aws[a-z-]*:outposts:[a-z0-9-]+:\d{12}:outpost\/op-[0-9a-f]{17}$/, {
      error: "expected an Outpost ARN: arn:aws:outposts:<region>:<account>:outpost/op-<17 hex digits>",
    }),
    /** Availability zone the Outpost is anchored to. */
    availabilityZone: z.string().min(1, { error: "expected the Outpost's availability zone" }),
    /** CIDR of the Outpost subnet, inside the VPC and clear of the computed subnets. */
    subnetCidr: cidr,
    /** Instance families the rack offers; node instance types must belong to them. */
    instanceFamilies: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/, { error: "expected an instance family such as m5" }))
      .min(1, { error: "expected at least one instance family" })
      .default(() => [...DEFAULT_OUTPOST_INSTANCE_FAMILIES]),
    /** Self-managed workers on the rack. */
    nodes: outpostNodesSchema.default(() => outpostNodesSchema.parse({})),
  })
  .strict();

/** The schema every environment file is parsed with. */
export const environmentSchema = z
  .object({
    /** Environment name; prefixes every stack (`<name>-network`). */
    name: resourceName("an environment name", 16),
    /** Project name, used in resource names and tags. */
    project: resourceName("a project name", 20),
    /** AWS account the environment deploys to; the provider refuses any other. */
    accountId: z.string().regex(/^\d{12}$/, { error: "expected a 12-digit AWS account id" }),
    /** AWS region. */
    region: z
      .string()
      .regex(AWS_REGION, { error: "expected an AWS region such as eu-west-3", abort: true })
      .superRefine(byCatalogue(regionIssue)),
    /** Team that owns the environment (tag `owner`). */
    owner: z
      .string()
      .min(1, { error: "expected an owner (team or person)" })
      .superRefine(byCatalogue(tagValueIssue)),
    /** Cost centre (tag `cost-center`). */
    costCenter: z
      .string()
      .min(1, { error: "expected a cost centre" })
      .superRefine(byCatalogue(tagValueIssue)),
    /** Production switches on protections (deletion protection, final snapshots, HA NAT). */
    production: z.boolean().default(false),
    /** Extra tags on every resource (not the managed ones, nor `aws:` keys). */
    tags: z
      .record(
        z
          .string()
          .refine((key) => !key.toLowerCase().startsWith("aws:"), {
            error: 'expected a tag key not starting with "aws:" (reserved by AWS)',
          })
          .refine((key) => !(MANAGED_TAG_KEYS as ReadonlyArray<string>).includes(key), {
            error: `expected a tag key other than ${MANAGED_TAG_KEYS.join(", ")} (set from the environment's own fields)`,
          })
          .superRefine(byCatalogue(tagKeyIssue)),
        z.string().superRefine(byCatalogue(tagValueIssue)),
      )
      .refine((tags) => Object.keys(tags).length <= MAX_EXTRA_TAGS, {
        error: `expected at most ${MAX_EXTRA_TAGS} tags: AWS allows ${MAX_TAGS_PER_RESOURCE} per resource, ${MANAGED_TAG_KEYS.length} are the managed ones and up to ${RESOURCE_OWN_TAGS} are written by resources themselves (Name, subnet roles, Karpenter's and EKS's tags on instances)`,
      })
      .default({}),
    /** Where this environment's Terraform state lives. */
    state: z
      .object({
        /**
         * Name of a state backend declared in `config/state-backends.ts`.
         * @default the backend declared for the environment's account and region
         */
        backend: z.string().optional(),
        /** S3 native locking (`use_lockfile`, Terraform >= 1.10) alongside DynamoDB. */
        useLockfile: z.boolean().default(true),
      })
      .strict()
      .default({ useLockfile: true }),
    /** The VPC; required unless the cluster is brought through a kubeconfig. */
    network: networkSchema.optional(),
    /** The Kubernetes cluster. */
    cluster: clusterSchema,
    /** The Outpost rack; required by the Outpost cluster modes. */
    outpost: outpostSchema.optional(),
    /** Karpenter. */
    karpenter: karpenterSchema.prefault({}),
    /** Backing services of the data platform. */
    data: dataSchema,
    /** `<env>-ecs`: an ECS cluster running Spark standalone (off unless enabled). */
    ecs: ecsSchema.prefault({}),
    /** How the Kubernetes layer is delivered (README "Delivery: Terraform or Argo CD"). */
    delivery: deliverySchema.prefault({}),
  })
  .strict();

/** What an environment file writes (defaults may be left out). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
type SchemaOutput = z.output<typeof environmentSchema>;
/**
 * A parsed environment, defaults applied (including those that depend on other fields, such as
 * `data.rds`, always present when `data.database` is `rds`).
 */
export type ParsedEnvironment = Omit<SchemaOutput, "data"> & {
  readonly data: Omit<SchemaOutput["data"], "rds"> & { readonly rds?: RdsConfig };
};

/** Applies the defaults that depend on other fields (production, cluster mode). */
export function resolveDefaults(parsed: SchemaOutput): ParsedEnvironment {
  const { data } = parsed;
  if (data.database !== "rds" && data.rds === undefined)
    return { ...parsed, data: { ...data, rds: undefined } };
  const rds = resolveRdsSettings(data.rds, {
    production: parsed.production,
    onOutpost: isOutpostMode(parsed.cluster.mode),
  });
  return { ...parsed, data: { ...data, rds } };
}
/** Cluster modes. */
export type ClusterMode = ParsedEnvironment["cluster"]["mode"];
/** Network settings after parsing. */
export type NetworkConfig = z.output<typeof networkSchema>;
/** Outpost settings after parsing. */
export type OutpostConfig = z.output<typeof outpostSchema>;
