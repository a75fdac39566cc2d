/**
 * Trino's configuration properties, as pure functions: the Iceberg catalog, the native S3 file
 * system, the fault-tolerant exchange and the server properties. The chart's values (values.ts)
 * and the integration test on a real Trino (test/integration/trino-iceberg.itest.ts) both build
 * their files from here. Every name was checked against Trino 476's jars (`@Config` names of
 * IcebergJdbcCatalogConfig, S3FileSystemConfig, FileSystemConfig, QueryManagerConfig, ServerConfig,
 * InternalCommunicationConfig) and the Trino documentation of the current release.
 *
 * No secret is ever a value here: secrets are `${ENV:NAME}` references (Trino's secrets support,
 * https://trino.io/docs/current/security/secrets.html), resolved by Trino from the pod's
 * environment, which Kubernetes fills from Secrets ({@link TRINO_ENV}).
 */

/** Properties of one Trino properties file, in the order they are written. */
export type Properties = Readonly<Record<string, string>>;

/** Iceberg catalog implementations this platform supports. */
export type IcebergCatalogType = "jdbc" | "hive_metastore";

/** The allowed {@link IcebergCatalogType}s, for validation messages. */
export const ICEBERG_CATALOG_TYPES: ReadonlyArray<IcebergCatalogType> = ["jdbc", "hive_metastore"];

/** Environment variables of the Trino pods that hold secrets, and the Secret keys they come from. */
export const TRINO_ENV = {
  /** JDBC URL of the Iceberg catalog database (`iceberg-catalog` Secret, key `jdbc-url`). */
  jdbcUrl: "ICEBERG_JDBC_URL",
  /** Its user (key `user`). */
  jdbcUser: "ICEBERG_JDBC_USER",
  /** Its password (key `password`). */
  jdbcPassword: "ICEBERG_JDBC_PASSWORD",
  /** MinIO access key (`object-store-credentials` Secret, key `accessKey`). */
  s3AccessKey: "OBJECT_STORE_ACCESS_KEY",
  /** MinIO secret key (key `secretKey`). */
  s3SecretKey: "OBJECT_STORE_SECRET_KEY",
  /** The cluster's internal-communication shared secret. */
  sharedSecret: "TRINO_INTERNAL_SHARED_SECRET",
  /** The OAuth 2.0 client secret at the OIDC issuer. */
  oauth2ClientSecret: "TRINO_OAUTH2_CLIENT_SECRET",
} as const;

/** Trino's reference to an environment variable in a properties file: `${ENV:NAME}`. */
export function envReference(variable: string): string {
  return `\${ENV:${variable}}`;
}

/** How Trino reaches the object store. */
export interface ObjectStoreAccess {
  /** Region requests are signed for (MinIO: its site region). */
  readonly region: string;
  /**
   * Endpoint URL (MinIO, an S3-compatible store, a VPC endpoint).
   * @default the region's AWS endpoint
   */
  readonly endpoint?: string;
  /** Path-style requests (`https://host/bucket/key`): required by MinIO behind one Service name. */
  readonly pathStyleAccess: boolean;
  /**
   * Static credentials from {@link TRINO_ENV}'s `s3AccessKey`/`s3SecretKey` (MinIO). Without them
   * the AWS SDK's default chain is used: the pod's role (Pod Identity or IRSA) on S3.
   * @default false
   */
  readonly staticCredentials?: boolean;
}

/** Iceberg's metastore: the JDBC catalog on the platform PostgreSQL, or a Hive metastore. */
export type IcebergMetastore =
  | {
      readonly type: "jdbc";
      /** Catalog name recorded in the `catalog_name` column of the JDBC catalog tables. */
      readonly catalogName: string;
      /** Where new schemas and tables are written: `s3://<trino-data bucket>/warehouse`. */
      readonly warehouseDir: string;
    }
  | {
      readonly type: "hive_metastore";
      /** Thrift URI of the metastore, `thrift://host:9083`. */
      readonly uri: string;
    };

/**
 * The metastore part of the Iceberg catalog. The JDBC catalog's URL, user and password are read
 * from the pod's environment (the bootstrap's `iceberg-catalog` Secret), never written here.
 */
export function icebergMetastoreProperties(metastore: IcebergMetastore): Properties {
  if (metastore.type === "hive_metastore") {
    return { "iceberg.catalog.type": "hive_metastore", "hive.metastore.uri": metastore.uri };
  }
  return {
    "iceberg.catalog.type": "jdbc",
    "iceberg.jdbc-catalog.driver-class": "org.postgresql.Driver",
    "iceberg.jdbc-catalog.connection-url": envReference(TRINO_ENV.jdbcUrl),
    "iceberg.jdbc-catalog.connection-user": envReference(TRINO_ENV.jdbcUser),
    "iceberg.jdbc-catalog.connection-password": envReference(TRINO_ENV.jdbcPassword),
    "iceberg.jdbc-catalog.catalog-name": metastore.catalogName,
    "iceberg.jdbc-catalog.default-warehouse-dir": metastore.warehouseDir,
  };
}

