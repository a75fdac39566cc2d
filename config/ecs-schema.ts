import { z } from "zod";
import { EXACT_SPARK_TAG, SPARK_IMAGE } from "../constructs/ecs/spark-image";
import { logRetentionDays } from "./cluster-schema";
import { instanceTypeIssue } from "./catalogue/instance-types";
import { byCatalogue } from "./catalogue/refine";

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/** An environment variable name. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Root volume of the ECS-optimised AL2023 AMI's snapshot: the smallest root volume it boots from. */
export const MIN_ECS_ROOT_VOLUME_GIB = 30;

const instanceType = z
  .string()
  .regex(INSTANCE_TYPE, { error: "expected an EC2 instance type such as m6i.xlarge", abort: true })
  .superRefine(byCatalogue(instanceTypeIssue));

const whole = (what: string, min: number, max: number) =>
  z
    .number()
    .int({ error: `expected a whole number of ${what}` })
    .min(min, { error: `expected ${min} to ${max} ${what}` })
    .max(max, { error: `expected ${min} to ${max} ${what}` });

const rootVolumeSizeGiB = whole("GiB", MIN_ECS_ROOT_VOLUME_GIB, 16384);

/** Sizes of an Auto Scaling group; the rules check min ≤ desired ≤ max. */
const sizes = (defaults: { min: number; desired: number; max: number }) => ({
  /** Fewest instances. */
  minSize: whole("instances", 0, 100).default(defaults.min),
  /** Instances at creation (later, managed scaling sets it). */
  desiredSize: whole("instances", 0, 100).default(defaults.desired),
  /** Most instances. */
  maxSize: whole("instances", 1, 100).default(defaults.max),
});

/** CPU and memory of one Spark task (ECS task-level sizes). */
const taskSize = (defaults: { cpu: number; memoryMiB: number }) => ({
  /** CPU units (1024 = one vCPU). */
  cpu: whole("CPU units", 256, 65536).default(defaults.cpu),
  /** Memory, MiB. */
  memoryMiB: whole("MiB", 512, 1048576).default(defaults.memoryMiB),
});

/** Spark standalone on the cluster: one master, workers that register with it. */
export const ecsSparkSchema = z
  .object({
    /** Tag of the `apache/spark` image: an exact release, never `latest`. */
    imageTag: z
      .string()
      .regex(EXACT_SPARK_TAG, {
        error:
          "expected an exact apache/spark tag such as 3.5.8-scala2.12-java17-python3-ubuntu (never latest)",
      })
      .default(SPARK_IMAGE.tag),
    /** The master (one task). */
    master: z
      .object(taskSize({ cpu: 1024, memoryMiB: 2048 }))
      .strict()
      .prefault({}),
    /** The workers. */
    workers: z
      .object({
        /** Worker tasks. */
        count: whole("workers", 0, 100).default(2),
        ...taskSize({ cpu: 2048, memoryMiB: 8192 }),
      })
      .strict()
      .prefault({}),
    /** Extra environment of master and workers (never a secret: secrets come from Secrets Manager). */
    environment: z
      .record(
        z
          .string()
          .regex(ENV_NAME, { error: "expected an environment variable name such as SPARK_WORKER_CORES" }),
        z.string(),
      )
      .default({}),
  })
  .strict();

/** A second capacity provider on the Outpost rack (`outpost-extended` environments only). */
export const ecsOutpostSchema = z
  .object({
    /** Whether the rack capacity provider exists. */
    enabled: z.boolean().default(false),
    /** Instance type, of a family in `outpost.instanceFamilies` (On-Demand, gp2 root volume). */
    instanceType: instanceType.default("m5.xlarge"),
    /** Root volume size (gp2: the only EBS type on a rack). */
    rootVolumeSizeGiB: rootVolumeSizeGiB.default(50),
    ...sizes({ min: 0, desired: 0, max: 2 }),
  })
  .strict();

/** `<env>-ecs`: an ECS cluster on EC2 capacity running Spark standalone. */
export const ecsSchema = z
  .object({
    /** Whether `<env>-ecs` exists. */
    enabled: z.boolean().default(false),
    /** Instance type of the container instances (ECS-optimised AL2023). */
    instanceType: instanceType.default("m6i.xlarge"),
    /** Root volume size of the container instances (gp3, encrypted with the stack's key). */
    rootVolumeSizeGiB: rootVolumeSizeGiB.default(50),
    ...sizes({ min: 1, desired: 2, max: 4 }),
    /** Managed scaling target: the share of the group's capacity tasks should use (100 = no spare). */
    targetCapacityPercent: whole("percent", 1, 100).default(100),
    /** Days the cluster's and the tasks' logs are kept. */
    logRetentionDays: logRetentionDays.default(30),
    /** Spark standalone. */
    spark: ecsSparkSchema.prefault({}),
    /**
     * A capacity provider on the Outpost rack beside the regional one.
     * @default none
     */
    outpost: ecsOutpostSchema.optional(),
  })
  .strict();

/** ECS settings after parsing. */
export type EcsConfig = z.output<typeof ecsSchema>;
/** Spark settings after parsing. */
export type EcsSparkConfig = z.output<typeof ecsSparkSchema>;
/** Rack capacity settings after parsing. */
export type EcsOutpostConfig = z.output<typeof ecsOutpostSchema>;
