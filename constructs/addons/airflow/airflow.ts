import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Bytes } from "@cdktf/provider-random/lib/bytes";
import { Fn, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../../core/validation-error";
import { chartRelease, type ChartRelease, withoutReleases } from "../../helm/chart-release";
import type { ApplicationCatalogue } from "../../gitops/application-catalogue";
import { GeneratedSecret } from "../../kubernetes/generated-secret";
import {
  ADMIN_SECRET_NAME,
  AIRFLOW_CHART,
  AIRFLOW_IMAGE,
  AIRFLOW_RELEASE_NAME,
  API_SECRET_KEY_SECRET,
  DEFAULT_DAG_SYNC_INTERVAL_SECONDS,
  FERNET_KEY_SECRET,
  JWT_SECRET,
  LOGS_CONNECTION,
} from "./chart";
import { type AirflowValuesProps, airflowValues } from "./values";

/** How Airflow's connection reaches the object store (the remote-logging connection). */
export interface AirflowObjectStore {
  /** Region the store signs requests for. */
  readonly region: string;
  /** Endpoint URL; none for AWS's regional S3 endpoint. */
  readonly endpoint?: string;
  /** Path-style addressing (MinIO). */
  readonly pathStyleAccess: boolean;
  /** The MinIO user's keys (Terraform references); none on S3, where the pod's role signs. */
  readonly credentials?: { readonly accessKey: string; readonly secretKey: string };
}

/** Properties of {@link Airflow}. */
export interface AirflowProps extends Omit<
  AirflowValuesProps,
  "imageTag" | "dagSyncIntervalSeconds" | "staticCredentials"
> {
  /** Helm provider of the cluster. */
  readonly helmProvider: HelmProvider;
  /**
   * Argo CD catalogue that delivers the chart as an Application instead of a `helm_release`.
   * @default a Terraform `helm_release`
   */
  readonly gitOps?: ApplicationCatalogue;
  /** Kubernetes provider of the cluster (the generated Secrets). */
  readonly kubernetesProvider: KubernetesProvider;
  /** Namespace of the release (created beforehand, with the bootstrap's metadata Secret). */
  readonly namespace: string;
  /** The object store of the task logs. */
  readonly objectStore: AirflowObjectStore;
  /**
   * Airflow image tag: an exact release, never `latest`.
   * @default AIRFLOW_IMAGE.tag (3.2.1)
   */
  readonly imageTag?: string;
  /**
   * Seconds between two DAG syncs (at least 1).
   * @default 60
   */
  readonly dagSyncIntervalSeconds?: number;
  /**
   * What must exist first: the namespace, the database bootstrap, the object store.
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/** An exact image tag: a version, optionally with a suffix (`3.2.1`, `3.2.1-python3.12`). */
const EXACT_TAG = /^\d+\.\d+\.\d+(?:-[a-z0-9.]+)?$/;

/**
 * Apache Airflow 3 (`apache-airflow/airflow` 1.22.0) with the KubernetesExecutor: its generated
 * keys and admin in Secrets, the remote-logging connection in a Secret, and the release after the
 * database bootstrap and the object store.
 */
export class Airflow extends Construct {
  public readonly release: ChartRelease;

  constructor(scope: Construct, id: string, props: AirflowProps) {
    super(scope, id);
    const imageTag = props.imageTag ?? AIRFLOW_IMAGE.tag;
    const interval = props.dagSyncIntervalSeconds ?? DEFAULT_DAG_SYNC_INTERVAL_SECONDS;
    if (!EXACT_TAG.test(imageTag)) {
      throw new ValidationError(
        `Airflow imageTag: expected an exact release such as ${AIRFLOW_IMAGE.tag} (never latest), received "${imageTag}"`,
        this,
      );
    }
    if (!(Number.isInteger(interval) && interval >= 1)) {
      throw new ValidationError(
        `Airflow dagSyncIntervalSeconds: expected a whole number of seconds of at least 1, received ${interval}`,
        this,
      );
    }
    // Its Secrets wait for what they need (the namespace…), never for a chart (see withoutReleases).
    const k8s = {
      provider: props.kubernetesProvider,
      namespace: props.namespace,
      dependsOn: withoutReleases(props.dependsOn),
    };

    // Fernet key: 32 random bytes in URL-safe base64, as cryptography's Fernet requires.
    const fernet = new Bytes(this, "FernetKey", { length: 32 });
    const generated = [
      new SecretV1(this, "FernetKeySecret", {
        provider: k8s.provider,
        metadata: { name: FERNET_KEY_SECRET.name, namespace: k8s.namespace },
        data: { [FERNET_KEY_SECRET.key]: Fn.replace(Fn.replace(fernet.base64, "+", "-"), "/", "_") },
        dependsOn: k8s.dependsOn ? [...k8s.dependsOn] : undefined,
      }),
      new GeneratedSecret(this, "ApiSecretKey", {
        ...k8s,
        secretName: API_SECRET_KEY_SECRET.name,
        generatedKeys: [API_SECRET_KEY_SECRET.key],
        length: 64,
      }).secret,
      new GeneratedSecret(this, "JwtSecret", {
        ...k8s,
        secretName: JWT_SECRET.name,
        generatedKeys: [JWT_SECRET.key],
        length: 64,
      }).secret,
      new SecretV1(this, "LogsConnection", {
        provider: k8s.provider,
        metadata: { name: LOGS_CONNECTION.secretName, namespace: k8s.namespace },
        data: { [LOGS_CONNECTION.key]: logsConnection(props.objectStore) },
        dependsOn: k8s.dependsOn ? [...k8s.dependsOn] : undefined,
      }),
    ];
    if (props.login.type === "generated-admin") {
      generated.push(
        new GeneratedSecret(this, "Admin", {
          ...k8s,
          secretName: ADMIN_SECRET_NAME,
          generatedKeys: ["password"],
          composedKeys: { username: "admin" },
        }).secret,
      );
    }

    this.release = chartRelease(
      this,
      "Release",
      {
        provider: props.helmProvider,
        pin: AIRFLOW_CHART,
        releaseName: AIRFLOW_RELEASE_NAME,
        namespace: props.namespace,
        values: airflowValues({
          ...props,
          imageTag,
          dagSyncIntervalSeconds: interval,
          staticCredentials: props.objectStore.credentials !== undefined,
        }),
        // Migrations, then every component waiting for them: longer than the default.
        timeoutSeconds: 900,
        dependsOn: [...(props.dependsOn ?? []), ...generated],
      },
      props.gitOps,
    );
  }
}

/** The `aws` connection of the task logs, as Airflow reads it from `AIRFLOW_CONN_<ID>` (JSON). */
function logsConnection(store: AirflowObjectStore): string {
  const extra = {
    region_name: store.region,
    ...(store.endpoint ? { endpoint_url: store.endpoint } : {}),
    ...(store.pathStyleAccess ? { config_kwargs: { s3: { addressing_style: "path" } } } : {}),
  };
  return Fn.jsonencode({
    conn_type: "aws",
    ...(store.credentials
      ? { login: store.credentials.accessKey, password: store.credentials.secretKey }
      : {}),
    extra,
  });
}
