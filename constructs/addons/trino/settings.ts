import type { Placement } from "../common/placement";
import { ICEBERG_CATALOG_TYPES, type IcebergCatalogType } from "./catalog";

/** OAuth 2.0 login of Trino's users at an OIDC issuer. */
export interface TrinoOidc {
  /** Issuer URL (a Keycloak realm URL), `https://…`. */
  readonly issuerUrl: string;
  /** Client id registered at the issuer. */
  readonly clientId: string;
  /**
   * The client secret: a key of a Secret created outside this project, in Trino's namespace (a
   * pod reads Secrets of its own namespace only).
   */
  readonly clientSecret: { readonly name: string; readonly key: string; readonly namespace?: string };
}

/** An Ingress in front of the coordinator that terminates TLS (Trino accepts passwords only over HTTPS). */
export interface TrinoIngress {
  /** Host name users and services reach Trino at (`trino.example.com`). */
  readonly host: string;
  /** A `kubernetes.io/tls` Secret of the `trino` namespace holding the host's certificate. */
  readonly tlsSecretName: string;
  /**
   * IngressClass of the controller.
   * @default the cluster's default class
   */
  readonly className?: string;
}

/** What an environment chooses about Trino (the rest follows from the platform's layout). */
export interface TrinoSettings {
  /**
   * Fewest workers; 0 lets KEDA scale the workers to zero between queries.
   * @default 1
   */
  readonly minWorkers?: number;
  /**
   * Most workers.
   * @default 4
   */
  readonly maxWorkers?: number;
  /**
   * Workers a query waits for before it starts (`query-manager.required-workers`).
   * @default 1
   */
  readonly requiredWorkers?: number;
  /**
   * Longest wait for them, in seconds (`query-manager.required-workers-max-wait`): long enough for
   * KEDA to poll and Karpenter to bring a node up.
   * @default 300
   */
  readonly requiredWorkersMaxWaitSeconds?: number;
  /**
   * Longest execution of a query, in seconds (`query.max-execution-time`).
   * @default 900
   */
  readonly maxQueryExecutionSeconds?: number;
  /**
   * Grace period of a worker's shutdown, in seconds (`worker.gracefulShutdown.gracePeriodSeconds`):
   * at least the query limit, so a draining worker finishes what it runs. The pod's
   * terminationGracePeriodSeconds follows (three periods and a margin).
   * @default maxQueryExecutionSeconds
   */
  readonly gracePeriodSeconds?: number;
  /**
   * Running plus queued queries one worker carries before KEDA adds another.
   * @default 4
   */
  readonly queriesPerWorker?: number;
  /**
   * Iceberg catalog: `jdbc` (on the platform PostgreSQL) or `hive_metastore` (needs {@link metastoreUri}).
   * @default "jdbc"
   */
  readonly catalogType?: IcebergCatalogType;
  /**
   * Thrift URI of the Hive metastore (`thrift://host:9083`), for `hive_metastore`.
   * @default none
   */
  readonly metastoreUri?: string;
  /**
   * Warehouse of the JDBC catalog.
   * @default "s3://<data bucket>/warehouse"
   */
  readonly warehouseDir?: string;
  /**
   * Coordinator on the `trino-coordinator` pool (On-Demand) and workers on the `trino-worker` pool
   * (Spot), each tolerating its pool's taint. Without Karpenter, {@link placement} for both.
   * @default false
   */
  readonly karpenterPools?: boolean;
  /**
   * Nodes of the coordinator and the workers when {@link karpenterPools} is off.
   * @default anywhere
   */
  readonly placement?: Placement;
  /**
   * OAuth 2.0 login besides the password file.
   * @default none (PASSWORD only)
   */
  readonly oidc?: TrinoOidc;
  /**
   * An Ingress terminating TLS in front of the coordinator (it forwards `X-Forwarded-Proto`,
   * which `http-server.process-forwarded` honours).
   * @default none
   */
  readonly ingress?: TrinoIngress;
}

/** {@link TrinoSettings} with every default applied. */
export interface ResolvedTrinoSettings {
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly requiredWorkers: number;
  readonly requiredWorkersMaxWaitSeconds: number;
  readonly maxQueryExecutionSeconds: number;
  readonly gracePeriodSeconds: number;
  readonly queriesPerWorker: number;
  readonly catalogType: IcebergCatalogType;
  readonly metastoreUri?: string;
  readonly warehouseDir?: string;
  readonly karpenterPools: boolean;
  readonly placement: Placement;
  readonly oidc?: TrinoOidc;
  readonly ingress?: TrinoIngress;
}

