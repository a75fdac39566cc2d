import type { CaBundleRef } from "../common/java-truststore";
import { type Placement, placementValues } from "../common/placement";
import { type ContainerResources, type SizeProfile, sized } from "../common/size-profile";
import {
  ADMIN_SECRET_NAME,
  AIRFLOW_IMAGE,
  API_SECRET_KEY_SECRET,
  FERNET_KEY_SECRET,
  JWT_SECRET,
  LOGS_CONNECTION,
  METADATA_SECRET_NAME,
} from "./chart";
import { airflowCaBundleValues } from "./ca-bundle";
import { dagSyncContainer, dagSyncVolumes, dagsVolumeMount } from "./dag-sync";
import { OIDC_CLIENT_SECRET_ENV, type OidcLoginProps, oidcApiServerConfig } from "./login";

/** Annotations that make Argo CD run a Job as a Sync hook, replaced at each sync. */
const ARGOCD_SYNC_HOOK = {
  "argocd.argoproj.io/hook": "Sync",
  "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
} as const;
/** How users log in: the issuer's users, or one generated admin. */
export type AirflowLogin =
  | ({
      readonly type: "oidc";
      readonly clientSecret: { readonly name: string; readonly key: string };
    } & OidcLoginProps)
  | { readonly type: "generated-admin" };

/** What {@link airflowValues} needs. */
export interface AirflowValuesProps {
  /** Size profile: every request and limit goes through {@link sized}. */
  readonly profile: SizeProfile;
  /** Nodes of the scheduler, api-server, dag-processor, triggerer and jobs (On-Demand capacity). */
  readonly placement: Placement;
  /** Nodes of the KubernetesExecutor's task pods. */
  readonly taskPlacement: Placement;
  /** Airflow image tag (an exact release such as `3.2.1`). */
  readonly imageTag: string;
  /** Seconds between two DAG syncs. */
  readonly dagSyncIntervalSeconds: number;
  /** The object store's keys come from the MinIO user's Secret (else the pod's AWS role). */
  readonly staticCredentials: boolean;
  /** Where task logs go: `s3://<airflow-logs bucket>/logs`. */
  readonly remoteLogFolder: string;
  /** Login. */
  readonly login: AirflowLogin;
  /**
   * Annotations of the service accounts whose pods reach the object store (IRSA's
   * `eks.amazonaws.com/role-arn`).
   * @default none (Pod Identity binds the role by service account name)
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /**
   * The CA bundle (a ConfigMap in the namespace, key `ca.crt`) the object store's certificate chains
   * to: mounted in every Airflow container and DAG sync container, with `AWS_CA_BUNDLE` at it. It
   * replaces botocore's bundle, so it must hold the CA of every HTTPS endpoint the pods' AWS clients
   * call (the object store; STS with IRSA).
   * @default none (botocore's own bundle)
   */
  readonly caBundle?: CaBundleRef;
}

/** Requests and limits in the `standard` profile (Airflow's Python processes; the chart sets none). */
export const STANDARD_RESOURCES: Readonly<Record<string, ContainerResources>> = {
  scheduler: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } },
  apiServer: { requests: { cpu: "250m", memory: "1Gi" }, limits: { cpu: "1", memory: "2Gi" } },
  dagProcessor: { requests: { cpu: "250m", memory: "1Gi" }, limits: { cpu: "1", memory: "2Gi" } },
  triggerer: { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  task: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "2Gi" } },
  job: { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  logGroomer: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
  statsd: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
};

/**
 * Least memory limit of each Airflow process however small the profile: below it the Python
 * process is OOM-killed at start (an idle scheduler or api-server holds ~300–500 MiB).
 */
export const MEMORY_LIMIT_FLOORS: Readonly<Partial<Record<keyof typeof STANDARD_RESOURCES, string>>> = {
  scheduler: "1Gi",
  apiServer: "1Gi",
  dagProcessor: "1Gi",
  triggerer: "512Mi",
  task: "512Mi",
  job: "512Mi",
};

/** `3.2.1` of `3.2.1-python3.12`: the chart branches on `airflowVersion`. */
function airflowVersionOf(tag: string): string {
  return /^(\d+\.\d+\.\d+)/.exec(tag)?.[1] ?? tag;
}

/**
 * Values of the official chart: KubernetesExecutor on the platform PostgreSQL, generated keys by
 * Secret name, DAGs synced from the object store, task logs to it, Airflow 3 components, jobs run
 * by Terraform rather than Helm hooks. Every key exists in the chart's strict values.schema.json
 * (checked in the tests).
 */
