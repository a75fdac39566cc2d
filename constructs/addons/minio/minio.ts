import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../../core/validation-error";
import type { ApplicationCatalogue } from "../../gitops/application-catalogue";
import { ManifestBundle } from "../../gitops/manifest-bundle";
import { chartRelease, type ChartRelease } from "../../helm/chart-release";
import { GeneratedSecret } from "../../kubernetes/generated-secret";
import type { CaBundleRef } from "../common/java-truststore";
import type { Placement } from "../common/placement";
import type { SizeProfile } from "../common/size-profile";
import { MINIO_CHART, MINIO_REGION, MINIO_RELEASE_NAME, minioEndpoint } from "./chart";
import { MinioProvisioningJob } from "./provisioning-job";
import type { MinioProvisioning } from "./provisioning-script";
import {
  type MinioBucket,
  type MinioValues,
  minioValues,
  minioValuesProblems,
  withoutChartProvisioning,
} from "./values";

/** An application that stores objects in MinIO: one user and one least-privilege policy. */
export interface MinioApplication {
  /** User name (the access key), e.g. "trino", "airflow": 3-32 lower-case letters, digits and hyphens. */
  readonly name: string;
  /** Buckets it may use (each one of {@link MinioProps.buckets}): read and write unless listed in `readOnlyBuckets`. */
  readonly buckets: ReadonlyArray<string>;
  /**
   * Those of `buckets` it may only read.
   * @default none
   */
  readonly readOnlyBuckets?: ReadonlyArray<string>;
}

/** Properties of {@link Minio}. */
export interface MinioProps {
  /** Helm provider of the cluster. */
  readonly helmProvider: HelmProvider;
  /** Kubernetes provider of the cluster (the Secrets). */
  readonly kubernetesProvider: KubernetesProvider;
  /** Namespace of MinIO, created beforehand (usually `MINIO_NAMESPACE`, "minio"). */
  readonly namespace: string;
  /** `small`: one standalone server; `standard`: a distributed MinIO. Sizes every request and limit. */
  readonly profile: SizeProfile;
  /** Where the servers and the Job that creates buckets, policies and users run. */
  readonly placement: Placement;
  /**
   * StorageClass of the PVCs.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /** Buckets to create, each with its versioning choice. */
  readonly buckets: ReadonlyArray<MinioBucket>;
  /** One user + one least-privilege policy each. */
  readonly applications: ReadonlyArray<MinioApplication>;
  /**
   * Servers of the distributed MinIO, at least 4 (`standard` profile; `small` runs one standalone server
   * and ignores this).
   * @default 4
   */
  readonly replicas?: number;
  /**
   * Volume size per server.
   * @default "100Gi" (standard), "10Gi" (small)
   */
  readonly volumeSize?: string;
  /**
   * HTTPS: the name of a kubernetes.io/tls Secret in the namespace with the server certificate
   * (`tls.crt`, naming `minio.<namespace>.svc` and, distributed, `*.minio-svc.<namespace>.svc`), its key
   * (`tls.key`) and the CA consumers trust (`ca.crt`), as cert-manager writes it (`MINIO_TLS_KEYS`).
   * The servers trust each other through the chart's `certs/CAs/public.crt` (the same `tls.crt`).
   * Requires {@link MinioProps.caBundle}: the chart's post-install Job runs mc without verifying the
   * server (hard-coded in chart 5.4.0's `_helper_create_*.txt`, no value turns it off), so with TLS
   * the buckets, policies and users are made by a {@link MinioProvisioningJob} that verifies it.
   * @default none (HTTP inside the cluster)
   */
  readonly tls?: { readonly certSecretName: string };
  /**
   * With `tls`: the ConfigMap, in MinIO's namespace, of the CA the server certificate chains to (key
   * `ca.crt`, the platform's `platform-ca`). The provisioning Job trusts it and nothing less; refused
   * without `tls`.
   * @default none
   */
  readonly caBundle?: CaBundleRef;
  /**
   * What the provisioning Job (with `tls` and `caBundle`) waits for besides the release and the
   * Secrets: the `caBundle` ConfigMap.
   * @default none
   */
  readonly provisioningDependsOn?: ReadonlyArray<ITerraformDependable>;
  /**
   * What must exist first (the namespace).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /**
   * Argo CD catalogue: the chart becomes an Application, and the provisioning Job (with `tls`) another,
   * {@link MINIO_PROVISIONING_APPLICATION}, in the next sync wave; the Secrets stay Terraform's.
   * @default none: Terraform releases the chart and applies the Job
   */
  readonly gitOps?: ApplicationCatalogue;
}

