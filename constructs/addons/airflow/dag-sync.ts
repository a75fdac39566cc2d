import { AWS_CLI_IMAGE } from "../postgres-bootstrap/bootstrap-job";
import { type ContainerResources, type SizeProfile, sized } from "../common/size-profile";
import { caBundleEnv, caBundleVolumeMount } from "./ca-bundle";
import { AIRFLOW_UID, DAGS_FOLDER, DAGS_PREFIX } from "./chart";

/**
 * DAGs from the object store, without EFS (which Outposts do not have) and without Git: an
 * `emptyDir` at the DAGs folder of every Airflow pod, filled by `aws s3 sync --delete` from the
 * `airflow-dags` bucket — in a loop by a sidecar of the long-running components, once by an init
 * container of each KubernetesExecutor task pod. What the seeds ran by hand, declared.
 */

/** The volume holding the DAGs in each pod. */
export const DAGS_VOLUME = "dags-sync";
/** Scratch space of the AWS CLI (the sync containers' root filesystem is read-only). */
export const SYNC_TMP_VOLUME = "dag-sync-tmp";
/** The ConfigMap and Secret of part 1 that say where the object store is (in the `airflow` namespace). */
export const OBJECT_STORE_CONFIG_MAP = "object-store";
export const OBJECT_STORE_CREDENTIALS_SECRET = "object-store-credentials";

/** Requests and limits of a sync container in the `standard` profile (the AWS CLI syncing a few files). */
export const SYNC_RESOURCES: ContainerResources = {
  requests: { cpu: "50m", memory: "128Mi" },
  limits: { cpu: "500m", memory: "256Mi" },
};

/**
 * The sync, as a POSIX shell script: `once` (init container) or a loop every `$SYNC_INTERVAL`
 * seconds that survives a failed round (sidecar). Path-style addressing (MinIO) is set through an
 * AWS CLI config file, which is the only way the CLI takes it. No `${`: Terraform would read it as
 * an interpolation in the release's values.
 */
export const DAG_SYNC_SCRIPT = `set -eu
if [ "$OBJECT_STORE_PATH_STYLE" = "true" ]; then
  printf '[default]\\ns3 =\\n  addressing_style = path\\n' > /tmp/aws-config
  export AWS_CONFIG_FILE=/tmp/aws-config
fi
sync_dags() {
  aws s3 sync --delete --no-progress --only-show-errors "s3://$DAGS_BUCKET/${DAGS_PREFIX}/" "${DAGS_FOLDER}/"
}
if [ "$#" -gt 0 ] && [ "$1" = once ]; then
  sync_dags
  exit 0
fi
while true; do
  sync_dags || echo "DAG sync failed; next try in $SYNC_INTERVAL seconds" >&2
  sleep "$SYNC_INTERVAL"
done`;

/** What {@link dagSyncContainer} needs. */
export interface DagSyncProps {
  /** Size profile: the container's resources go through {@link sized}. */
  readonly profile: SizeProfile;
  /** Seconds between two syncs of the sidecar (at least 1). */
  readonly intervalSeconds: number;
  /** Read the MinIO user's keys from the `object-store-credentials` Secret (else the pod's AWS role). */
  readonly staticCredentials: boolean;
  /**
   * Trust the platform CA: mount the pod's CA volume (the chart's global `volumes`, see ca-bundle.ts)
   * and point the AWS CLI at its bundle with `AWS_CA_BUNDLE`.
   * @default false (the CLI's own CA bundle)
   */
  readonly caBundle?: boolean;
}

function configMapEnv(name: string, key: string): Record<string, unknown> {
  return { name, valueFrom: { configMapKeyRef: { name: OBJECT_STORE_CONFIG_MAP, key } } };
}

function secretEnv(name: string, key: string): Record<string, unknown> {
  return { name, valueFrom: { secretKeyRef: { name: OBJECT_STORE_CREDENTIALS_SECRET, key } } };
}

/** The sync container: `sidecar` loops, `init` syncs once and exits (a task pod starts with its DAGs). */
export function dagSyncContainer(kind: "sidecar" | "init", props: DagSyncProps): Record<string, unknown> {
  if (!(Number.isInteger(props.intervalSeconds) && props.intervalSeconds >= 1)) {
    throw new Error(
      `DAG sync interval must be a whole number of seconds of at least 1, received ${props.intervalSeconds}`,
    );
  }
  return {
    name: kind === "sidecar" ? "dag-sync" : "dag-sync-init",
    image: AWS_CLI_IMAGE,
    imagePullPolicy: "IfNotPresent",
    command: ["sh", "-c", DAG_SYNC_SCRIPT, "dag-sync", kind === "sidecar" ? "loop" : "once"],
    env: [
      { name: "HOME", value: "/tmp" },
      { name: "SYNC_INTERVAL", value: String(props.intervalSeconds) },
      configMapEnv("AWS_REGION", "region"),
      configMapEnv("AWS_ENDPOINT_URL_S3", "endpoint"),
      configMapEnv("OBJECT_STORE_PATH_STYLE", "pathStyleAccess"),
      configMapEnv("DAGS_BUCKET", "bucket.airflow-dags"),
      ...(props.staticCredentials
        ? [secretEnv("AWS_ACCESS_KEY_ID", "accessKey"), secretEnv("AWS_SECRET_ACCESS_KEY", "secretKey")]
        : []),
      ...(props.caBundle ? [caBundleEnv()] : []),
    ],
    resources: sized(props.profile, SYNC_RESOURCES),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: AIRFLOW_UID,
      runAsGroup: 0,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [
      { name: DAGS_VOLUME, mountPath: DAGS_FOLDER },
      { name: SYNC_TMP_VOLUME, mountPath: "/tmp" },
      ...(props.caBundle ? [caBundleVolumeMount()] : []),
    ],
  };
}

/** The pod's volumes for the DAGs and the CLI's scratch space. */
export function dagSyncVolumes(): Record<string, unknown>[] {
  return [
    { name: DAGS_VOLUME, emptyDir: {} },
    { name: SYNC_TMP_VOLUME, emptyDir: { sizeLimit: "64Mi" } },
  ];
}

/** Where Airflow's own container sees the DAGs: read-only, the sync containers write them. */
export function dagsVolumeMount(): Record<string, unknown> {
  return { name: DAGS_VOLUME, mountPath: DAGS_FOLDER, readOnly: true };
}
