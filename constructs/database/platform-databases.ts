import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { Placement } from "../addons/common/placement";
import type { SizeProfile } from "../addons/common/size-profile";
import { PostgresBootstrapJob } from "../addons/postgres-bootstrap/bootstrap-job";
import type { ApplicationCatalogue } from "../gitops/application-catalogue";
import { ManifestBundle } from "../gitops/manifest-bundle";
import { ValidationError } from "../core/validation-error";
import { GeneratedSecret } from "../kubernetes/generated-secret";
import { InClusterPostgres } from "./in-cluster-postgres";

/** The PostgreSQL server the platform's databases live on. */
export type PlatformServer =
  | {
      readonly type: "in-cluster";
      /** StorageClass of its volume; @default the cluster's default */
      readonly storageClassName?: string;
    }
  | {
      readonly type: "rds";
      readonly host: string;
      readonly port: string | number;
      /** The master secret RDS manages (or the generated one on an Outpost). */
      readonly masterSecretArn: string;
      readonly region: string;
      /** Service account of the bootstrap Job, bound to a role that may read the master secret. */
      readonly serviceAccountName?: string;
    };

/**
 * Keys of a `jdbc` Secret: the owner role, its password, and the JDBC URL of the database
 * (`jdbc:postgresql://<host>:<port>/<database>?sslmode=…`). Trino's Iceberg JDBC catalog and the
 * Hive Metastore read them by these names.
 */
export const JDBC_SECRET_KEYS = { user: "user", password: "password", url: "jdbc-url" } as const;

/** One application database and where its credentials go. */
export interface PlatformDatabase {
  /** Database and owner role name. */
  readonly name: string;
  /** Namespace of the application. */
  readonly namespace: string;
  /** Secret created there for the application. */
  readonly secretName: string;
  /**
   * `connection`: one key `connection`, a SQLAlchemy URL (Airflow's metadata connection);
   * `jdbc`: keys `user`, `password` and `jdbc-url` ({@link JDBC_SECRET_KEYS}: Trino's Iceberg JDBC
   * catalog, the Hive Metastore).
   */
  readonly format: "connection" | "jdbc";
}

/** Properties of {@link PlatformDatabases}. */
export interface PlatformDatabasesProps {
  readonly provider: KubernetesProvider;
  /** Namespace of the server (in-cluster), the passwords and the bootstrap Job. */
  readonly namespace: string;
  readonly server: PlatformServer;
  readonly databases: ReadonlyArray<PlatformDatabase>;
  /** Database of Iceberg's JDBC catalog tables (one of `databases`). */
  readonly icebergCatalogDatabase?: string;
  readonly profile: SizeProfile;
  readonly placement: Placement;
  /**
   * What must exist first (namespaces, the role of the Job).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /**
   * Argo CD catalogue: the in-cluster server and the bootstrap Job become one Application,
   * {@link PLATFORM_DATABASES_APPLICATION} (the server in wave 0, the Job in wave 1 within it); the
   * generated Secrets stay Terraform's.
   * @default none: Terraform applies them
   */
  readonly gitOps?: ApplicationCatalogue;
}

/** The Argo CD Application of the server and the bootstrap, where Argo CD delivers them. */
export const PLATFORM_DATABASES_APPLICATION = "platform-databases";

const passwordVariable = (database: string) => `${database.toUpperCase()}_DB_PASSWORD`;

/**
 * The platform's databases on one PostgreSQL server (RDS, or {@link InClusterPostgres}): generated
 * passwords, the bootstrap Job that creates the databases, their owners and Iceberg's catalog
 * tables, and, in each application's namespace, a Secret with what it connects with. The Secrets
 * exist once the Job has completed, so an application never starts before its database.
 */
export class PlatformDatabases extends Construct {
  public readonly passwords: GeneratedSecret;
  public readonly bootstrap: PostgresBootstrapJob;
  public readonly inCluster?: InClusterPostgres;
  /** The Application of the server and the bootstrap, where Argo CD delivers them. */
  public readonly manifests?: ManifestBundle;
  /** Application Secrets by database name. */
  public readonly secrets: Readonly<Record<string, SecretV1>>;

