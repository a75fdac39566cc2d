import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ServiceRole, type IamStatement } from "../iam/service-role";
import { SparkAuthSecret } from "./spark-auth-secret";
import {
  masterCommand,
  SPARK_DAEMON_HEAP_MIB,
  SPARK_DAEMON_OPTIONS,
  SPARK_WORKER_OPTIONS,
  SPARK_SCRATCH_DIR,
  uiHealthCheck,
  workerCommand,
} from "./spark-commands";
import { SPARK_PORTS } from "./spark-ports";
import { SparkSecurityGroup } from "./spark-security-group";
import { SparkService } from "./spark-service";
import { ecsTasksTrust, TaskExecutionRole } from "./task-roles";

/** CPU and memory of one Spark task. */
export interface SparkTaskSize {
  /** CPU units (1024 = one vCPU). */
  readonly cpu: number;
  /** Memory, MiB. */
  readonly memoryMiB: number;
}

/** Properties of {@link SparkStandalone}. */
export interface SparkStandaloneProps {
  /** Prefix of every name (services, roles, groups, secret). */
  readonly name: string;
  /** Cluster ARN. */
  readonly clusterArn: string;
  /** Capacity provider of the tasks. */
  readonly capacityProviderName: string;
  /** What the services wait for (the cluster's capacity providers). */
  readonly capacityReady: ReadonlyArray<ITerraformDependable>;
  /** Account of the tasks (trust conditions, ARNs). */
  readonly accountId: string;
  /** Region of the tasks. */
  readonly region: string;
  /** VPC of the tasks and the namespace. */
  readonly vpcId: string;
  /** The VPC's CIDR: where clients reach Spark's ports from. */
  readonly vpcCidr: string;
  /** Private subnets of the tasks. */
  readonly subnetIds: ReadonlyArray<string>;
  /** Private DNS namespace (Cloud Map) the master registers in: `master.<namespace>`. */
  readonly namespaceName: string;
  /** Image, pinned (`apache/spark:<exact tag>`). */
  readonly image: string;
  /** The master's size. */
  readonly master: SparkTaskSize;
  /** The workers' size and count. */
  readonly workers: SparkTaskSize & { readonly count: number };
  /** Statements of the jobs' task role (the data they read and write). */
  readonly taskRoleStatements: ReadonlyArray<IamStatement>;
  /** Days the tasks' log group keeps their logs. */
  readonly logRetentionDays: number;
  /**
   * A production environment: the shared secret keeps Secrets Manager's 7-day recovery window.
   * @default false (deleted at once, so the stack can be destroyed and created again)
   */
  readonly production?: boolean;
  /** KMS key of the tasks' log group; its policy must admit CloudWatch Logs of the region. */
  readonly logsKmsKeyArn: string;
  /** KMS key of the authentication secret. */
  readonly secretsKmsKeyArn: string;
  /**
   * Extra environment of master and workers (plain values, never secrets).
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
}

const DEFAULT_ENVIRONMENT: Readonly<Record<string, string>> = {};
/** Name of the master in the namespace. */
export const SPARK_MASTER_HOST = "master";
/** The container secret holding `spark.authenticate.secret` (Spark's SecurityManager reads it). */
const AUTH_SECRET_VARIABLE = "_SPARK_AUTH_SECRET";

/**
 * Spark standalone on ECS: a master registered in a Cloud Map private DNS namespace, workers that
 * find it there (`spark://master.<namespace>:7077`), a generated shared secret authenticating every
 * connection (and encrypting RPC), one security group for Spark's ports, logs in a log group of their
 * own, an execution role that reads only that secret and a task role with the given statements.
 */
export class SparkStandalone extends Construct {
  public readonly masterUrl: string;
  public readonly secret: SparkAuthSecret;
  public readonly securityGroup: SparkSecurityGroup;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly executionRole: TaskExecutionRole;
  public readonly taskRole: ServiceRole;
  public readonly namespace: ServiceDiscoveryPrivateDnsNamespace;
  public readonly master: SparkService;
  public readonly workers: SparkService;