export function airflowValues(props: AirflowValuesProps): Record<string, unknown> {
  const { profile } = props;
  const size = (name: keyof typeof STANDARD_RESOURCES) =>
    sized(profile, STANDARD_RESOURCES[name], MEMORY_LIMIT_FLOORS[name]);
  const standard = profile.name === "standard";
  const sync = {
    profile,
    intervalSeconds: props.dagSyncIntervalSeconds,
    staticCredentials: props.staticCredentials,
    caBundle: props.caBundle !== undefined,
  };
  const place = placementValues(props.placement);
  const groomer = { logGroomerSidecar: { resources: size("logGroomer") } };
  /** A long-running component: its DAGs from the sidecar, its placement, its size. */
  const component = (name: keyof typeof STANDARD_RESOURCES, pdb: boolean) => ({
    ...place,
    resources: size(name),
    extraContainers: [dagSyncContainer("sidecar", sync)],
    extraVolumes: dagSyncVolumes(),
    extraVolumeMounts: [dagsVolumeMount()],
    ...serviceAccount,
    ...(pdb ? { podDisruptionBudget: { enabled: standard, config: { maxUnavailable: 1 } } } : {}),
  });
  // Plain Jobs (no Helm hooks: the helm provider and Argo CD both need that), which the chart deletes
  // 5 minutes after they finish: Argo CD runs them as Sync hooks, recreated at each sync, so a deleted
  // Job is not drift to self-heal and an updated one never hits an immutable field. Inert for Terraform.
  const job = {
    ...place,
    useHelmHooks: false,
    applyCustomEnv: false,
    jobAnnotations: { ...ARGOCD_SYNC_HOOK },
    resources: size("job"),
  };
  const oidc = props.login.type === "oidc" ? props.login : undefined;
  const serviceAccount = props.serviceAccountAnnotations
    ? { serviceAccount: { annotations: { ...props.serviceAccountAnnotations } } }
    : {};

  return {
    defaultAirflowRepository: AIRFLOW_IMAGE.repository,
    defaultAirflowTag: props.imageTag,
    airflowVersion: airflowVersionOf(props.imageTag),
    executor: "KubernetesExecutor",
    allowPodLaunching: true,
    rbac: { create: true },
    postgresql: { enabled: false },
    redis: { enabled: false },
    data: { metadataSecretName: METADATA_SECRET_NAME },
    fernetKeySecretName: FERNET_KEY_SECRET.name,
    apiSecretKeySecretName: API_SECRET_KEY_SECRET.name,
    jwtSecretName: JWT_SECRET.name,
    // With a CA bundle: mounted, and AWS_CA_BUNDLE set, in every Airflow container (ca-bundle.ts).
    ...(props.caBundle ? airflowCaBundleValues(props.caBundle) : {}),
    // Every Airflow container (task pods included) reads the logs connection from its Secret.
    secret: [
      {
        envName: `AIRFLOW_CONN_${LOGS_CONNECTION.id.toUpperCase()}`,
        secretName: LOGS_CONNECTION.secretName,
        secretKey: LOGS_CONNECTION.key,
      },
    ],
    config: {
      core: { load_examples: "False" },
      logging: {
        remote_logging: "True",
        remote_base_log_folder: props.remoteLogFolder,
        remote_log_conn_id: LOGS_CONNECTION.id,
        delete_local_logs: "True",
      },
    },
    dags: { persistence: { enabled: false }, gitSync: { enabled: false } },
    logs: { persistence: { enabled: false } },
    scheduler: { ...component("scheduler", true), ...groomer, replicas: standard ? 2 : 1 },
    dagProcessor: { ...component("dagProcessor", true), ...groomer },
    triggerer: { ...component("triggerer", true), ...groomer, persistence: { enabled: false } },
    apiServer: {
      ...component("apiServer", true),
      replicas: standard ? 2 : 1,
      ...(oidc
        ? {
            apiServerConfig: oidcApiServerConfig(oidc),
            env: [
              {
                name: OIDC_CLIENT_SECRET_ENV,
                valueFrom: { secretKeyRef: { name: oidc.clientSecret.name, key: oidc.clientSecret.key } },
              },
            ],
          }
        : {}),
    },
    workers: {
      // Task pods run as the worker service account.
      ...serviceAccount,
      kubernetes: {
        ...placementValues(props.taskPlacement),
        resources: size("task"),
        extraInitContainers: [dagSyncContainer("init", sync)],
        extraVolumes: dagSyncVolumes(),
        extraVolumeMounts: [dagsVolumeMount()],
      },
    },
    migrateDatabaseJob: job,
    createUserJob: oidc
      ? { ...job, enabled: false }
      : {
          ...job,
          enabled: true,
          // The chart's args would put the password on the command line of the values; this reads it
          // from the generated Secret when the Job runs. `users create` leaves an existing user alone.
          env: [
            {
              name: "ADMIN_PASSWORD",
              valueFrom: { secretKeyRef: { name: ADMIN_SECRET_NAME, key: "password" } },
            },
            {
              name: "ADMIN_USERNAME",
              valueFrom: { secretKeyRef: { name: ADMIN_SECRET_NAME, key: "username" } },
            },
          ],
          args: [
            "bash",
            "-c",
            'exec airflow users create --role Admin --username "$ADMIN_USERNAME" --email "$ADMIN_USERNAME@airflow.local" --firstname Airflow --lastname Administrator --password "$ADMIN_PASSWORD"',
          ],
        },
    statsd: { ...place, resources: size("statsd") },
  };
}
