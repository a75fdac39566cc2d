import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { TerraformStack, Testing } from "cdktf";
import { ANYWHERE } from "../../../../constructs/addons/common/placement";
import { Minio, type MinioProps } from "../../../../constructs/addons/minio/minio";
import { ApplicationCatalogue } from "../../../../constructs/gitops/application-catalogue";
import { APPLICATIONS, BUCKETS, STANDARD } from "./fixtures";

/** A MinIO add-on and its stack, synthesized. */
export interface Built {
  readonly minio: Minio;
  readonly json: string;
  /** With `gitOps`: the catalogue MinIO handed its Applications to. */
  readonly catalogue?: ApplicationCatalogue;
}

/** The props a test may change. */
export type MinioChanges = Partial<Omit<MinioProps, "helmProvider" | "kubernetesProvider">>;

/** The kubernetes.io/tls Secret MinIO serves HTTPS with, in the TLS builds. */
export const TLS_SECRET = "minio-tls";
/** The platform CA's ConfigMap in MinIO's namespace, in the TLS builds. */
export const CA_CONFIG_MAP = "platform-ca";

/**
 * A stack with MinIO and, in namespace trino, a Secret composed from Trino's MinIO credentials; with
 * `tls`, MinIO serves HTTPS and a `platform-ca` ConfigMap (PEM from a file placeholder, no value) is
 * made in its namespace and given as its CA; with `gitOps`, Argo CD delivers it (an {@link ApplicationCatalogue}).
 */
export function build(changes: MinioChanges = {}, tls = false, gitOps = false): Built {
  const stack = new TerraformStack(Testing.app(), "test");
  const catalogue = gitOps ? new ApplicationCatalogue(stack, "GitOps") : undefined;
  const kubernetesProvider = new KubernetesProvider(stack, "kubernetes", {});
  const ca = tls
    ? new ConfigMapV1(stack, "PlatformCa", {
        provider: kubernetesProvider,
        metadata: { name: CA_CONFIG_MAP, namespace: "minio" },
        data: { "ca.crt": "-----BEGIN CERTIFICATE-----\n(test placeholder)\n-----END CERTIFICATE-----\n" },
      })
    : undefined;
  const minio = new Minio(stack, "Minio", {
    helmProvider: new HelmProvider(stack, "helm", {}),
    kubernetesProvider,
    namespace: "minio",
    profile: STANDARD,
    placement: ANYWHERE,
    storageClassName: "gp3",
    buckets: BUCKETS,
    applications: APPLICATIONS,
    ...(ca
      ? {
          tls: { certSecretName: TLS_SECRET },
          caBundle: { configMapName: CA_CONFIG_MAP },
          provisioningDependsOn: [ca],
        }
      : {}),
    ...(catalogue ? { gitOps: catalogue } : {}),
    ...changes,
  });
  const trino = minio.credentials("trino");
  new SecretV1(stack, "TrinoS3", {
    provider: kubernetesProvider,
    metadata: { name: "trino-s3", namespace: "trino" },
    data: { AWS_ACCESS_KEY_ID: trino.accessKey, AWS_SECRET_ACCESS_KEY: trino.secretKey },
  });
  return { minio, json: Testing.synth(stack), catalogue };
}
