import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { createHash } from "node:crypto";
import { Fn, Lazy, Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../../core/validation-error";
import type { ApplicationCatalogue } from "../../gitops/application-catalogue";
import { applyTimeDigest } from "../../gitops/apply-time-digest";
import { type ManifestBundle, optionalBundle } from "../../gitops/manifest-bundle";
import { escapeTemplateSequences } from "../../helm/helm-chart";
import { manifestOf } from "../../kubernetes/manifest";
import { toProviderBlocks } from "../../kubernetes/pod-spec";
import { ingressPolicy } from "../../kubernetes/network-policy";
import { rawObject } from "../../kubernetes/raw-object";
import type { KubernetesRawResource } from "../../kubernetes/raw-resource";
import type { CaBundleRef } from "../common/java-truststore";
import type { Placement } from "../common/placement";
import type { S3aTarget } from "../common/s3a";
import type { SizeProfile } from "../common/size-profile";
import { METASTORE_PORT } from "./image";
import { METASTORE_NAME, metastorePodSpec, SITE_KEY } from "./pod";
import { hadoopConfigurationXml, metastoreSiteProperties } from "./site";

/** Properties of {@link HiveMetastore}. */
export interface HiveMetastoreProps {
  /** Kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Namespace of the metastore (it must hold the database Secret). */
  readonly namespace: string;
  /**
   * The metastore database's Secret in `namespace`, in the platform's `jdbc` format
   * (`PlatformDatabase.format`: keys `user`, `password`, `jdbc-url`).
   */
  readonly databaseSecretName: string;
  /** Bucket of the warehouse (`hive.metastore.warehouse.dir` = `s3a://<bucket>/`). */
  readonly warehouseBucket: string;
  /** How the metastore reaches the object store (S3 or MinIO). */
  readonly s3a: S3aTarget;
  /**
   * A CA bundle the object store's certificate chains to (MinIO with a private CA).
   * @default none: the JDK's CAs
   */
  readonly caBundle?: CaBundleRef;
  /**
   * IAM role of the service account (IRSA annotation `eks.amazonaws.com/role-arn`). The image's AWS
   * SDK (1.12.367) reads IRSA's web identity token but predates EKS Pod Identity (1.12.746+).
   * @default none
   */
  readonly irsaRoleArn?: string;
  /**
   * Service account of the metastore.
   * @default "hive-metastore"
   */
  readonly serviceAccountName?: string;
  /**
   * A Maven repository mirror serving the JDBC driver.
   * @default Maven Central
   */
  readonly jarMirror?: string;
  /** Size profile of the platform. */
  readonly profile: SizeProfile;
  /** Where the pod runs. */
  readonly placement: Placement;
  /**
   * What must exist first (the namespace, the database Secret, the CA ConfigMap, the S3 credentials).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /**
   * Namespaces allowed to reach the Thrift port: a NetworkPolicy then admits only them (the
   * metastore has no authentication, and acts on the warehouses with its own rights).
   * @default none: no NetworkPolicy, any pod of the cluster can call it
   */
  readonly clientNamespaces?: ReadonlyArray<string>;
  /**
   * Argo CD catalogue: the metastore's objects become one Application named after it, after the
   * Applications it depends on (the databases, the object store).
   * @default none: Terraform applies them and waits for the rollout
   */
  readonly gitOps?: ApplicationCatalogue;
}

const NAME = METASTORE_NAME;
const DEFAULT_SERVICE_ACCOUNT_NAME = NAME;
const SITE_CONFIG_MAP = `${NAME}-site`;
/** S3 bucket names: 3–63 lower-case letters, digits, dots and hyphens, starting and ending alphanumeric. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const MIRROR = /^https?:\/\/\S+$/;

/**
 * A standalone Hive Metastore (Thrift, port 9083) on the platform PostgreSQL, a catalog of Iceberg
 * tables for Trino and Spark, from the stock `apache/hive` image (`HIVE_METASTORE_IMAGE` in image.ts says
 * why 4.0.0) without building one:
 *
 * - schema: the image's entrypoint runs `schematool -dbType $DB_DRIVER -initOrUpgradeSchema` before
 *   the metastore unless `IS_RESUME` is true (packaging/src/docker/entrypoint.sh): it creates the
 *   schema on an empty database and upgrades an old one, so every start is idempotent. One replica,
 *   replaced with `Recreate`, so two schematools never race.
 * - JDBC driver: the pinned PostgreSQL driver, downloaded and SHA-256-checked by an init container
 *   into an emptyDir, put on the classpath with `HADOOP_CLASSPATH`: `bin/hive` prepends Hive's
 *   classpath to it and `bin/hadoop` adds it for both the metastore and schematool. Not
 *   `HIVE_AUX_JARS_PATH` (`bin/hive` also adds `--hiveconf hive.aux.jars.path=…` to the arguments of
 *   every service but beeline, schematool's included) and not a mount into `/opt/hive/lib`.
 * - S3A: the image's own Hadoop 3.3.6 `hadoop-aws` and AWS SDK bundle from `share/hadoop/tools/lib`,
 *   enabled with `HADOOP_OPTIONAL_TOOLS=hadoop-aws`. The platform's pinned S3A jars target Hadoop
 *   3.3.4, and `hadoop-aws` must match the Hadoop it runs in exactly. That SDK (1.12.367) reads a
 *   MinIO key pair from the environment or IRSA's web identity token, not EKS Pod Identity's
 *   credentials (1.12.746+): on AWS give {@link HiveMetastoreProps.irsaRoleArn}.
 * - configuration: a ConfigMap mounted as `/opt/hive/conf/hive-site.xml` (`fs.s3a.*` must be in a
 *   file); the JDBC URL, user and password come from the database Secret as environment variables
 *   that the file reads with `${env.NAME}`. JVM flags (heap, truststore) go in `SERVICE_OPTS`, which
 *   the entrypoint appends to `HADOOP_CLIENT_OPTS`, the JVM options of both Java processes.
 * - Kubernetes: a service account without API token (optional IRSA role), the Deployment (non-root
 *   `hive` user, RuntimeDefault seccomp, no privilege escalation, no capabilities, TCP probes) and a
 *   ClusterIP Service: reachable inside the cluster only, at {@link HiveMetastore.uri}.
 */
export class HiveMetastore extends Construct {
  /** The service account, where Terraform applies the objects (no `gitOps`); likewise below. */
  public readonly serviceAccount?: ServiceAccountV1;
  public readonly configMap?: ConfigMapV1;
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
  /** Thrift port of the Service. */
  public readonly port = METASTORE_PORT;
  /** In-cluster DNS name of the Service. */
  public readonly host: string;
  /** What Trino (`hive.metastore.uri`) and Spark (`spark.hadoop.hive.metastore.uris`) connect to. */
  public readonly uri: string;
  /** The NetworkPolicy admitting only the client namespaces, when given. */
  public readonly networkPolicy?: KubernetesRawResource;

  constructor(scope: Construct, id: string, props: HiveMetastoreProps) {
    super(scope, id);
    this.validate(props);
    this.serviceAccountName = props.serviceAccountName ?? DEFAULT_SERVICE_ACCOUNT_NAME;
    this.host = `${NAME}.${props.namespace}.svc`;
    this.uri = `thrift://${this.host}:${METASTORE_PORT}`;
    const labels = { "app.kubernetes.io/name": NAME, "app.kubernetes.io/component": "metastore" };
    const dependsOn = props.dependsOn ? [...props.dependsOn] : undefined;

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
        annotations: props.irsaRoleArn ? { "eks.amazonaws.com/role-arn": props.irsaRoleArn } : undefined,
      },
      // The metastore calls no Kubernetes API; IRSA projects its own token.
      automountServiceAccountToken: false,
    };
    const siteXml = hadoopConfigurationXml(
      metastoreSiteProperties({ warehouseBucket: props.warehouseBucket, s3a: props.s3a }),
    );
    // `${env.…}` is Hadoop's, not Terraform's: escaped here, or by the app-of-apps release's values.
    const site = {
      metadata: { name: SITE_CONFIG_MAP, namespace: props.namespace, labels },
      data: { [SITE_KEY]: bundle ? siteXml : escapeTemplateSequences(siteXml) },
    };
    const service = {
      metadata: { name: NAME, namespace: props.namespace, labels },
      spec: {
        type: "ClusterIP",
        selector: labels,
        port: [{ name: "thrift", port: METASTORE_PORT, targetPort: String(METASTORE_PORT) }],
      },
    };
    if (bundle) {
      bundle.add(manifestOf("v1", "ServiceAccount", serviceAccount));
      bundle.add(manifestOf("v1", "ConfigMap", site));
      bundle.add(manifestOf("v1", "Service", service));
    } else {
      this.serviceAccount = new ServiceAccountV1(this, "ServiceAccount", {
        provider: props.provider,
        ...serviceAccount,
        dependsOn,
      });
      this.configMap = new ConfigMapV1(this, "Site", { provider: props.provider, ...site, dependsOn });
      this.service = new ServiceV1(this, "Service", { provider: props.provider, ...service, dependsOn });
    }
    this.networkPolicy = props.clientNamespaces
      ? ingressPolicy(this, "NetworkPolicy", {
          name: NAME,
          namespace: props.namespace,
          labels,
          port: METASTORE_PORT,
          clientNamespaces: props.clientNamespaces,
          provider: props.provider,
          dependsOn,
          manifests: bundle,
        })
      : undefined;

    const podSpec = metastorePodSpec({
      serviceAccountName: this.serviceAccountName,
      siteConfigMapName: SITE_CONFIG_MAP,
      databaseSecretName: props.databaseSecretName,
      s3a: props.s3a,
      caBundle: props.caBundle,
      jarMirror: props.jarMirror,
      profile: props.profile,
      placement: props.placement,
    });
    // A changed hive-site.xml replaces the pod (a subPath mount is never refreshed): hashed by
    // Terraform, after the bucket and endpoint references are resolved, or at synth from them.
    const siteChecksum = this.configMap
      ? Fn.sha256(Fn.jsonencode(this.configMap.data))
      : withDigest(
          Lazy.stringValue({
            produce: (context) =>
              createHash("sha256")
                .update(JSON.stringify(context.resolve(site.data)))
                .digest("hex"),
          }),
          // Terraform's references (a bucket's name) hashed at apply too.
          applyTimeDigest(site.data),
        );
    this.deployment = rawObject(this, "Resource", {
      type: "kubernetes_deployment_v1",
      apiVersion: "apps/v1",
      kind: "Deployment",
      provider: props.provider,
      dependsOn: [
        ...[this.serviceAccount, this.configMap].filter((x) => x !== undefined),
        ...(props.dependsOn ?? []),
      ],
      attributes: {
        metadata: { name: NAME, namespace: props.namespace, labels },
        spec: {
          replicas: "1",
          strategy: { type: "Recreate" },
          selector: { matchLabels: labels },
          template: {
            metadata: { labels, annotations: { "checksum/hive-site": siteChecksum } },
            spec: toProviderBlocks(podSpec),
          },
        },
      },
      terraformOnly: { waitForRollout: true },
      manifests: bundle,
    });
    this.ready = this.deployment ?? bundle!.application;
  }

  private validate(props: HiveMetastoreProps): void {
    const problems: string[] = [];
    const bucket = props.warehouseBucket;
    if (!Token.isUnresolved(bucket) && (!BUCKET.test(bucket) || bucket.includes(".."))) {
      problems.push(
        `warehouseBucket: expected an S3 bucket name (3-63 of a-z 0-9 . -), received "${bucket}"`,
      );
    }
    const arn = props.irsaRoleArn;
    if (arn !== undefined && !Token.isUnresolved(arn) && !ROLE_ARN.test(arn)) {
      problems.push(`irsaRoleArn: expected arn:aws:iam::<account>:role/<name>, received "${arn}"`);
    }
    if (props.jarMirror !== undefined && !MIRROR.test(props.jarMirror)) {
      problems.push(`jarMirror: expected an http(s) URL, received "${props.jarMirror}"`);
    }
    if (props.databaseSecretName.trim() === "") problems.push("databaseSecretName: must not be empty");
    if (problems.length > 0) throw new ValidationError(problems.join("; "), this);
  }
}

/** A synth-time hash followed by the apply-time digest, when there is one. */
function withDigest(hash: string, digest: string | undefined): string {
  return digest ? `${hash}-${digest}` : hash;
}
