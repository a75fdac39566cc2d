import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { DataKubernetesSecretV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import { readCaBundle } from "../config/storage-rules";
import { CA_BUNDLE_KEY, type CaBundleRef } from "../constructs/addons/common/java-truststore";

/** Name of the CA ConfigMap in every consumer's namespace. */
export const PLATFORM_CA_CONFIG_MAP = "platform-ca";

/** The object store's CA, published where its consumers run. */
export interface PlatformCa {
  /** What consumers mount. */
  readonly ref: CaBundleRef;
  /** The ConfigMap of each namespace, to depend on. */
  readonly configMaps: Readonly<Record<string, ITerraformDependable>>;
}

/** What {@link addPlatformCa} needs. */
export interface PlatformCaContext {
  readonly env: EnvironmentConfig;
  readonly kubernetes: KubernetesProvider;
  /** Namespaces of the consumers (Airflow, Trino, Spark, the metastore, MinIO's own jobs). */
  readonly namespaces: ReadonlyArray<string>;
  /** The namespace resource of a name. */
  readonly namespace: (name: string) => ITerraformDependable;
}

/**
 * `data.objectStoreCa` as a `platform-ca` ConfigMap (key `ca.crt`) in each consumer's namespace:
 * the PEM file's certificates, checked at synth, written as they are; or a Secret's key read by
 * Terraform at plan (e.g. the `ca.crt` cert-manager writes beside MinIO's certificate). A CA
 * certificate is public, so a ConfigMap is the right home; pods cannot mount another namespace's.
 */
export function addPlatformCa(scope: Construct, ctx: PlatformCaContext): PlatformCa | undefined {
  const ca = ctx.env.data.objectStoreCa;
  if (!ca) return undefined;
  const group = new Construct(scope, "PlatformCa");
  let pem: string;
  if ("file" in ca) {
    pem = readCaBundle(ca.file);
  } else {
    const source = new DataKubernetesSecretV1(group, "Source", {
      provider: ctx.kubernetes,
      metadata: { name: ca.secret.name, namespace: ca.secret.namespace },
    });
    pem = source.data.lookup(ca.secret.key);
  }
  const configMaps = Object.fromEntries(
    ctx.namespaces.map((namespace) => [
      namespace,
      new ConfigMapV1(group, namespace, {
        provider: ctx.kubernetes,
        metadata: { name: PLATFORM_CA_CONFIG_MAP, namespace },
        data: { [CA_BUNDLE_KEY]: pem },
        dependsOn: [ctx.namespace(namespace)],
      }),
    ]),
  );
  return { ref: { configMapName: PLATFORM_CA_CONFIG_MAP }, configMaps };
}

/** What {@link addMinioCertificate} needs. */
export interface MinioCertificateContext {
  readonly env: EnvironmentConfig;
  readonly kubernetes: KubernetesProvider;
  /** MinIO's namespace resource. */
  readonly namespace: ITerraformDependable;
  /** MinIO's namespace. */
  readonly namespaceName: string;
}

/**
 * With `minio.certificateIssuer`: a cert-manager Certificate for MinIO's Service names (the
 * release's `minio` Service and, for a distributed MinIO, each server behind `minio-svc`) written to
 * `minio.tlsSecretName`, which Terraform waits to be Ready before MinIO starts. The issuer and
 * cert-manager itself are the cluster's.
 */
export function addMinioCertificate(scope: Construct, ctx: MinioCertificateContext): Manifest | undefined {
  const minio = ctx.env.data.minio;
  if (!minio?.certificateIssuer || !minio.tlsSecretName) return undefined;
  const ns = ctx.namespaceName;
  return new Manifest(scope, "MinioCertificate", {
    provider: ctx.kubernetes,
    manifest: {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: minio.tlsSecretName, namespace: ns },
      spec: {
        secretName: minio.tlsSecretName,
        issuerRef: {
          kind: minio.certificateIssuer.kind,
          name: minio.certificateIssuer.name,
          group: "cert-manager.io",
        },
        dnsNames: [
          "minio",
          `minio.${ns}`,
          `minio.${ns}.svc`,
          `minio.${ns}.svc.cluster.local`,
          `*.minio-svc.${ns}.svc`,
          `*.minio-svc.${ns}.svc.cluster.local`,
        ],
        duration: "2160h",
        renewBefore: "360h",
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        usages: ["server auth", "digital signature", "key encipherment"],
      },
    },
    wait: { condition: [{ type: "Ready", status: "True" }] },
    dependsOn: [ctx.namespace],
  });
}