/** The Argo CD Application of the provisioning Job (with TLS), where Argo CD delivers MinIO. */
export const MINIO_PROVISIONING_APPLICATION = "minio-provisioning";

/** The root user's name: not a secret; its password is generated. */
export const MINIO_ROOT_USER = "platform-root";
/** Secret holding the root credentials (keys `rootUser`, `rootPassword`, as the chart's `existingSecret` expects). */
export const MINIO_ROOT_SECRET_NAME = "minio-root";
/** Key of a user Secret holding the access key (the user name). */
export const MINIO_ACCESS_KEY_KEY = "accessKey";
/** Key of a user Secret holding the generated secret key. */
export const MINIO_SECRET_KEY_KEY = "secretKey";

/** The Secret, in MinIO's namespace, of application `name`'s credentials. */
export function minioUserSecretName(name: string): string {
  return `minio-user-${name}`;
}

/** Credentials of one application's MinIO user. */
export interface MinioCredentials {
  /** The access key (the user name): not a secret. */
  readonly accessKey: string;
  /** The generated secret key: a sensitive Terraform reference, to compose a Secret in the application's namespace. */
  readonly secretKey: string;
  /** The Secret in MinIO's namespace that holds both (keys `accessKey` and `secretKey`). */
  readonly secretName: string;
}

/**
 * MinIO from the community chart, pinned with its images: one standalone server in the `small`
 * profile, a distributed MinIO of at least 4 servers otherwise, on the environment's StorageClass.
 * Root credentials and each application's secret key are generated into Secrets that the values
 * name (never a value in Helm). Each application gets a user and a policy on its own buckets only.
 * Consumers reach it at {@link Minio.endpoint} in {@link Minio.region} with path-style access, so the
 * store can be swapped for another S3-compatible one.
 */
export class Minio extends Construct {
  public readonly release: ChartRelease;
  /** With TLS: the Job that creates the buckets, policies and users (the chart's does without). */
  public readonly provisioning?: MinioProvisioningJob;
  /**
   * What consumers wait for: the buckets, users and policies exist (the provisioning Job with TLS,
   * the release, whose post-install Job makes them, without).
   */
  public readonly ready: ITerraformDependable;
  /** Root credentials Secret name. */
  public readonly rootSecretName: string;
  /** In-cluster URL of the S3 API (`http://minio.<namespace>.svc:9000`, https with TLS). */
  public readonly endpoint: string;
  /** The region clients sign for. */
  public readonly region: string = MINIO_REGION;
  /** The values given to the chart. */
  public readonly values: MinioValues;
  private readonly userSecrets = new Map<string, GeneratedSecret>();