  constructor(scope: Construct, id: string, props: PlatformDatabasesProps) {
    super(scope, id);
    const server = props.server;
    this.passwords = new GeneratedSecret(this, "Passwords", {
      provider: props.provider,
      namespace: props.namespace,
      secretName: "platform-db-passwords",
      generatedKeys: props.databases.map((db) => passwordVariable(db.name)),
      dependsOn: props.dependsOn,
    });
    this.manifests = props.gitOps
      ? new ManifestBundle(this, "Delivery", {
          catalogue: props.gitOps,
          name: PLATFORM_DATABASES_APPLICATION,
          namespace: props.namespace,
          dependsOn: [this.passwords.secret, ...(props.dependsOn ?? [])],
        })
      : undefined;
    this.inCluster =
      server.type === "in-cluster"
        ? new InClusterPostgres(this, "Server", {
            provider: props.provider,
            namespace: props.namespace,
            profile: props.profile,
            placement: props.placement,
            storageClassName: server.storageClassName,
            // The applications whose databases it holds, and the bootstrap Job's namespace.
            clientNamespaces: [props.namespace, ...props.databases.map((db) => db.namespace)],
            dependsOn: props.dependsOn,
            manifests: this.manifests,
          })
        : undefined;
    const host = server.type === "rds" ? server.host : this.inCluster!.host;
    const port = server.type === "rds" ? server.port : this.inCluster!.port;
    const sslMode = server.type === "rds" ? "require" : "disable";
    this.bootstrap = new PostgresBootstrapJob(this, "Bootstrap", {
      provider: props.provider,
      namespace: props.namespace,
      host,
      port,
      sslMode,
      admin:
        server.type === "rds"
          ? { type: "secrets-manager", secretArn: server.masterSecretArn, region: server.region }
          : {
              type: "secret",
              user: this.inCluster!.superuserName,
              secretName: this.inCluster!.superuser.secretName,
              key: "password",
            },
      serviceAccountName: server.type === "rds" ? server.serviceAccountName : undefined,
      databases: props.databases.map((db) => ({
        name: db.name,
        passwordVariable: passwordVariable(db.name),
      })),
      passwordsSecretName: this.passwords.secretName,
      icebergCatalogDatabase: props.icebergCatalogDatabase,
      profile: props.profile,
      placement: props.placement,
      dependsOn: [
        this.passwords.secret,
        ...(this.inCluster ? [this.inCluster.ready] : []),
        ...(props.dependsOn ?? []),
      ],
      manifests: this.manifests,
      // After the server's rollout, within the same Application.
      syncWave: this.inCluster ? 1 : 0,
    });
    this.secrets = Object.fromEntries(
      props.databases.map((db) => {
        const password = this.passwords.value(passwordVariable(db.name));
        const data: Record<string, string> =
          db.format === "connection"
            ? {
                connection: `postgresql://${db.name}:${password}@${host}:${port}/${db.name}?sslmode=${sslMode}`,
              }
            : {
                [JDBC_SECRET_KEYS.user]: db.name,
                [JDBC_SECRET_KEYS.password]: password,
                [JDBC_SECRET_KEYS.url]: `jdbc:postgresql://${host}:${port}/${db.name}?sslmode=${sslMode}`,
              };
        const secret = new SecretV1(this, `Secret-${db.name}`, {
          provider: props.provider,
          metadata: {
            name: db.secretName,
            namespace: db.namespace,
            labels: { "app.kubernetes.io/managed-by": "terraform" },
          },
          type: "Opaque",
          data,
          // Under Argo CD the sync waves order them (a Secret cannot wait for an Application it
          // precedes): they wait for what the Job would have, their namespaces among it.
          dependsOn: this.bootstrap.job
            ? [this.bootstrap.job]
            : [this.passwords.secret, ...(props.dependsOn ?? [])],
        });
        return [db.name, secret];
      }),
    );
  }

  /**
   * What an application of `database` waits for: its Secret (which Terraform writes once the
   * bootstrap completed), and, where Argo CD delivers the bootstrap, its Application, so that a
   * delivered chart syncs in a later wave.
   */
  public readyFor(database: string): ITerraformDependable[] {
    const secret = this.secrets[database];
    if (!secret) {
      throw new ValidationError(
        `no platform database "${database}"; declared: ${Object.keys(this.secrets).join(", ")}`,
        this,
      );
    }
    return [secret, ...(this.manifests ? [this.manifests.application] : [])];
  }
}