  constructor(scope: Construct, id: string, props: SparkStandaloneProps) {
    super(scope, id);
    const { name } = props;
    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/ecs/${name}/spark`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKmsKeyArn,
    });
    this.secret = new SparkAuthSecret(this, "AuthSecret", {
      secretName: `${name}/spark-auth`,
      kmsKeyArn: props.secretsKmsKeyArn,
      // A fixed name cannot be created again while the old secret waits out its recovery window: only
      // production keeps one (a destroyed and re-created non-production stack would fail for 7 days).
      recoveryWindowInDays: props.production ? 7 : 0,
    });
    this.securityGroup = new SparkSecurityGroup(this, "SecurityGroup", {
      name: `${name}-spark`,
      vpcId: props.vpcId,
      vpcCidr: props.vpcCidr,
    });
    this.namespace = new ServiceDiscoveryPrivateDnsNamespace(this, "Namespace", {
      name: props.namespaceName,
      description: `Spark standalone of ${name}: master.${props.namespaceName}`,
      vpc: props.vpcId,
    });
    const discovery = new ServiceDiscoveryService(this, "MasterDiscovery", {
      name: SPARK_MASTER_HOST,
      description: "The Spark master's task address",
      dnsConfig: {
        namespaceId: this.namespace.id,
        routingPolicy: "MULTIVALUE",
        dnsRecords: [{ type: "A", ttl: 10 }],
      },
      // ECS reports the tasks' health to Cloud Map (custom health checks).
      healthCheckCustomConfig: {},
    });
    this.masterUrl = `spark://${SPARK_MASTER_HOST}.${props.namespaceName}:${SPARK_PORTS.master}`;

    this.executionRole = new TaskExecutionRole(this, "ExecutionRole", {
      roleName: `${name}-spark-execution`,
      description: `Starts the Spark tasks of ${name}: image pull, logs, the Spark secret`,
      accountId: props.accountId,
      region: props.region,
      logGroupArns: [this.logGroup.arn],
      secretArns: [this.secret.secret.arn],
      secretsKmsKeyArn: props.secretsKmsKeyArn,
    });
    this.taskRole = new ServiceRole(this, "TaskRole", {
      roleName: `${name}-spark-task`,
      description: `Spark master, workers and executors of ${name}: the Spark buckets and their key only`,
      trust: [ecsTasksTrust(props.accountId, props.region)],
      inlinePolicies: { SparkData: props.taskRoleStatements },
    });

    const environment = props.environment ?? DEFAULT_ENVIRONMENT;
    const common = {
      clusterArn: props.clusterArn,
      capacityProviderName: props.capacityProviderName,
      image: props.image,
      secrets: { [AUTH_SECRET_VARIABLE]: this.secret.secret.arn },
      logGroupName: this.logGroup.name,
      region: props.region,
      executionRoleArn: this.executionRole.role.role.arn,
      taskRoleArn: this.taskRole.role.arn,
      subnetIds: props.subnetIds,
      securityGroupIds: [this.securityGroup.securityGroup.id],
    };
    const ready = [
      ...props.capacityReady,
      ...this.executionRole.role.grants,
      ...this.taskRole.grants,
      this.secret.version,
    ];
    this.master = new SparkService(this, "Master", {
      ...common,
      name: `${name}-spark-master`,
      containerName: "master",
      command: masterCommand(),
      ports: { rpc: SPARK_PORTS.master, ui: SPARK_PORTS.masterUi },
      healthCheck: uiHealthCheck(SPARK_PORTS.masterUi),
      cpu: props.master.cpu,
      memoryMiB: props.master.memoryMiB,
      desiredCount: 1,
      singleton: true,
      environment: {
        ...environment,
        SPARK_MASTER_OPTS: SPARK_DAEMON_OPTIONS,
        SPARK_DAEMON_MEMORY: `${SPARK_DAEMON_HEAP_MIB}m`,
        SPARK_LOCAL_DIRS: SPARK_SCRATCH_DIR,
        SPARK_NO_DAEMONIZE: "true",
      },
      serviceRegistryArn: discovery.arn,
      dependsOn: ready,
    });
    this.workers = new SparkService(this, "Workers", {
      ...common,
      name: `${name}-spark-worker`,
      containerName: "worker",
      command: workerCommand({
        masterUrl: this.masterUrl,
        cpu: props.workers.cpu,
        memoryMiB: props.workers.memoryMiB,
      }),
      ports: { rpc: SPARK_PORTS.worker, ui: SPARK_PORTS.workerUi },
      healthCheck: uiHealthCheck(SPARK_PORTS.workerUi),
      cpu: props.workers.cpu,
      memoryMiB: props.workers.memoryMiB,
      desiredCount: props.workers.count,
      environment: {
        ...environment,
        SPARK_WORKER_OPTS: SPARK_WORKER_OPTIONS,
        SPARK_DAEMON_MEMORY: `${SPARK_DAEMON_HEAP_MIB}m`,
        SPARK_LOCAL_DIRS: SPARK_SCRATCH_DIR,
        SPARK_NO_DAEMONIZE: "true",
      },
      dependsOn: [...ready, this.master.service],
    });
  }
}
