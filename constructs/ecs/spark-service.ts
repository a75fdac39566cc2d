import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";
import { SPARK_SCRATCH_DIR, SPARK_WORK_DIR } from "./spark-commands";

/** Properties of {@link SparkService}. */
export interface SparkServiceProps {
  /** Service name and task family. */
  readonly name: string;
  /** Container name (`master`, `worker`): also the log stream prefix. */
  readonly containerName: string;
  /** Cluster ARN. */
  readonly clusterArn: string;
  /** Capacity provider the tasks run on. */
  readonly capacityProviderName: string;
  /** Image, pinned (`apache/spark:<exact tag>`). */
  readonly image: string;
  /** Command of the container. */
  readonly command: ReadonlyArray<string>;
  /** Ports the container listens on, by name. */
  readonly ports: Readonly<Record<string, number>>;
  /** Health check command (ECS container health check). */
  readonly healthCheck: ReadonlyArray<string>;
  /** Task CPU units. */
  readonly cpu: number;
  /** Task memory, MiB. */
  readonly memoryMiB: number;
  /** Tasks to keep running. */
  readonly desiredCount: number;
  /** Plain environment (never secrets). */
  readonly environment: Readonly<Record<string, string>>;
  /** Container secrets: variable name to Secrets Manager secret ARN. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Log group of the `awslogs` driver, by name. */
  readonly logGroupName: string;
  /** Region of the log group and the tasks. */
  readonly region: string;
  /** Task execution role ARN. */
  readonly executionRoleArn: string;
  /** Task role ARN. */
  readonly taskRoleArn: string;
  /** Subnets of the tasks' interfaces (awsvpc). */
  readonly subnetIds: ReadonlyArray<string>;
  /** Security groups of the tasks' interfaces. */
  readonly securityGroupIds: ReadonlyArray<string>;
  /**
   * Cloud Map service the tasks register in (A records of their addresses).
   * @default none
   */
  readonly serviceRegistryArn?: string;
  /**
   * At most one task at a time (a deployment stops the old before starting the new): the master.
   * @default false
   */
  readonly singleton?: boolean;
  /**
   * What the service waits for (capacity providers, role grants, the secret's value).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

const DEFAULT_SINGLETON = false;
/** Seconds a container gets to start before failed health checks count. */
const HEALTH_CHECK_START_SECONDS = 120;
/** Open files a Spark JVM may hold (shuffle files). */
const NOFILE = 65536;
/** The `spark` user of the official image. */
const SPARK_UID = "185";

/**
 * One Spark role on ECS: an EC2 task definition in awsvpc mode (its own interface and security
 * groups, no public IP), a read-only root file system with task-scoped volumes for the work and
 * scratch directories, the image's non-root `spark` user, logs to CloudWatch, secrets injected by ECS;
 * and a service spreading the tasks over availability zones, with a deployment circuit breaker.
 */
export class SparkService extends Construct {
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly service: EcsService;

  constructor(scope: Construct, id: string, props: SparkServiceProps) {
    super(scope, id);
    const singleton = props.singleton ?? DEFAULT_SINGLETON;
    if (singleton && props.desiredCount > 1) {
      throw new ValidationError(
        `a singleton service runs at most one task, received ${props.desiredCount}`,
        this,
      );
    }
    const sorted = (record: Readonly<Record<string, string>>) =>
      Object.keys(record)
        .sort()
        .map((name) => ({ name, value: record[name] }));
    const container = {
      name: props.containerName,
      image: props.image,
      essential: true,
      user: SPARK_UID,
      command: [...props.command],
      portMappings: Object.entries(props.ports).map(([name, port]) => ({
        name,
        containerPort: port,
        protocol: "tcp",
      })),
      environment: sorted(props.environment),
      secrets: sorted(props.secrets).map(({ name, value }) => ({ name, valueFrom: value })),
      readonlyRootFilesystem: true,
      privileged: false,
      mountPoints: [
        { sourceVolume: "work", containerPath: SPARK_WORK_DIR, readOnly: false },
        { sourceVolume: "scratch", containerPath: SPARK_SCRATCH_DIR, readOnly: false },
      ],
      linuxParameters: { initProcessEnabled: true },
      ulimits: [{ name: "nofile", softLimit: NOFILE, hardLimit: NOFILE }],
      healthCheck: {
        command: [...props.healthCheck],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: HEALTH_CHECK_START_SECONDS,
      },
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": props.logGroupName,
          "awslogs-region": props.region,
          "awslogs-stream-prefix": props.containerName,
        },
      },
    };
    this.taskDefinition = new EcsTaskDefinition(this, "TaskDefinition", {
      family: props.name,
      networkMode: "awsvpc",
      requiresCompatibilities: ["EC2"],
      cpu: String(props.cpu),
      memory: String(props.memoryMiB),
      executionRoleArn: props.executionRoleArn,
      taskRoleArn: props.taskRoleArn,
      containerDefinitions: JSON.stringify([container]),
      volume: ["work", "scratch"].map((name) => ({
        name,
        dockerVolumeConfiguration: { scope: "task", driver: "local" },
      })),
    });
    this.service = new EcsService(this, "Resource", {
      name: props.name,
      cluster: props.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: props.desiredCount,
      capacityProviderStrategy: [{ capacityProvider: props.capacityProviderName, weight: 1, base: 0 }],
      networkConfiguration: {
        subnets: [...props.subnetIds],
        securityGroups: [...props.securityGroupIds],
        assignPublicIp: false,
      },
      serviceRegistries: props.serviceRegistryArn ? { registryArn: props.serviceRegistryArn } : undefined,
      orderedPlacementStrategy: [{ type: "spread", field: "attribute:ecs.availability-zone" }],
      deploymentMinimumHealthyPercent: singleton ? 0 : 50,
      deploymentMaximumPercent: singleton ? 100 : 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
