import { TRINO_COORDINATOR_POOL, TRINO_WORKER_POOL } from "../../../config/node-pools";
import { DEDICATED_POOL_TAINT_KEY, NODE_POOL_LABEL } from "../../eks/node-labels";
import type { CaBundleRef } from "../common/java-truststore";
import { type Placement, placementValues } from "../common/placement";
import { type ContainerResources, type SizeProfile, mebibytes, sized } from "../common/size-profile";
import { MONITOR_SELECTOR_LABEL } from "../kube-prometheus-stack/chart";
import { jmxExporterConfig, kedaValues } from "./autoscaling";
import {
  type IcebergCatalogType,
  type ObjectStoreAccess,
  TRINO_ENV,
  exchangeManagerProperties,
  icebergCatalogProperties,
  oauth2Properties,
  propertiesFile,
  propertyLines,
  serverProperties,
} from "./catalog";
import { ICEBERG_CATALOG_NAME, TRINO_COORDINATOR_SERVICE, TRINO_IMAGE, TRINO_SERVICE_ACCOUNT } from "./chart";
import { type TrinoSettings, withDefaults } from "./settings";
import { trinoTruststoreValues } from "./truststore";

/** A key of a Secret in Trino's namespace. */
export interface SecretKeyReference {
  readonly name: string;
  readonly key: string;
}

/** What {@link trinoValues} needs besides the {@link TrinoSettings}. */
export interface TrinoValuesProps extends TrinoSettings {
  /** Size profile: every request and limit goes through {@link sized}. */
  readonly profile: SizeProfile;
  /** Namespace of the release (the `namespace` label the KEDA queries select). */
  readonly namespace: string;
  /** In-cluster URL of the platform's Prometheus, for KEDA's triggers. */
  readonly prometheusUrl: string;
  /** How Trino reaches the object store (MinIO: endpoint, path style, static credentials). */
  readonly objectStore: ObjectStoreAccess;
  /** Bucket of the warehouse (`trino-data`, or its S3 name). */
  readonly dataBucket: string;
  /** Bucket of the fault-tolerant exchange (`trino-exchange`, or its S3 name). */
  readonly exchangeBucket: string;
  /** The bootstrap's Secret with keys `user`, `password` and `jdbc-url` (`iceberg-catalog`). */
  readonly jdbcSecretName: string;
  /**
   * With {@link ObjectStoreAccess.staticCredentials}: the Secret with keys `accessKey` and `secretKey`.
   * @default "object-store-credentials"
   */
  readonly objectStoreCredentialsSecretName?: string;
  /** Secret (key `password.db`) holding the bcrypt password file. */
  readonly passwordFileSecretName: string;
  /** Secret key holding the internal-communication shared secret. */
  readonly sharedSecret: SecretKeyReference;
  /**
   * Annotations of the `trino` service account (IRSA's `eks.amazonaws.com/role-arn`).
   * @default none (Pod Identity binds the role by name)
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /**
   * The CA bundle (a ConfigMap in the namespace, key `ca.crt`) the object store's certificate chains
   * to: the coordinator's and workers' JVMs trust it besides the JDK's CAs.
   * @default none (the JDK's CAs only)
   */
  readonly caBundle?: CaBundleRef;
}

/** Requests and limits in the `standard` profile; the JVM heap follows the memory limit. */
export const STANDARD_RESOURCES: Readonly<
  Record<"coordinator" | "worker" | "jmxExporter", ContainerResources>
> = {
  // On an m/r On-Demand node of the coordinator pool.
  coordinator: { requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "8Gi" } },
  // One worker per r*.xlarge (4 vCPU, 32 GiB) of the trino-worker pool, room left for DaemonSets.
  worker: { requests: { cpu: "3", memory: "24Gi" }, limits: { memory: "24Gi" } },
  jmxExporter: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
};

/** Share of the container memory the JVM heap may take (`-XX:MaxRAMPercentage`). */
export const HEAP_PERCENT = 75;
/** Share of the heap one query may use on a node (Trino's default for `query.max-memory-per-node`). */
const QUERY_MEMORY_SHARE = 0.3;
/** Seconds the worker's pod gets beyond the shutdown sequence before SIGKILL. */
export const TERMINATION_MARGIN_SECONDS = 60;

