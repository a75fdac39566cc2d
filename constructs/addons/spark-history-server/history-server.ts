import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { Token } from "cdktf";
import { ValidationError } from "../../core/validation-error";
import type { Container, EnvVar, Probe, Volume, VolumeMount } from "../../kubernetes/pod-spec";
import { toProviderBlocks } from "../../kubernetes/pod-spec";
import type { ApplicationCatalogue } from "../../gitops/application-catalogue";
import { type ManifestBundle, optionalBundle } from "../../gitops/manifest-bundle";
import { manifestOf } from "../../kubernetes/manifest";
import { rawObject } from "../../kubernetes/raw-object";
import type { KubernetesRawResource } from "../../kubernetes/raw-resource";
import { javaTruststore, type CaBundleRef } from "../common/java-truststore";
import { jarFetchContainer, jarVolume, S3A_JARS } from "../common/pinned-jars";
import { eventLogDirectory, logDirectoryContainer } from "./log-directory";
import { placementValues, type Placement } from "../common/placement";
import { s3aEnv, type S3aTarget } from "../common/s3a";
import { jvmServerResources } from "../common/jvm-resources";
import { sized, type SizeProfile } from "../common/size-profile";
import {
  HISTORY_SERVER_COMMAND,
  HISTORY_UI_PORT,
  SPARK_HISTORY_SERVER_IMAGE,
  SPARK_HOME,
  SPARK_UID,
} from "./image";
import { daemonHeap, historyServerConf, systemProperties } from "./options";

/** Properties of {@link SparkHistoryServer}. */
export interface SparkHistoryServerProps {
  /** Kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Namespace of the server: the Spark jobs' namespace (`spark`). */
  readonly namespace: string;
  /**
   * Service account of the server (the one a Pod Identity association or IRSA role is bound to).
   * @default "spark-history-server"
   */
  readonly serviceAccountName?: string;
  /**
   * Annotations of the service account (IRSA: `eks.amazonaws.com/role-arn`).
   * @default none
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /**
   * Bucket of the event logs: jobs write under `s3a://<bucket>/event-logs/` ({@link eventLogDirectory}),
   * which an init container creates; the server reads it and, with its cleaner, deletes old logs.
   */
  readonly eventLogBucket: string;
  /** How the server reaches the object store (S3 or MinIO). */
  readonly s3a: S3aTarget;
  /**
   * A CA bundle the object store's certificate chains to (MinIO with a private CA).
   * @default none: the JDK's CAs
   */
  readonly caBundle?: CaBundleRef;
  /**
   * A Maven repository mirror serving the S3A jars.
   * @default Maven Central
   */
  readonly jarMirror?: string;
  /**
   * Days an event log is kept before the server's cleaner deletes it (`spark.history.fs.cleaner.maxAge`).
   * @default 30
   */
  readonly eventLogMaxAgeDays?: number;
  /** Size profile of the platform. */
  readonly profile: SizeProfile;
  /** Where the pod runs. */
  readonly placement: Placement;
  /**
   * What must exist first (the namespace, the CA ConfigMap, the credentials Secret, the role).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /**
   * Argo CD catalogue: the server's objects become one Application named after it, after the
   * Applications it depends on (the object store).
   * @default none: Terraform applies them and waits for the rollout
   */
  readonly gitOps?: ApplicationCatalogue;
}

const DEFAULT_SERVICE_ACCOUNT_NAME = "spark-history-server";
const DEFAULT_EVENT_LOG_MAX_AGE_DAYS = 30;
const NAME = "spark-history-server";
/** `s3a://` then a bucket, then an optional path; no whitespace (the launcher splits options on it). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const JARS_VOLUME = "s3a-jars";
const JARS_DIR = `${SPARK_HOME}/s3a-jars`;
const TMP_VOLUME = "tmp";
/** Below this the JVM (Jetty, Hadoop's S3A client, replayed applications) does not run: the small profile's floor. */
const MEMORY_LIMIT_FLOOR = "768Mi";

