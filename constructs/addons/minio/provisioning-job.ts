import { createHash } from "node:crypto";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Lazy, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../../core/validation-error";
import { toProviderBlocks, type Container, type EnvVar, type Volume } from "../../kubernetes/pod-spec";
import type { ManifestBundle } from "../../gitops/manifest-bundle";
import { manifestOf } from "../../kubernetes/manifest";
import type { KubernetesRawResource } from "../../kubernetes/raw-resource";
import { rawObject } from "../../kubernetes/raw-object";
import { CA_BUNDLE_KEY, type CaBundleRef } from "../common/java-truststore";
import type { Placement } from "../common/placement";
import { sized, type SizeProfile } from "../common/size-profile";
import { MINIO_MC_IMAGE } from "./chart";
import {
  MC_ALIAS,
  MC_CAS_DIR,
  MC_CONFIG_DIR,
  type MinioProvisioning,
  minioProvisioningFiles,
  PROVISIONING_DIR,
  PROVISIONING_SCRIPT_KEY,
  userSecretKeyEnv,
} from "./provisioning-script";
import { MC_JOB_RESOURCES } from "./values";

/** Properties of {@link MinioProvisioningJob}. */
export interface MinioProvisioningJobProps {
  /** Kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Namespace of MinIO (the Job, its Secrets and the CA ConfigMap are there). */
  readonly namespace: string;
  /** The in-cluster https URL of the S3 API (`Minio.endpoint`), whose host the certificate must name. */
  readonly endpoint: string;
  /** ConfigMap in `namespace` holding the CA MinIO's certificate chains to (key `ca.crt`). */
  readonly caBundle: CaBundleRef;
  /** Secret with the root credentials (keys `rootUser`, `rootPassword`). */
  readonly rootSecretName: string;
  /** Buckets, policies and users, as the chart's values would hold them. */
  readonly provisioning: MinioProvisioning;
  /** Size profile and placement of the pod. */
  readonly profile: SizeProfile;
  readonly placement: Placement;
  /**
   * What must exist first: the release, the Secrets, the CA ConfigMap.
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /**
   * The Argo CD Application that delivers the ConfigMap and the Job instead of Terraform.
   * @default none: Terraform applies them and waits for the Job
   */
  readonly manifests?: ManifestBundle;
}

/** The user and group the Job runs as (those of the chart's pods). */
const MC_UID = "1000";
/** Retries of a failed pod: the script is idempotent. */
const BACKOFF_LIMIT = 4;
/** The Job is stopped after this, whatever its retries. */
const ACTIVE_DEADLINE_SECONDS = 600;
const CONFIG_VOLUME = "mc-config";
const CA_VOLUME = "platform-ca";
const SCRIPT_VOLUME = "provisioning";
const TMP_VOLUME = "tmp";
const LABELS = { "app.kubernetes.io/name": "minio-provisioning", "app.kubernetes.io/part-of": "minio" };
/** The script ConfigMap's name in the spec a Job name is hashed from (it is the Job's own name). */
const SCRIPT_PLACEHOLDER = "script";
/** The CA file under its own name: mc reads every readable file of the directory (not the volume's `..data` links). */
const CA_ITEM = { key: CA_BUNDLE_KEY, path: CA_BUNDLE_KEY };

/**
 * The buckets (versioning as declared), policies, users and their policy attachments of a MinIO that
 * serves TLS, made by a Job of our own instead of the chart's post-install Job (whose scripts run
 * `mc --insecure`, hard-coded in chart 5.4.0). It runs the chart's `mc` image; mc verifies the server
 * against the CA ConfigMap, mounted in its `certs/CAs` directory, and reaches it by the Service name the
 * certificate carries. Root credentials and user secret keys come from their Secrets by reference; the
 * policy documents are built from the values' policies. The Job and its ConfigMap are named after a
 * hash of their inputs, so a change runs it again; Terraform waits for it to complete.
 *
 * No `ttlSecondsAfterFinished`: the kubernetes provider (2.38.0) drops a Job the TTL controller
 * deleted from the state and creates it again on the next apply (the keep-in-state change of 2.36 was
 * reverted, hashicorp/terraform-provider-kubernetes#2650).
 */
export class MinioProvisioningJob extends Construct {
  /** The Job, where Terraform applies it (no `manifests`). */
  public readonly job?: KubernetesRawResource;
  /** The ConfigMap, where Terraform applies it (no `manifests`). */
  public readonly configMap?: ConfigMapV1;
  /** What consumers wait for: the Job (Terraform waits for it to complete), or the Application delivering it. */
  public readonly ready: ITerraformDependable;
  /** `minio-provisioning-<hash>` (resolved at synth). */
  public readonly jobName: string;

