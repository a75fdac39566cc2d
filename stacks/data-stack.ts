import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import type { Construct } from "constructs";
import { isOutpostMode } from "../config/cluster-schema";
import { DEFAULT_SMALL_DIVISOR, type SizeProfile } from "../constructs/addons/common/size-profile";
import { ANYWHERE } from "../constructs/addons/common/placement";
import { Keda } from "../constructs/addons/keda/keda";
import { KEDA_NAMESPACE } from "../constructs/addons/keda/chart";
import { KubePrometheusStack } from "../constructs/addons/kube-prometheus-stack/kube-prometheus-stack";
import {
  MONITORING_NAMESPACE,
  NODE_EXPORTER_NAMESPACE,
} from "../constructs/addons/kube-prometheus-stack/chart";
import { MetricsServer } from "../constructs/addons/metrics-server/metrics-server";
import { METRICS_SERVER_NAMESPACE } from "../constructs/addons/metrics-server/chart";
import { Minio } from "../constructs/addons/minio/minio";
import { MINIO_NAMESPACE, MINIO_REGION } from "../constructs/addons/minio/chart";
import { PlatformDatabases } from "../constructs/database/platform-databases";
import type { PlatformNamespace } from "../constructs/kubernetes/platform-namespace";
import { S3ObjectStore } from "../constructs/object-store/s3-object-store";
import { bootstrapAccess } from "./data-access";
import { addApplications, type DataApplications } from "./data-applications";
import { dataPlacements } from "./data-placement";
import { clusterProvidersOf } from "./cluster-access";
import { addMinioCertificate, addPlatformCa } from "./data-ca";
import { addObjectStoreAccess } from "./data-object-store";
import { addMetastore } from "./data-metastore";
import { addSpark } from "./data-spark";
import { addStorage } from "./data-storage";
import { addGitOps, gitOpsCatalogue } from "./data-gitops";
import { addNamespaces } from "./data-namespaces";
import type { AppOfApps } from "../constructs/addons/argo-cd/app-of-apps";
import { ARGOCD_NAMESPACE } from "../constructs/gitops/application";
import { SPARK_JOBS_NAMESPACE } from "../constructs/addons/spark-operator/chart";
import {
  AIRFLOW_NAMESPACE,
  CA_CONSUMER_NAMESPACES,
  dataBuckets,
  METASTORE_NAMESPACE,
  objectStoreApplications,
  PLATFORM_DB_NAMESPACE,
  platformDatabases,
  TRINO_NAMESPACE,
} from "./data-layout";
import type { EksStack } from "./eks-stack";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";
import type { KarpenterStack } from "./karpenter-stack";

/** What `<env>-data` receives. */
export interface DataStackProps extends EnvironmentStackProps {
  /** The environment's EKS stack; none on a brought cluster (`kubeconfig`). */
  readonly eks?: EksStack;
  /** The environment's Karpenter stack, deployed before this one where it exists. */
  readonly karpenter?: KarpenterStack;
}

/**
 * `<env>-data`: what the data applications stand on. Namespaces with Pod Security labels; the
 * object store (S3 buckets with per-application roles, or MinIO with per-application users); the
 * platform's databases on RDS or an in-cluster PostgreSQL, created by a bootstrap Job; the
 * applications' connection Secrets and object-store settings; KEDA, kube-prometheus-stack and
 * metrics-server. On an EKS cluster it is deployed after the eks (and karpenter) stack.
 */