/**
 * The Spark History Server of the jobs namespace: one pod of the official Spark image replaying the
 * event logs the jobs write to the object store, with Hadoop's S3A connector fetched (pinned, SHA-256
 * checked) by an init container, a JVM truststore built from the platform CA when there is one, its
 * own service account without a Kubernetes API token, a non-root, read-only, no-privilege security
 * context, and a ClusterIP Service on port 18080. No Ingress: reach it with
 * `kubectl -n <namespace> port-forward svc/spark-history-server 18080:18080`.
 */
export class SparkHistoryServer extends Construct {
  /** The service account, where Terraform applies the objects (no `gitOps`); likewise below. */
  public readonly serviceAccount?: ServiceAccountV1;
  public readonly deployment?: KubernetesRawResource;
  public readonly service?: ServiceV1;
  /** Under Argo CD, the Application of the objects. */
  public readonly manifests?: ManifestBundle;
  /** What clients wait for: the Deployment rolled out, or the Application delivering it. */
  public readonly ready: ITerraformDependable;
  /** Name of the service account (bind an IAM role to it). */
  public readonly serviceAccountName: string;
  /** Name of the Service. */
  public readonly serviceName = NAME;
  /** Port of the UI and of the Service. */
  public readonly port = HISTORY_UI_PORT;
  /** In-cluster DNS name of the Service. */
  public readonly host: string;