  constructor(scope: Construct, id: string, props: MinioProvisioningJobProps) {
    super(scope, id);
    if (!props.endpoint.startsWith("https://")) {
      throw new ValidationError(
        `endpoint: expected the https:// URL of MinIO's S3 API, received "${props.endpoint}"`,
        this,
      );
    }
    const files = minioProvisioningFiles(props.provisioning);
    const env = jobEnv(props);
    const resources = sized(props.profile, MC_JOB_RESOURCES);
    const inputs = { files, env, endpoint: props.endpoint, ca: props.caBundle, image: MINIO_MC_IMAGE };
    // Hashed once resolved, as PostgresBootstrapJob does (a token's placeholder is not stable), with the
    // Job's whole spec: a Job's pod template cannot change in place, so any change makes a new Job.
    this.jobName = Lazy.stringValue({
      produce: (context) =>
        `minio-provisioning-${createHash("sha256")
          .update(JSON.stringify(context.resolve({ inputs, spec: jobSpecOf(SCRIPT_PLACEHOLDER) })))
          .digest("hex")
          .slice(0, 10)}`,
    });
    const script = {
      metadata: { name: this.jobName, namespace: props.namespace, labels: LABELS },
      data: files,
    };
    const bundle = props.manifests;
    if (bundle) bundle.add(manifestOf("v1", "ConfigMap", script));
    else {
      this.configMap = new ConfigMapV1(this, "Script", {
        provider: props.provider,
        ...script,
        dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      });
    }
    const mc: Container = {
      name: "mc",
      image: `${MINIO_MC_IMAGE.repository}:${MINIO_MC_IMAGE.tag}`,
      command: ["/bin/sh", `${PROVISIONING_DIR}/${PROVISIONING_SCRIPT_KEY}`],
      env,
      volumeMounts: [
        { name: CONFIG_VOLUME, mountPath: MC_CONFIG_DIR },
        { name: CA_VOLUME, mountPath: MC_CAS_DIR, readOnly: true },
        { name: SCRIPT_VOLUME, mountPath: PROVISIONING_DIR, readOnly: true },
        { name: TMP_VOLUME, mountPath: "/tmp" },
      ],
      resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
      securityContext: {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      },
    };
    const volumes = (scriptConfigMap: string): Volume[] => [
      { name: CONFIG_VOLUME, emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
      { name: CA_VOLUME, configMap: { name: props.caBundle.configMapName, items: [CA_ITEM] } },
      { name: SCRIPT_VOLUME, configMap: { name: scriptConfigMap } },
      { name: TMP_VOLUME, emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
    ];
    const podSpec = (scriptConfigMap: string) => ({
      restartPolicy: "Never",
      automountServiceAccountToken: false,
      nodeSelector: props.placement.nodeSelector ? { ...props.placement.nodeSelector } : undefined,
      tolerations: props.placement.tolerations?.map((t) => ({ ...t })),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: MC_UID,
        runAsGroup: MC_UID,
        fsGroup: MC_UID,
        seccompProfile: { type: "RuntimeDefault" },
      },
      containers: [mc],
      volumes: volumes(scriptConfigMap),
    });
    const jobSpecOf = (scriptConfigMap: string) => ({
      backoffLimit: BACKOFF_LIMIT,
      activeDeadlineSeconds: ACTIVE_DEADLINE_SECONDS,
      template: { metadata: { labels: LABELS }, spec: toProviderBlocks(podSpec(scriptConfigMap)) },
    });
    this.job = rawObject(this, "Resource", {
      type: "kubernetes_job_v1",
      apiVersion: "batch/v1",
      kind: "Job",
      provider: props.provider,
      dependsOn: [...(this.configMap ? [this.configMap] : []), ...(props.dependsOn ?? [])],
      attributes: {
        metadata: { name: this.jobName, namespace: props.namespace, labels: LABELS },
        spec: jobSpecOf(this.configMap?.metadata.name ?? this.jobName),
      },
      terraformOnly: { waitForCompletion: true, timeouts: { create: "10m", update: "10m" } },
      manifests: bundle,
    });
    this.ready = this.job ?? bundle!.application;
  }
}

/**
 * The container's environment: mc's configuration directory, the root credentials from their Secret
 * and the server's alias built from them by Kubernetes' `$(VAR)` expansion (no value in the spec),
 * and each user's secret key from the user's Secret.
 */
function jobEnv(props: MinioProvisioningJobProps): EnvVar[] {
  const fromSecret = (name: string, secretName: string, key: string): EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: secretName, key } },
  });
  const withCredentials = props.endpoint.replace(
    "https://",
    "https://$(MINIO_ROOT_USER):$(MINIO_ROOT_PASSWORD)@",
  );
  return [
    { name: "MC_CONFIG_DIR", value: MC_CONFIG_DIR },
    fromSecret("MINIO_ROOT_USER", props.rootSecretName, "rootUser"),
    fromSecret("MINIO_ROOT_PASSWORD", props.rootSecretName, "rootPassword"),
    { name: `MC_HOST_${MC_ALIAS}`, value: withCredentials },
    ...props.provisioning.users.map((user) =>
      fromSecret(userSecretKeyEnv(user.accessKey), user.existingSecret, user.existingSecretKey),
    ),
  ];
}