/**
 * A worker's `terminationGracePeriodSeconds`. Trino's shutdown sequence (GracefulShutdownHandler)
 * waits one grace period before starting, sleeps another so the coordinator sees the state, waits
 * for the running tasks, and sleeps a third. Tasks start at the latest during the first period and
 * run at most `query.max-execution-time`, which is at most one grace period (validated): the
 * sequence lasts three grace periods. The chart asks for at least two.
 */
export function terminationGracePeriodSeconds(gracePeriodSeconds: number): number {
  return 3 * gracePeriodSeconds + TERMINATION_MARGIN_SECONDS;
}

/** `query.max-memory-per-node` of a container of this memory limit, in MB. */
function perNodeQueryMemoryMb(resources: ContainerResources): number {
  const limit = resources.limits?.memory ?? resources.requests?.memory ?? "1Gi";
  return Math.max(1, Math.floor(mebibytes(limit) * (HEAP_PERCENT / 100) * QUERY_MEMORY_SHARE));
}

/** Where a Trino role runs: its Karpenter pool (label and taint), else the given placement. */
function poolPlacement(pool: string, karpenterPools: boolean, fallback: Placement): Placement {
  if (!karpenterPools) return fallback;
  return {
    nodeSelector: { [NODE_POOL_LABEL]: pool },
    tolerations: [{ key: DEDICATED_POOL_TAINT_KEY, operator: "Equal", value: pool, effect: "NoSchedule" }],
  };
}