  constructor(scope: Construct, id: string, props: SparkHistoryServerProps) {
    super(scope, id);
    if (!BUCKET_NAME.test(props.eventLogBucket) && !Token.isUnresolved(props.eventLogBucket)) {
      throw new ValidationError(
        `eventLogBucket: expected a bucket name (3-63 lower-case letters, digits, dots, hyphens), received "${props.eventLogBucket}"`,
        this,
      );
    }
    const maxAgeDays = props.eventLogMaxAgeDays ?? DEFAULT_EVENT_LOG_MAX_AGE_DAYS;
    if (!Number.isInteger(maxAgeDays) || maxAgeDays < 1) {
      throw new ValidationError(
        `eventLogMaxAgeDays: expected a whole number of days, at least 1, received ${maxAgeDays}`,
        this,
      );
    }
    this.serviceAccountName = props.serviceAccountName ?? DEFAULT_SERVICE_ACCOUNT_NAME;
    this.host = `${NAME}.${props.namespace}.svc`;
    const labels = { "app.kubernetes.io/name": NAME, "app.kubernetes.io/component": "history-server" };
    const dependsOn = props.dependsOn ? [...props.dependsOn] : undefined;

    // The server calls no Kubernetes API: no token. EKS Pod Identity and IRSA inject their own
    // projected token volumes (audiences pods.eks.amazonaws.com / sts.amazonaws.com), which do not
    // depend on the API token being mounted.
    const bundle = optionalBundle(this, "Delivery", props.gitOps, {
      name: NAME,
      namespace: props.namespace,
      dependsOn: props.dependsOn,
    });
    this.manifests = bundle;
    const serviceAccount = {
      metadata: {
        name: this.serviceAccountName,
        namespace: props.namespace,
        labels,
        annotations: props.serviceAccountAnnotations ? { ...props.serviceAccountAnnotations } : undefined,
      },
      automountServiceAccountToken: false,
    };
    const service = {
      metadata: { name: NAME, namespace: props.namespace, labels },
      spec: {
        type: "ClusterIP",
        selector: labels,
        port: [{ name: "http", port: HISTORY_UI_PORT, targetPort: String(HISTORY_UI_PORT) }],
      },
    };
    if (bundle) {
      bundle.add(manifestOf("v1", "ServiceAccount", serviceAccount));
      bundle.add(manifestOf("v1", "Service", service));
    } else {
      this.serviceAccount = new ServiceAccountV1(this, "ServiceAccount", {
        provider: props.provider,
        ...serviceAccount,
        dependsOn,
      });
      this.service = new ServiceV1(this, "Service", { provider: props.provider, ...service, dependsOn });
    }

    const truststore = props.caBundle
      ? javaTruststore(props.caBundle, SPARK_HISTORY_SERVER_IMAGE)
      : undefined;
    const resources = sized(
      props.profile,
      { requests: { cpu: "250m", memory: "1Gi" }, limits: { cpu: "1", memory: "2Gi" } },
      MEMORY_LIMIT_FLOOR,
    );
    const env: EnvVar[] = [
      { name: "SPARK_DAEMON_MEMORY", value: daemonHeap(resources.limits!.memory!) },
      // Prepended to the server's classpath by the launcher (docs/monitoring.md: "Classpath for the history server").
      { name: "SPARK_DAEMON_CLASSPATH", value: `${JARS_DIR}/*` },
      {
        name: "SPARK_HISTORY_OPTS",
        value: systemProperties(
          historyServerConf({
            eventLogDirectory: eventLogDirectory(props.eventLogBucket),
            s3a: props.s3a,
            eventLogMaxAgeDays: maxAgeDays,
          }),
        ),
      },
      // JVM flags, not Spark configuration: SPARK_DAEMON_JAVA_OPTS ("JVM options for the history server").
      ...(truststore ? [{ name: "SPARK_DAEMON_JAVA_OPTS", value: truststore.javaOptions }] : []),
      ...s3aEnv(props.s3a),
    ];
    const probe = (initialDelaySeconds: number, failureThreshold: number): Probe => ({
      httpGet: { path: "/", port: HISTORY_UI_PORT },
      initialDelaySeconds,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold,
    });
    const volumeMounts: VolumeMount[] = [
      { name: JARS_VOLUME, mountPath: JARS_DIR, readOnly: true },
      // java.io.tmpdir (Jetty, hsperfdata) on a read-only root filesystem.
      { name: TMP_VOLUME, mountPath: "/tmp" },
      ...(truststore?.volumeMounts ?? []),
    ];
    const server: Container = {
      name: NAME,
      image: SPARK_HISTORY_SERVER_IMAGE,
      // Re-checked at every start: a tag moved upstream is noticed (checkov CKV_K8S_15).
      imagePullPolicy: "Always",
      command: HISTORY_SERVER_COMMAND,
      env,
      ports: [{ name: "http", containerPort: HISTORY_UI_PORT }],
      volumeMounts,
      resources: jvmServerResources(resources),
      readinessProbe: probe(10, 3),
      livenessProbe: probe(60, 6),
      securityContext: {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      },
    };
    const logDirectory = logDirectoryContainer(
      props.eventLogBucket,
      props.s3a,
      props.caBundle,
      truststore !== undefined,
    );
    const initContainers: Container[] = [
      jarFetchContainer({ jars: S3A_JARS, volumeName: JARS_VOLUME, mirror: props.jarMirror }),
      ...(truststore ? [truststore.initContainer] : []),
      logDirectory.initContainer,
    ];
    const volumes: Volume[] = [
      jarVolume(JARS_VOLUME),
      { name: TMP_VOLUME, emptyDir: { sizeLimit: "256Mi" } },
      ...(truststore?.volumes ?? []),
      ...logDirectory.volumes,
    ];
    const podSpec = {
      serviceAccountName: this.serviceAccountName,
      automountServiceAccountToken: false,
      // No SPARK_HISTORY_SERVER_PORT=tcp://… and the like from the namespace's Services in the env.
      enableServiceLinks: false,
      ...placementValues(props.placement),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: String(SPARK_UID),
        runAsGroup: String(SPARK_UID),
        fsGroup: String(SPARK_UID),
        seccompProfile: { type: "RuntimeDefault" },
      },
      initContainers,
      containers: [server],
      volumes,
    };

    this.deployment = rawObject(this, "Resource", {
      type: "kubernetes_deployment_v1",
      apiVersion: "apps/v1",
      kind: "Deployment",
      provider: props.provider,
      dependsOn: [...(this.serviceAccount ? [this.serviceAccount] : []), ...(props.dependsOn ?? [])],
      attributes: {
        metadata: { name: NAME, namespace: props.namespace, labels },
        spec: {
          replicas: "1",
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: toProviderBlocks(podSpec) },
        },
      },
      terraformOnly: { waitForRollout: true },
      manifests: bundle,
    });
    this.ready = this.deployment ?? bundle!.application;
  }
}
