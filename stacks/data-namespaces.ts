import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import { KEDA_NAMESPACE } from "../constructs/addons/keda/chart";
import {
  MONITORING_NAMESPACE,
  NODE_EXPORTER_NAMESPACE,
} from "../constructs/addons/kube-prometheus-stack/chart";
import { MINIO_NAMESPACE } from "../constructs/addons/minio/chart";
import { PlatformNamespace } from "../constructs/kubernetes/platform-namespace";
import {
  AIRFLOW_NAMESPACE,
  METASTORE_NAMESPACE,
  PLATFORM_DB_NAMESPACE,
  TRINO_NAMESPACE,
} from "./data-layout";
import { gitOpsNamespaces } from "./data-gitops";
import { SPARK_NAMESPACES } from "./data-spark";
import { storageNamespaces } from "./data-storage";

/** The namespaces of `<env>-data`. */
export interface DataNamespaces {
  /** The namespaces at Pod Security `baseline`, by name (those the platform's own workloads run in). */
  readonly names: ReadonlyArray<string>;
  /** Every namespace resource, by name: the baseline ones, node-exporter's and the storage driver's (privileged). */
  readonly namespaces: Readonly<Record<string, PlatformNamespace>>;
}

/**
 * The namespaces of the data layer, created by Terraform with their Pod Security labels (also under
 * Argo CD, which never creates namespaces): `baseline` for everything but node-exporter (host PID and
 * network) and TopoLVM (privileged), which are told why.
 */
export function addNamespaces(
  scope: Construct,
  env: EnvironmentConfig,
  kubernetes: KubernetesProvider,
): DataNamespaces {
  const data = env.data;
  const namespace = (name: string, privilegedReason?: string) =>
    new PlatformNamespace(scope, `Namespace-${name}`, {
      provider: kubernetes,
      name,
      enforce: privilegedReason ? "privileged" : "baseline",
      privilegedReason,
    });
  const names = [
    PLATFORM_DB_NAMESPACE,
    KEDA_NAMESPACE,
    MONITORING_NAMESPACE,
    AIRFLOW_NAMESPACE,
    TRINO_NAMESPACE,
    ...(data.objectStore === "minio" ? [MINIO_NAMESPACE] : []),
    ...(data.spark ? SPARK_NAMESPACES : []),
    ...(data.metastore === "hive" ? [METASTORE_NAMESPACE] : []),
    ...gitOpsNamespaces(env),
  ];
  const namespaces = Object.fromEntries([
    ...names.map((name) => [name, namespace(name)] as const),
    [
      NODE_EXPORTER_NAMESPACE,
      namespace(
        NODE_EXPORTER_NAMESPACE,
        "node-exporter reads the host's /proc and /sys with hostPID and hostNetwork",
      ),
    ] as const,
    ...storageNamespaces(env).map(
      ({ name, privilegedReason }) => [name, namespace(name, privilegedReason)] as const,
    ),
  ]);
  return { names, namespaces };
}
