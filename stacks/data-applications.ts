import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { ApplicationCatalogue } from "../constructs/gitops/application-catalogue";
import type { EnvironmentConfig } from "../config/define";
import { TRINO_COORDINATOR_POOL, TRINO_WORKER_POOL } from "../config/node-pools";
import { Airflow } from "../constructs/addons/airflow/airflow";
import { LOGS_PREFIX } from "../constructs/addons/airflow/chart";
import type { SizeProfile } from "../constructs/addons/common/size-profile";
import { MONITORING_NAMESPACE, prometheusUrl } from "../constructs/addons/kube-prometheus-stack/chart";
import type { Minio } from "../constructs/addons/minio/minio";
import { Trino } from "../constructs/addons/trino/trino";
import type { PlatformDatabases } from "../constructs/database/platform-databases";
import type { S3ObjectStore } from "../constructs/object-store/s3-object-store";
import type { PlatformCa } from "./data-ca";
import type { DataPlacements } from "./data-placement";
import { irsaAnnotations } from "./data-spark";
import { AIRFLOW_NAMESPACE, TRINO_NAMESPACE } from "./data-layout";

/** What the applications of `<env>-data` stand on, as the data stack laid it down. */
export interface DataApplicationsContext {
  readonly env: EnvironmentConfig;
  readonly helm: HelmProvider;
  /** Argo CD catalogue the charts go to (`delivery.kubernetes: argocd`); none: Terraform releases. */
  readonly gitOps?: ApplicationCatalogue;
  readonly kubernetes: KubernetesProvider;
  readonly profile: SizeProfile;
  readonly placements: DataPlacements;
  /** Karpenter runs in the environment (its NodePools exist). */
  readonly karpenter: boolean;
  readonly s3?: S3ObjectStore;
  readonly minio?: Minio;
  /** The `object-store` ConfigMap's settings (endpoint, region). */
  readonly objectStoreSettings: Readonly<Record<string, string>>;
  /** Per application, the object-store ConfigMap and credentials (and MinIO's release) it needs first. */
  readonly objectStoreReady: Readonly<Record<string, ReadonlyArray<ITerraformDependable>>>;
  readonly databases: PlatformDatabases;
  /** kube-prometheus-stack (the ServiceMonitor CRD, the Prometheus KEDA queries). */
  readonly prometheus: ITerraformDependable;
  /** KEDA (the ScaledObject CRD). */
  readonly keda: ITerraformDependable;
  /** The namespace resource of a name. */
  readonly namespace: (name: string) => ITerraformDependable;
  /** The object store's CA and its ConfigMap per namespace, when it has one. */
  readonly ca?: PlatformCa;
  /** Thrift URI of the platform's Hive Metastore, when it runs one (Trino's Iceberg catalog then uses it). */
  readonly metastoreUri?: string;
  /** The metastore's Deployment (or, under Argo CD, its Application), to wait for. */
  readonly metastore?: ITerraformDependable;
}

/** The applications of `<env>-data`. */
export interface DataApplications {
  readonly airflow: Airflow;
  readonly trino: Trino;
}

/** Airflow and Trino, each after the namespace, database Secret and object store it uses. */
export function addApplications(scope: Construct, ctx: DataApplicationsContext): DataApplications {
  const { env, s3, minio } = ctx;
  const data = env.data;
  const bucket = (logical: string) => (s3 ? s3.buckets.bucketName(logical) : logical);
  const endpoint = minio ? ctx.objectStoreSettings.endpoint : data.s3Endpoint;
  // IRSA binds a role through the service account's annotation (Pod Identity by name, the rack nodes' role on a local cluster).
  const irsa = (app: string) => irsaAnnotations(env, s3, app);

  const airflow = new Airflow(scope, "Airflow", {
    helmProvider: ctx.helm,
    gitOps: ctx.gitOps,
    kubernetesProvider: ctx.kubernetes,
    namespace: AIRFLOW_NAMESPACE,
    profile: ctx.profile,
    placement: ctx.placements.onDemand,
    taskPlacement: ctx.placements.batch,
    imageTag: data.airflow.imageTag,
    dagSyncIntervalSeconds: data.airflow.dagSyncIntervalSeconds,
    serviceAccountAnnotations: irsa("airflow"),
    remoteLogFolder: `s3://${bucket("airflow-logs")}/${LOGS_PREFIX}`,
    objectStore: {
      region: ctx.objectStoreSettings.region,
      endpoint,
      pathStyleAccess: minio !== undefined,
      credentials: minio?.credentials("airflow"),
    },
    caBundle: ctx.ca?.ref,
    login: data.oidc?.airflow
      ? {
          type: "oidc",
          issuerUrl: data.oidc.issuerUrl,
          clientId: data.oidc.airflow.clientId,
          clientSecret: data.oidc.airflow.clientSecret,
          roleClaim: data.airflow.roleClaim,
          roleMapping: data.airflow.roleMapping,
          defaultRole: data.airflow.defaultRole,
        }
      : { type: "generated-admin" },
    dependsOn: [
      ctx.namespace(AIRFLOW_NAMESPACE),
      ...ctx.databases.readyFor("airflow"),
      ...(ctx.objectStoreReady.airflow ?? []),
      ...(ctx.ca ? [ctx.ca.configMaps[AIRFLOW_NAMESPACE]] : []),
    ],
  });

  const pools = env.karpenter.nodePools;
  const trino = new Trino(scope, "Trino", {
    ...data.trino,
    ...(ctx.metastoreUri ? { catalogType: "hive_metastore" as const, metastoreUri: ctx.metastoreUri } : {}),
    caBundle: ctx.ca?.ref,
    helmProvider: ctx.helm,
    gitOps: ctx.gitOps,
    kubernetesProvider: ctx.kubernetes,
    namespace: TRINO_NAMESPACE,
    profile: ctx.profile,
    prometheusUrl: prometheusUrl(MONITORING_NAMESPACE),
    objectStore: {
      region: ctx.objectStoreSettings.region,
      endpoint,
      pathStyleAccess: minio !== undefined,
      staticCredentials: minio !== undefined,
    },
    dataBucket: bucket("trino-data"),
    exchangeBucket: bucket("trino-exchange"),
    serviceAccountAnnotations: irsa("trino"),
    karpenterPools: ctx.karpenter && TRINO_WORKER_POOL in pools && TRINO_COORDINATOR_POOL in pools,
    placement: ctx.placements.onDemand,
    oidc: data.oidc?.trino
      ? {
          issuerUrl: data.oidc.issuerUrl,
          clientId: data.oidc.trino.clientId,
          clientSecret: data.oidc.trino.clientSecret,
        }
      : undefined,
    dependsOn: [
      ctx.namespace(TRINO_NAMESPACE),
      ...ctx.databases.readyFor("iceberg"),
      ...(ctx.objectStoreReady.trino ?? []),
      ctx.prometheus,
      ctx.keda,
      ...(ctx.ca ? [ctx.ca.configMaps[TRINO_NAMESPACE]] : []),
      ...(ctx.metastore ? [ctx.metastore] : []),
    ],
  });
  return { airflow, trino };
}