function fromSecret(variable: string, ref: SecretKeyReference): Record<string, unknown> {
  return { name: variable, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
}

/**
 * The trino chart's values: the pinned image; the `trino` service account; the `iceberg` catalog,
 * fault-tolerant execution and the server properties of catalog.ts; every secret from Secrets
 * through environment variables; PASSWORD (and OAUTH2) authentication; workers scaled by KEDA on
 * Prometheus, draining gracefully; the JMX exporter with a ServiceMonitor for the platform's
 * Prometheus; sized resources and the Karpenter pools; with a CA bundle, the JVMs' truststore
 * (truststore.ts). Every key exists in the chart's values.yaml (checked in the tests). Check the
 * result with `trinoValuesProblems`.
 */
export function trinoValues(props: TrinoValuesProps): Record<string, unknown> {
  const settings = withDefaults(props);
  const store = props.objectStore;
  const coordinatorResources = sized(props.profile, STANDARD_RESOURCES.coordinator);
  const workerResources = sized(props.profile, STANDARD_RESOURCES.worker);
  const workerQueryMb = perNodeQueryMemoryMb(workerResources);
  const credentials = props.objectStoreCredentialsSecretName ?? "object-store-credentials";
  const metastore =
    settings.catalogType === "hive_metastore"
      ? { type: "hive_metastore" as const, uri: settings.metastoreUri ?? "" }
      : {
          type: "jdbc" as const,
          catalogName: ICEBERG_CATALOG_NAME,
          warehouseDir: settings.warehouseDir ?? `s3://${props.dataBucket}/warehouse`,
        };
  const exchange = exchangeManagerProperties([`s3://${props.exchangeBucket}/exchange`], store);
  const { "exchange-manager.name": name, "exchange.base-directories": baseDirs, ...exchangeRest } = exchange;
  const oidc = settings.oidc;
  const env = [
    ...(settings.catalogType === "jdbc"
      ? [
          fromSecret(TRINO_ENV.jdbcUrl, { name: props.jdbcSecretName, key: "jdbc-url" }),
          fromSecret(TRINO_ENV.jdbcUser, { name: props.jdbcSecretName, key: "user" }),
          fromSecret(TRINO_ENV.jdbcPassword, { name: props.jdbcSecretName, key: "password" }),
        ]
      : []),
    ...(store.staticCredentials
      ? [
          fromSecret(TRINO_ENV.s3AccessKey, { name: credentials, key: "accessKey" }),
          fromSecret(TRINO_ENV.s3SecretKey, { name: credentials, key: "secretKey" }),
        ]
      : []),
    fromSecret(TRINO_ENV.sharedSecret, props.sharedSecret),
    ...(oidc ? [fromSecret(TRINO_ENV.oauth2ClientSecret, oidc.clientSecret)] : []),
  ];
  const jvm = { maxHeapSize: "", maxHeapPercent: HEAP_PERCENT, initialHeapPercent: HEAP_PERCENT };
  const coordinatorPlacement = poolPlacement(
    TRINO_COORDINATOR_POOL,
    settings.karpenterPools,
    settings.placement,
  );
  const workerPlacement = poolPlacement(TRINO_WORKER_POOL, settings.karpenterPools, settings.placement);
  const truststore = props.caBundle ? trinoTruststoreValues(props.caBundle) : undefined;
  return {
    image: { repository: TRINO_IMAGE.repository, tag: TRINO_IMAGE.tag, pullPolicy: "IfNotPresent" },
    serviceAccount: {
      create: true,
      name: TRINO_SERVICE_ACCOUNT,
      ...(props.serviceAccountAnnotations ? { annotations: { ...props.serviceAccountAnnotations } } : {}),
    },
    server: {
      workers: settings.minWorkers,
      config: {
        authenticationType: oidc ? "PASSWORD,OAUTH2" : "PASSWORD",
        query: { maxMemory: `${workerQueryMb * Math.max(1, settings.maxWorkers)}MB` },
      },
      exchangeManager: { name, baseDir: baseDirs.split(",") },
      ...(oidc ? { coordinatorExtraConfig: propertyLines(oauth2Properties(oidc)).join("\n") } : {}),
      keda: kedaValues({
        minWorkers: settings.minWorkers,
        maxWorkers: settings.maxWorkers,
        prometheusUrl: props.prometheusUrl,
        namespace: props.namespace,
        coordinatorService: TRINO_COORDINATOR_SERVICE,
        queriesPerWorker: settings.queriesPerWorker,
      }),
    },
    additionalConfigProperties: propertyLines(
      serverProperties({
        requiredWorkers: settings.requiredWorkers,
        requiredWorkersMaxWaitSeconds: settings.requiredWorkersMaxWaitSeconds,
        maxQueryExecutionSeconds: settings.maxQueryExecutionSeconds,
      }),
    ),
    additionalExchangeManagerProperties: propertyLines(exchangeRest),
    additionalCatalogs: {
      [ICEBERG_CATALOG_NAME]: propertiesFile(icebergCatalogProperties(metastore, store)),
    },
    env,
    ...(truststore ? { initContainers: truststore.initContainers } : {}),
    auth: { passwordAuthSecret: props.passwordFileSecretName },
    ...(settings.ingress
      ? {
          ingress: {
            enabled: true,
            ...(settings.ingress.className ? { className: settings.ingress.className } : {}),
            hosts: [{ host: settings.ingress.host, paths: [{ path: "/", pathType: "Prefix" }] }],
            tls: [{ secretName: settings.ingress.tlsSecretName, hosts: [settings.ingress.host] }],
          },
        }
      : {}),
    coordinator: {
      jvm,
      config: { query: { maxMemoryPerNode: `${perNodeQueryMemoryMb(coordinatorResources)}MB` } },
      resources: coordinatorResources,
      ...placementValues(coordinatorPlacement),
      ...truststore?.coordinator,
    },
    worker: {
      jvm,
      config: { query: { maxMemoryPerNode: `${workerQueryMb}MB` } },
      resources: workerResources,
      gracefulShutdown: { enabled: true, gracePeriodSeconds: settings.gracePeriodSeconds },
      terminationGracePeriodSeconds: terminationGracePeriodSeconds(settings.gracePeriodSeconds),
      ...placementValues(workerPlacement),
      ...truststore?.worker,
    },
    jmx: {
      enabled: true,
      exporter: {
        enabled: true,
        pullPolicy: "IfNotPresent",
        configProperties: jmxExporterConfig(),
        resources: sized(props.profile, STANDARD_RESOURCES.jmxExporter),
      },
    },
    serviceMonitor: { enabled: true, labels: { ...MONITOR_SELECTOR_LABEL } },
  };
}

/** The catalog types, re-exported for callers that validate config. */
export type { IcebergCatalogType };
