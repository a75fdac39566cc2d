import { z } from "zod";
import { byCatalogue } from "./catalogue/refine";
import { karpenterAmiAliasIssue } from "./catalogue/versions";
import {
  ARCHITECTURES,
  CAPACITY_TYPES,
  CONSOLIDATION_POLICIES,
  DISRUPTION_REASONS,
  TAINT_EFFECTS,
} from "../constructs/addons/karpenter/manifest-rules";
import { KARPENTER_CHART } from "../constructs/addons/karpenter/chart";
import { DEFAULT_MESSAGE_RETENTION_SECONDS } from "../constructs/addons/karpenter/interruption-queue";
import { DEFAULT_KARPENTER_REPLICAS } from "../constructs/addons/karpenter/karpenter-controller";
import {
  DEFAULT_ROOT_VOLUME_SIZE_GIB,
  MIN_ROOT_VOLUME_SIZE_GIB,
} from "../constructs/addons/karpenter/node-class";
import { PLATFORM_NODE_POOLS } from "./node-pools";

/** Karpenter chart version (the controller and its CRD chart), exact. */
export const KARPENTER_CHART_VERSION = KARPENTER_CHART.version;
/**
 * EKS-optimised AL2023 AMI release of Karpenter's nodes, pinned. Before changing it, check the
 * release exists for the cluster's Kubernetes version: `aws ssm get-parameters-by-path --path
 * /aws/service/eks/optimized-ami/<version>/amazon-linux-2023/ --recursive` lists the releases.
 */
export const DEFAULT_KARPENTER_AMI_ALIAS = "al2023@v20260728";

const EXACT_VERSION = /^\d+\.\d+\.\d+$/;
/** A NodePool name: a DNS label. */
const POOL_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** One requirement, checked in config/karpenter-rules.ts as the NodePool CRD checks it. */
const requirementSchema = z
  .object({
    /** Node label key (`karpenter.k8s.aws/instance-memory`, `topology.kubernetes.io/zone`…). */
    key: z.string(),
    /** In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte or Lte. */
    operator: z.string(),
    /** Values (one integer for Gt/Lt/Gte/Lte, none for Exists/DoesNotExist). */
    values: z.array(z.string()).optional(),
    /** Fewest distinct values Karpenter must keep to choose from. */
    minValues: z.number().optional(),
  })
  .strict();

const budgetSchema = z
  .object({
    /** Nodes Karpenter may disrupt at once: a count or a percentage. */
    nodes: z.string(),
    /** Cron schedule (UTC) when the budget starts applying; with `duration`. */
    schedule: z.string().optional(),
    /** How long it applies from each start. */
    duration: z.string().optional(),
    /** Reasons it limits (all when left out). */
    reasons: z.array(z.enum(DISRUPTION_REASONS)).optional(),
  })
  .strict();

/** A Karpenter NodePool; see NodePoolOptions in constructs/addons/karpenter/node-pool.ts. */
export const nodePoolSchema = z
  .object({
    /** Capacity types (`spot`, `on-demand`). */
    capacityTypes: z.array(z.enum(CAPACITY_TYPES)).default(() => ["spot" as const, "on-demand" as const]),
    /** CPU architectures. */
    architectures: z.array(z.enum(ARCHITECTURES)).default(() => ["amd64" as const]),
    /** Instance categories (`c`, `m`, `r`); any when left out. */
    instanceCategories: z.array(z.string()).optional(),
    /** Instance families (`r6i`, `r7i`); any when left out. */
    instanceFamilies: z.array(z.string()).optional(),
    /** Oldest instance generation. */
    minInstanceGeneration: z.number().optional(),
    /** Further requirements. */
    requirements: z.array(requirementSchema).optional(),
    /** Node labels besides `node.dataplatform.io/pool: <name>`. */
    labels: z.record(z.string(), z.string()).optional(),
    /** Node taints. */
    taints: z
      .array(
        z.object({ key: z.string(), value: z.string().optional(), effect: z.enum(TAINT_EFFECTS) }).strict(),
      )
      .optional(),
    /** CPU/memory ceiling of the pool, as Kubernetes quantities. */
    limits: z.record(z.string(), z.string()),
    /** `WhenEmpty`, `WhenEmptyOrUnderutilized` or `Balanced`. */
    consolidationPolicy: z.enum(CONSOLIDATION_POLICIES).default("WhenEmpty"),
    /** Delay before an empty node is removed (`5m`, `Never`). */
    consolidateAfter: z.string().default("5m"),
    /** Disruption budgets. */
    budgets: z.array(budgetSchema).default(() => [{ nodes: "10%" }]),
    /** Node lifetime (`720h`, `Never`). */
    expireAfter: z.string().default("720h"),
    /** Longest wait for a draining node's pods. */
    terminationGracePeriod: z.string().optional(),
    /** Priority among pools (1–100). */
    weight: z.number().optional(),
  })
  .strict();

/** What an environment writes for one NodePool. */
export type KarpenterNodePoolInput = z.input<typeof nodePoolSchema>;

/** Karpenter: controller, interruption queue, node class and NodePools. */
export const karpenterSchema = z
  .object({
    /** Whether `<env>-karpenter` exists. */
    enabled: z.boolean().default(true),
    /** Chart version of the controller and CRDs (exact). */
    chartVersion: z
      .string()
      .regex(EXACT_VERSION, { error: "expected an exact chart version such as 1.14.1" })
      .default(KARPENTER_CHART_VERSION),
    /** How the controller gets AWS credentials: EKS Pod Identity, or IRSA. */
    controllerIdentity: z.enum(["pod-identity", "irsa"]).default("pod-identity"),
    /** Controller replicas (leader election; 2 survive a node loss). */
    replicas: z
      .number()
      .int({ error: "expected a whole number of replicas" })
      .min(1, { error: "expected 1 to 5 replicas" })
      .max(5, { error: "expected 1 to 5 replicas" })
      .default(DEFAULT_KARPENTER_REPLICAS),
    /** AMI alias of the nodes: `al2023@v<YYYYMMDD>` (pinned) or `al2023@latest`. */
    amiAlias: z
      .string()
      .superRefine(byCatalogue(karpenterAmiAliasIssue))
      .default(DEFAULT_KARPENTER_AMI_ALIAS),
    /** Root volume size of the nodes, GiB. */
    rootVolumeSizeGiB: z
      .number()
      .int()
      .min(MIN_ROOT_VOLUME_SIZE_GIB)
      .max(16384)
      .default(DEFAULT_ROOT_VOLUME_SIZE_GIB),
    /** Seconds an interruption message waits in the queue (EC2 gives two minutes' notice). */
    interruptionMessageRetentionSeconds: z
      .number()
      .int()
      .min(60)
      .max(1209600)
      .default(DEFAULT_MESSAGE_RETENTION_SECONDS),
    /** NodePools by name; the platform's pools when left out. */
    nodePools: z
      .record(
        z.string().max(63).regex(POOL_NAME, {
          error: "expected a NodePool name: lower-case letters, digits and hyphens (a DNS label)",
        }),
        nodePoolSchema,
      )
      // prefault: the platform's pools are parsed like any written in an environment.
      .prefault(() => structuredClone(PLATFORM_NODE_POOLS) as Record<string, KarpenterNodePoolInput>),
  })
  .strict();

/** Karpenter settings after parsing. */
export type KarpenterConfig = z.output<typeof karpenterSchema>;