/** Trino's native S3 file system (`fs.native-s3.enabled`), for a catalog. */
export function nativeS3Properties(store: ObjectStoreAccess): Properties {
  return {
    "fs.native-s3.enabled": "true",
    "s3.region": store.region,
    ...(store.endpoint ? { "s3.endpoint": store.endpoint } : {}),
    ...(store.pathStyleAccess ? { "s3.path-style-access": "true" } : {}),
    ...(store.staticCredentials
      ? {
          "s3.aws-access-key": envReference(TRINO_ENV.s3AccessKey),
          "s3.aws-secret-key": envReference(TRINO_ENV.s3SecretKey),
        }
      : {}),
  };
}

/** The `iceberg` catalog: the Iceberg connector, its metastore and the native S3 file system. */
export function icebergCatalogProperties(metastore: IcebergMetastore, store: ObjectStoreAccess): Properties {
  return {
    "connector.name": "iceberg",
    ...icebergMetastoreProperties(metastore),
    ...nativeS3Properties(store),
  };
}

/**
 * The filesystem exchange manager on S3 (fault-tolerant execution spools task output there):
 * `exchange-manager.name` and `exchange.base-directories` (the chart writes these two from
 * `server.exchangeManager`), then the `exchange.s3.*` settings.
 */
export function exchangeManagerProperties(
  baseDirectories: ReadonlyArray<string>,
  store: ObjectStoreAccess,
): Properties {
  return {
    "exchange-manager.name": "filesystem",
    "exchange.base-directories": baseDirectories.join(","),
    "exchange.s3.region": store.region,
    ...(store.endpoint ? { "exchange.s3.endpoint": store.endpoint } : {}),
    ...(store.pathStyleAccess ? { "exchange.s3.path-style-access": "true" } : {}),
    ...(store.staticCredentials
      ? {
          "exchange.s3.aws-access-key": envReference(TRINO_ENV.s3AccessKey),
          "exchange.s3.aws-secret-key": envReference(TRINO_ENV.s3SecretKey),
        }
      : {}),
  };
}

/** What {@link serverProperties} needs. */
export interface ServerPropertiesProps {
  /** Workers a query waits for before it starts (`query-manager.required-workers`). */
  readonly requiredWorkers: number;
  /** Longest wait for them, in seconds; then the query starts or fails. */
  readonly requiredWorkersMaxWaitSeconds: number;
  /** Longest execution of a query (`query.max-execution-time`), in seconds. */
  readonly maxQueryExecutionSeconds: number;
}

/**
 * `config.properties` of the coordinator and the workers (the chart's `additionalConfigProperties`
 * goes to both): fault-tolerant execution with task retries, the required workers and their
 * wait, the query time limit, `X-Forwarded-*` honoured (TLS ends at the ingress or load
 * balancer), and the shared secret nodes sign their internal requests with.
 */
export function serverProperties(props: ServerPropertiesProps): Properties {
  return {
    "retry-policy": "TASK",
    "query-manager.required-workers": String(props.requiredWorkers),
    "query-manager.required-workers-max-wait": `${props.requiredWorkersMaxWaitSeconds}s`,
    "query.max-execution-time": `${props.maxQueryExecutionSeconds}s`,
    "http-server.process-forwarded": "true",
    "internal-communication.shared-secret": envReference(TRINO_ENV.sharedSecret),
  };
}

/**
 * Graceful shutdown of a worker: it stops taking tasks, lets running ones finish, then exits. The
 * chart writes this line itself from `worker.gracefulShutdown` (so values.ts does not).
 */
export function shutdownProperties(gracePeriodSeconds: number): Properties {
  return { "shutdown.grace-period": `${gracePeriodSeconds}s` };
}

/** OAuth 2.0 login at an OIDC issuer (coordinator only). */
export interface OAuth2Login {
  /** Issuer URL (a Keycloak realm URL). */
  readonly issuerUrl: string;
  /** Client id registered at the issuer. */
  readonly clientId: string;
}

/**
 * The coordinator's OAuth 2.0 properties: the client secret from {@link TRINO_ENV}'s
 * `oauth2ClientSecret`. `http-server.authentication.type` is written by the chart from
 * `server.config.authenticationType`.
 */
export function oauth2Properties(login: OAuth2Login): Properties {
  return {
    "http-server.authentication.oauth2.issuer": login.issuerUrl,
    "http-server.authentication.oauth2.client-id": login.clientId,
    "http-server.authentication.oauth2.client-secret": envReference(TRINO_ENV.oauth2ClientSecret),
  };
}

/** Properties as the lines of a properties file (`key=value`), in insertion order. */
export function propertyLines(properties: Properties): string[] {
  return Object.entries(properties).map(([key, value]) => `${key}=${value}`);
}

/** Properties as a properties file. */
export function propertiesFile(properties: Properties): string {
  return propertyLines(properties).join("\n") + "\n";
}