/** The defaults of {@link TrinoSettings}. */
export function withDefaults(settings: TrinoSettings): ResolvedTrinoSettings {
  const maxQueryExecutionSeconds = settings.maxQueryExecutionSeconds ?? 900;
  return {
    ...settings,
    minWorkers: settings.minWorkers ?? 1,
    maxWorkers: settings.maxWorkers ?? 4,
    requiredWorkers: settings.requiredWorkers ?? 1,
    requiredWorkersMaxWaitSeconds: settings.requiredWorkersMaxWaitSeconds ?? 300,
    maxQueryExecutionSeconds,
    gracePeriodSeconds: settings.gracePeriodSeconds ?? maxQueryExecutionSeconds,
    queriesPerWorker: settings.queriesPerWorker ?? 4,
    catalogType: settings.catalogType ?? "jdbc",
    karpenterPools: settings.karpenterPools ?? false,
    placement: settings.placement ?? {},
  };
}

const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const RESOURCE_NAME = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;
const THRIFT_URI = /^thrift:\/\/[a-z0-9.-]+(?::\d{1,5})?$/i;
const HTTPS_URL = /^https:\/\/[^\s/]+(?:\/\S*)?$/;
const POSITIVE = (value: number) => Number.isInteger(value) && value > 0;

/**
 * What is wrong with Trino's settings, one message per problem naming the field, the value and
 * what is allowed: workers max < min (or negative), required workers above the max, a catalog type
 * other than jdbc/hive_metastore, hive_metastore without a thrift:// URI, a grace period shorter
 * than the query limit, an OIDC client secret outside Trino's namespace.
 */
export function trinoSettingsProblems(settings: TrinoSettings, namespace: string): string[] {
  const s = withDefaults(settings);
  const problems: string[] = [];
  if (!Number.isInteger(s.minWorkers) || s.minWorkers < 0) {
    problems.push(`minWorkers: expected an integer of at least 0, received ${s.minWorkers}`);
  }
  if (!POSITIVE(s.maxWorkers) || s.maxWorkers < s.minWorkers) {
    problems.push(
      `maxWorkers: expected an integer of at least 1 and at least minWorkers (${s.minWorkers}), received ${s.maxWorkers}`,
    );
  }
  if (!POSITIVE(s.requiredWorkers) || s.requiredWorkers > s.maxWorkers) {
    problems.push(
      `requiredWorkers: expected an integer from 1 to maxWorkers (${s.maxWorkers}), received ${s.requiredWorkers}`,
    );
  }
  for (const [field, value] of [
    ["requiredWorkersMaxWaitSeconds", s.requiredWorkersMaxWaitSeconds],
    ["maxQueryExecutionSeconds", s.maxQueryExecutionSeconds],
    ["gracePeriodSeconds", s.gracePeriodSeconds],
    ["queriesPerWorker", s.queriesPerWorker],
  ] as const) {
    if (!POSITIVE(value)) problems.push(`${field}: expected a positive integer, received ${value}`);
  }
  if (!ICEBERG_CATALOG_TYPES.includes(s.catalogType)) {
    problems.push(
      `catalogType: expected one of ${ICEBERG_CATALOG_TYPES.join(", ")}, received "${String(s.catalogType)}"`,
    );
  }
  if (s.catalogType === "hive_metastore" && !(s.metastoreUri && THRIFT_URI.test(s.metastoreUri))) {
    problems.push(
      `metastoreUri: catalogType hive_metastore needs the metastore's thrift://host:port URI, received ${JSON.stringify(s.metastoreUri ?? null)}`,
    );
  }
  if (s.gracePeriodSeconds < s.maxQueryExecutionSeconds) {
    problems.push(
      `gracePeriodSeconds: expected at least maxQueryExecutionSeconds (${s.maxQueryExecutionSeconds}) so a draining worker finishes its queries, received ${s.gracePeriodSeconds}`,
    );
  }
  if (s.oidc) {
    if (!HTTPS_URL.test(s.oidc.issuerUrl)) {
      problems.push(`oidc.issuerUrl: expected an https:// URL, received "${s.oidc.issuerUrl}"`);
    }
    const secretNamespace = s.oidc.clientSecret.namespace ?? namespace;
    if (secretNamespace !== namespace) {
      problems.push(
        `oidc.clientSecret.namespace: Trino's pods read Secrets of namespace "${namespace}" only, received "${secretNamespace}"`,
      );
    }
  }
  if (s.ingress && !DNS_NAME.test(s.ingress.host)) {
    problems.push(
      `ingress.host: expected a DNS host name such as trino.example.com, received "${s.ingress.host}"`,
    );
  }
  if (s.ingress && !RESOURCE_NAME.test(s.ingress.tlsSecretName)) {
    problems.push(
      `ingress.tlsSecretName: expected a Kubernetes Secret name, received "${s.ingress.tlsSecretName}"`,
    );
  }
  if (s.ingress?.className !== undefined && !RESOURCE_NAME.test(s.ingress.className)) {
    problems.push(`ingress.className: expected an IngressClass name, received "${s.ingress.className}"`);
  }
  return problems;
}