export class DataStack extends EnvironmentStack {
  public readonly namespaces: Readonly<Record<string, PlatformNamespace>>;
  public readonly databases: PlatformDatabases;
  public readonly s3?: S3ObjectStore;
  public readonly minio?: Minio;
  public readonly applications: DataApplications;
  /** How applications reach the object store: endpoint, region, path style (the `object-store` ConfigMaps' settings). */
  public readonly objectStoreSettings: Readonly<Record<string, string>>;
  /** Thrift URI of the platform's Hive Metastore, where it runs one. */
  public readonly metastoreUri?: string;
  /** The app-of-apps, where Argo CD delivers the application charts (`delivery.kubernetes: argocd`). */
  public readonly appOfApps?: AppOfApps;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, "data", props);
    const env = this.env;
    const data = env.data;
    const cluster = env.cluster;
    const eks = props.eks;
    if ((cluster.mode === "kubeconfig") !== (eks === undefined)) {
      throw new Error(
        `environment "${env.name}": the data stack needs the eks stack exactly when the cluster is EKS`,
      );
    }
    if (props.karpenter) this.addDependency(props.karpenter);
    else if (eks) this.addDependency(eks);
    const local = cluster.mode === "outpost-local";
    const providers = clusterProvidersOf(this, env, eks);
    const helm = providers.helm!;
    const kubernetes = providers.kubernetes;
    new RandomProvider(this, "random");

    const profile: SizeProfile =
      data.sizeProfile === "small"
        ? { name: "small", divisor: data.smallProfileDivisor ?? DEFAULT_SMALL_DIVISOR }
        : { name: "standard" };
    // System add-ons go where the EKS stack keeps them: the tainted system nodes, or the rack workers.
    const placements = dataPlacements(env, props.karpenter !== undefined);
    const systemPlacement = placements.system;
    const { names, namespaces } = addNamespaces(this, env, kubernetes);
    this.namespaces = namespaces;
    const ns = (name: string) => this.namespaces[name].namespace;
    // With Argo CD, every component becomes an Application of this catalogue (Terraform keeps Secrets, TopoLVM).
    const gitOps = gitOpsCatalogue(this, env);

    // Volumes: TopoLVM's node-local class on a brought cluster that asks for it, else the cluster's.
    const storage = addStorage(this, { env, helm, profile, placement: systemPlacement, namespace: ns });
    const storageClassName =
      storage?.storageClassName ??
      data.storageClassName ??
      (cluster.mode === "kubeconfig" ? undefined : isOutpostMode(cluster.mode) ? "gp2-encrypted" : "gp3");

    // The object store's CA, where its consumers run.
    const ca = addPlatformCa(this, {
      env,
      kubernetes,
      namespaces: names.filter((name) => CA_CONSUMER_NAMESPACES.has(name)),
      namespace: ns,
    });

    // Object store, and how each application reaches it (endpoint, region, path style, buckets).
    const objectStoreSettings: Record<string, string> = {};
    this.objectStoreSettings = objectStoreSettings;
    if (data.objectStore === "s3") {
      this.s3 = new S3ObjectStore(this, "ObjectStore", {
        prefix: env.resourcePrefix,
        accountId: env.accountId,
        region: env.region,
        clusterName: env.clusterName,
        buckets: dataBuckets(env),
        applications: objectStoreApplications(env),
        identity: local
          ? { type: "node-role", nodeRoleName: eks!.outpostNodes!.role.role.role.name }
          : data.s3Identity === "irsa"
            ? {
                type: "irsa",
                oidcProviderArn: eks!.cluster.oidcProvider!.arn,
                issuerUrl: eks!.cluster.cluster.identity.get(0).oidc.get(0).issuer,
              }
            : { type: "pod-identity" },
        preventDestroy: env.production,
      });
      Object.assign(objectStoreSettings, {
        endpoint: data.s3Endpoint ?? `https://s3.${env.region}.amazonaws.com`,
        region: env.region,
        pathStyleAccess: "false",
      });
    } else {
      const tls = data.minio?.tlsSecretName ? { certSecretName: data.minio.tlsSecretName } : undefined;
      const certificate = addMinioCertificate(this, {
        env,
        kubernetes,
        namespace: ns(MINIO_NAMESPACE),
        namespaceName: MINIO_NAMESPACE,
      });
      this.minio = new Minio(this, "ObjectStore", {
        helmProvider: helm,
        gitOps,
        kubernetesProvider: kubernetes,
        namespace: MINIO_NAMESPACE,
        profile,
        placement: local ? systemPlacement : ANYWHERE,
        storageClassName,
        buckets: Object.entries(dataBuckets(env)).map(([name, spec]) => ({
          name,
          versioning: spec.versioned,
        })),
        applications: objectStoreApplications(env).map((app) => ({
          name: app.name,
          buckets: Object.keys(app.buckets),
          readOnlyBuckets: Object.entries(app.buckets)
            .filter(([, access]) => access === "read")
            .map(([bucket]) => bucket),
        })),
        replicas: data.minio?.replicas,
        volumeSize: data.minio?.volumeSize,
        tls,
        caBundle: ca?.ref,
        dependsOn: [ns(MINIO_NAMESPACE), ...(storage?.ready ?? []), ...(certificate ? [certificate] : [])],
        provisioningDependsOn: ca ? [ca.configMaps[MINIO_NAMESPACE]] : undefined,
      });
      Object.assign(objectStoreSettings, {
        endpoint: this.minio.endpoint,
        region: MINIO_REGION,
        pathStyleAccess: "true",
      });
    }
    const objectStoreReady = addObjectStoreAccess(this, {
      env,
      kubernetes,
      s3: this.s3,
      minio: this.minio,
      settings: objectStoreSettings,
      namespace: ns,
    });

    // The platform's databases and their bootstrap.
    const access = eks?.database
      ? bootstrapAccess(this, { env, eks, kubernetes, namespace: ns(PLATFORM_DB_NAMESPACE) })
      : undefined;
    this.databases = new PlatformDatabases(this, "Databases", {
      provider: kubernetes,
      gitOps,
      namespace: PLATFORM_DB_NAMESPACE,
      server:
        data.database === "rds" && eks?.database
          ? {
              type: "rds",
              host: eks.database.instance.address,
              port: eks.database.instance.port,
              masterSecretArn: eks.database.masterSecretArn,
              region: env.region,
              serviceAccountName: access?.serviceAccountName,
            }
          : { type: "in-cluster", storageClassName },
      databases: platformDatabases(env),
      icebergCatalogDatabase: "iceberg",
      profile,
      placement: systemPlacement,
      dependsOn: [
        ns(PLATFORM_DB_NAMESPACE),
        ...(storage?.ready ?? []),
        ns(AIRFLOW_NAMESPACE),
        ns(TRINO_NAMESPACE),
        ...(data.metastore === "hive" ? [ns(METASTORE_NAMESPACE)] : []),
        ...(access?.grants ?? []),
      ],
    });

    // Autoscaling and monitoring.
    const prometheus = new KubePrometheusStack(this, "Prometheus", {
      provider: helm,
      gitOps,
      namespace: MONITORING_NAMESPACE,
      nodeExporterNamespace: NODE_EXPORTER_NAMESPACE,
      profile,
      placement: systemPlacement,
      grafana: data.monitoring.grafana,
      retention: data.monitoring.retention,
      managedControlPlane: eks !== undefined,
      storageClassName,
      dependsOn: [ns(MONITORING_NAMESPACE), ns(NODE_EXPORTER_NAMESPACE)],
    });
    const keda = new Keda(this, "Keda", {
      provider: helm,
      gitOps,
      namespace: KEDA_NAMESPACE,
      profile,
      placement: systemPlacement,
      serviceMonitor: true,
      // Its ServiceMonitors need the Prometheus operator's CRDs.
      dependsOn: [ns(KEDA_NAMESPACE), prometheus.release],
    });
    new MetricsServer(this, "MetricsServer", {
      provider: helm,
      gitOps,
      namespace: METRICS_SERVER_NAMESPACE,
      profile,
      placement: systemPlacement,
    });

    // Applications.
    if (data.spark) {
      addSpark(this, {
        env,
        helm,
        gitOps,
        kubernetes,
        profile,
        placement: systemPlacement,
        s3: this.s3,
        objectStoreSettings,
        objectStoreReady,
        ca: ca ? { ref: ca.ref, configMap: ca.configMaps[SPARK_JOBS_NAMESPACE] } : undefined,
        prometheus: prometheus.release,
        namespace: ns,
      });
    }
    const metastore = addMetastore(this, {
      env,
      gitOps,
      kubernetes,
      profile,
      placement: systemPlacement,
      s3: this.s3,
      objectStoreSettings,
      objectStoreReady,
      databases: this.databases,
      ca,
      namespace: ns,
    });
    this.metastoreUri = metastore?.uri;
    this.applications = addApplications(this, {
      env,
      helm,
      gitOps,
      kubernetes,
      profile,
      placements,
      karpenter: props.karpenter !== undefined,
      s3: this.s3,
      minio: this.minio,
      objectStoreSettings,
      objectStoreReady,
      databases: this.databases,
      prometheus: prometheus.release,
      keda: keda.release,
      namespace: ns,
      ca,
      metastoreUri: metastore?.uri,
      metastore: metastore?.ready,
    });
    if (gitOps) {
      this.appOfApps = addGitOps(this, {
        helm,
        kubernetes,
        catalogue: gitOps,
        profile,
        placement: systemPlacement,
        argoCdNamespace: ns(ARGOCD_NAMESPACE),
      });
    }
  }
}
