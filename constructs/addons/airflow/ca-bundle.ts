import type { EnvVar, Volume, VolumeMount } from "../../kubernetes/pod-spec";
import { CA_BUNDLE_DIR, CA_BUNDLE_PATH, CA_VOLUME, type CaBundleRef } from "../common/java-truststore";

/**
 * The variable botocore reads its CA bundle from (session variable `ca_bundle`, botocore's
 * configprovider.py), for Airflow's S3 hook (remote task logs) as for the AWS CLI of the DAG sync
 * (docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html). It replaces botocore's
 * own bundle (certifi): the object store's endpoint must chain to the platform bundle.
 */
export const AWS_CA_BUNDLE_ENV = "AWS_CA_BUNDLE";

/** The pod volume of the CA ConfigMap (key `ca.crt`). */
export function caBundleVolume(ca: CaBundleRef): Volume {
  return { name: CA_VOLUME, configMap: { name: ca.configMapName } };
}

/** Where a container sees the bundle: read-only, at {@link CA_BUNDLE_DIR}. */
export function caBundleVolumeMount(): VolumeMount {
  return { name: CA_VOLUME, mountPath: CA_BUNDLE_DIR, readOnly: true };
}

/** `AWS_CA_BUNDLE` pointing at the mounted bundle. */
export function caBundleEnv(): EnvVar & { readonly value: string } {
  return { name: AWS_CA_BUNDLE_ENV, value: CA_BUNDLE_PATH };
}

/** The chart's global keys that reach every Airflow container, task pods included. */
export interface AirflowCaBundleValues {
  /** `volumes`: every Airflow pod (scheduler, api-server, dag-processor, triggerer, jobs, task pod template). */
  readonly volumes: Volume[];
  /** `volumeMounts`: every Airflow container of those pods. */
  readonly volumeMounts: VolumeMount[];
  /** `env`: every Airflow container, task pods included (the chart's `custom_airflow_environment`). */
  readonly env: Array<EnvVar & { readonly value: string }>;
}

/**
 * How Airflow trusts the platform CA (the object store's certificate), through the chart's global
 * `volumes`, `volumeMounts` and `env` (chart 1.22.0: every Airflow container of the scheduler,
 * api-server, dag-processor, triggerer, the jobs and the KubernetesExecutor's pod template): the
 * ConfigMap mounted read-only and `AWS_CA_BUNDLE` at its `ca.crt`. The DAG sync containers, which
 * the global keys do not reach, mount it themselves (dag-sync.ts).
 */
export function airflowCaBundleValues(ca: CaBundleRef): AirflowCaBundleValues {
  return { volumes: [caBundleVolume(ca)], volumeMounts: [caBundleVolumeMount()], env: [caBundleEnv()] };
}