  constructor(scope: Construct, id: string, props: MinioProps) {
    super(scope, id);
    if (props.tls && !props.caBundle) {
      throw new ValidationError(
        "caBundle: expected the CA ConfigMap of MinIO's certificate when tls is set (the chart's post-install Job does not verify the server, so a Job that trusts this CA creates buckets, policies and users), received none",
        this,
      );
    }
    if (props.caBundle && !props.tls) {
      throw new ValidationError(
        `caBundle: only used when MinIO serves TLS (tls); received "${props.caBundle.configMapName}" without tls`,
        this,
      );
    }
    const common = {
      provider: props.kubernetesProvider,
      namespace: props.namespace,
      labels: { "app.kubernetes.io/part-of": "minio" },
      dependsOn: props.dependsOn,
    };
    const root = new GeneratedSecret(this, "RootCredentials", {
      ...common,
      secretName: MINIO_ROOT_SECRET_NAME,
      generatedKeys: ["rootPassword"],
      composedKeys: { rootUser: MINIO_ROOT_USER },
    });
    this.rootSecretName = root.secretName;
    for (const application of props.applications) {
      // A name given twice gets one Secret; the values check reports the duplicate.
      if (this.userSecrets.has(application.name)) continue;
      const secret = new GeneratedSecret(this, `User-${application.name}`, {
        ...common,
        secretName: minioUserSecretName(application.name),
        generatedKeys: [MINIO_SECRET_KEY_KEY],
        composedKeys: { [MINIO_ACCESS_KEY_KEY]: application.name },
      });
      this.userSecrets.set(application.name, secret);
    }
    const declared = minioValues({
      profile: props.profile,
      placement: props.placement,
      storageClassName: props.storageClassName,
      rootSecretName: this.rootSecretName,
      buckets: props.buckets,
      users: props.applications.map((application) => ({
        name: application.name,
        buckets: application.buckets,
        readOnlyBuckets: application.readOnlyBuckets,
        secretName: minioUserSecretName(application.name),
        secretKey: MINIO_SECRET_KEY_KEY,
      })),
      replicas: props.replicas,
      volumeSize: props.volumeSize,
      tlsSecretName: props.tls?.certSecretName,
    });
    // With TLS the chart's post-install Job is left out (it does not verify the server): ours makes them.
    const jobCa = props.tls ? props.caBundle : undefined;
    this.values = jobCa ? withoutChartProvisioning(declared) : declared;
    this.endpoint = minioEndpoint(props.namespace, props.tls !== undefined);
    const secrets = [root.secret, ...[...this.userSecrets.values()].map((secret) => secret.secret)];
    this.release = chartRelease(
      this,
      "Release",
      {
        provider: props.helmProvider,
        pin: MINIO_CHART,
        releaseName: MINIO_RELEASE_NAME,
        namespace: props.namespace,
        values: this.values,
        // The buckets, policies and users are checked as declared, whoever makes them.
        validateValues: (values) =>
          minioValuesProblems({ ...(values as MinioValues), ...provisioningOf(declared) }),
        dependsOn: [...secrets, ...(props.dependsOn ?? [])],
      },
      props.gitOps,
    );
    if (jobCa) {
      const dependsOn = [
        this.release,
        ...secrets,
        ...(props.provisioningDependsOn ?? []),
        ...(props.dependsOn ?? []),
      ];
      this.provisioning = new MinioProvisioningJob(this, "Provisioning", {
        provider: props.kubernetesProvider,
        namespace: props.namespace,
        endpoint: this.endpoint,
        caBundle: jobCa,
        rootSecretName: this.rootSecretName,
        provisioning: provisioningOf(declared),
        profile: props.profile,
        placement: props.placement,
        dependsOn,
        manifests: props.gitOps
          ? new ManifestBundle(this, "ProvisioningDelivery", {
              catalogue: props.gitOps,
              name: MINIO_PROVISIONING_APPLICATION,
              namespace: props.namespace,
              dependsOn,
            })
          : undefined,
      });
    }
    this.ready = this.provisioning?.ready ?? this.release;
  }

  /**
   * The credentials of `application`'s user, for consumers in other namespaces: the data stack
   * composes a Secret there from them.
   */
  public credentials(application: string): MinioCredentials {
    const secret = this.userSecrets.get(application);
    if (!secret) {
      throw new ValidationError(
        `no MinIO application "${application}"; declared: ${JSON.stringify([...this.userSecrets.keys()])}`,
        this,
      );
    }
    return {
      accessKey: application,
      secretKey: secret.value(MINIO_SECRET_KEY_KEY),
      secretName: secret.secretName,
    };
  }
}

/** The buckets, policies and users of values. */
function provisioningOf(values: MinioValues): MinioProvisioning {
  return { buckets: values.buckets, policies: values.policies, users: values.users };
}
