import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { ApplicationCatalogue } from "../constructs/gitops/application-catalogue";
import type { EnvironmentConfig } from "../config/define";
import type { CaBundleRef } from "../constructs/addons/common/java-truststore";
import type { Placement } from "../constructs/addons/common/placement";
import type { S3aTarget } from "../constructs/addons/common/s3a";
import type { SizeProfile } from "../constructs/addons/common/size-profile";
import { SparkHistoryServer } from "../constructs/addons/spark-history-server/history-server";
import { SPARK_HISTORY_SERVICE_ACCOUNT } from "../constructs/addons/spark-history-server/image";
import {
  SPARK_JOBS_NAMESPACE,
  SPARK_OPERATOR_NAMESPACE,
  SPARK_SERVICE_ACCOUNT,
} from "../constructs/addons/spark-operator/chart";
import { SparkOperator } from "../constructs/addons/spark-operator/spark-operator";
import type { S3ObjectStore } from "../constructs/object-store/s3-object-store";
import { objectStoreApplications, objectStoreObjectNames, SPARK_HISTORY_APPLICATION } from "./data-layout";

/** What Spark stands on in `<env>-data`. */
export interface DataSparkContext {
  readonly env: EnvironmentConfig;
  readonly helm: HelmProvider;
  /** Argo CD catalogue the charts go to (`delivery.kubernetes: argocd`); none: Terraform releases. */
  readonly gitOps?: ApplicationCatalogue;
  readonly kubernetes: KubernetesProvider;
  readonly profile: SizeProfile;
  /** Nodes of the operator's controller and webhook (the system nodes on EKS). */
  readonly placement: Placement;
  readonly s3?: S3ObjectStore;
  /** The object store's endpoint, region and addressing (the `object-store` ConfigMap's settings). */
  readonly objectStoreSettings: Readonly<Record<string, string>>;
  /** Per application, its object-store ConfigMap and credentials and their grants. */
  readonly objectStoreReady: Readonly<Record<string, ReadonlyArray<ITerraformDependable>>>;
  /** The object store's CA in the `spark` namespace, when it has one. */
  readonly ca?: { readonly ref: CaBundleRef; readonly configMap: ITerraformDependable };
  /** kube-prometheus-stack (the PodMonitor CRD). */
  readonly prometheus: ITerraformDependable;
  /** The namespace resource of a name. */
  readonly namespace: (name: string) => ITerraformDependable;
}

/** What {@link addSpark} builds. */
export interface DataSpark {
  readonly operator: SparkOperator;
  readonly historyServer?: SparkHistoryServer;
}

/** The namespaces Spark needs: the operator's and the jobs'. */
export const SPARK_NAMESPACES = [SPARK_OPERATOR_NAMESPACE, SPARK_JOBS_NAMESPACE] as const;

/**
 * How an S3A client of an application reaches the object store: AWS's credential chain on S3 (Pod
 * Identity, IRSA or the rack nodes' role), the application's MinIO key pair from its Secret.
 */
export function s3aTargetOf(
  env: EnvironmentConfig,
  settings: Readonly<Record<string, string>>,
  appName: string,
): S3aTarget {
  const apps = objectStoreApplications(env);
  const app = apps.find((candidate) => candidate.name === appName);
  if (!app) throw new Error(`environment "${env.name}": no object-store application "${appName}"`);
  return {
    endpoint: settings.endpoint,
    region: settings.region,
    pathStyleAccess: settings.pathStyleAccess === "true",
    credentials:
      env.data.objectStore === "minio"
        ? { type: "secret", secretName: objectStoreObjectNames(app, apps).credentials }
        : { type: "aws-default-chain" },
  };
}

/** IRSA's role annotation of an application's service account, where IRSA is the identity. */
export function irsaAnnotations(
  env: EnvironmentConfig,
  s3: S3ObjectStore | undefined,
  appName: string,
): Record<string, string> | undefined {
  const irsa = s3 && env.data.s3Identity === "irsa" && env.cluster.mode !== "outpost-local";
  return irsa ? { "eks.amazonaws.com/role-arn": s3.roleArns[appName] } : undefined;
}

/** The bucket name of a logical bucket: S3's account-scoped name, MinIO's logical one. */
const bucketOf = (s3: S3ObjectStore | undefined, logical: string) =>
  s3 ? s3.buckets.bucketName(logical) : logical;

/**
 * The spark-operator, after both namespaces, the jobs' object-store access and Prometheus (with
 * IRSA the jobs' service account carries its role; Pod Identity binds it by name; the rack nodes'
 * role serves on a local cluster), and the History Server on the event-log bucket.
 */
export function addSpark(scope: Construct, ctx: DataSparkContext): DataSpark {
  const spark = ctx.env.data.spark!;
  const operator = new SparkOperator(scope, "SparkOperator", {
    provider: ctx.helm,
    gitOps: ctx.gitOps,
    namespace: SPARK_OPERATOR_NAMESPACE,
    jobNamespace: SPARK_JOBS_NAMESPACE,
    serviceAccountName: SPARK_SERVICE_ACCOUNT,
    serviceAccountAnnotations: irsaAnnotations(ctx.env, ctx.s3, "spark"),
    profile: ctx.profile,
    placement: ctx.placement,
    podMonitor: true,
    dependsOn: [
      ...SPARK_NAMESPACES.map((name) => ctx.namespace(name)),
      ...(ctx.objectStoreReady.spark ?? []),
      ctx.prometheus,
    ],
  });
  const historyServer = spark.historyServer
    ? new SparkHistoryServer(scope, "SparkHistoryServer", {
        provider: ctx.kubernetes,
        gitOps: ctx.gitOps,
        namespace: SPARK_JOBS_NAMESPACE,
        serviceAccountName: SPARK_HISTORY_SERVICE_ACCOUNT,
        serviceAccountAnnotations: irsaAnnotations(ctx.env, ctx.s3, SPARK_HISTORY_APPLICATION.name),
        eventLogBucket: bucketOf(ctx.s3, "spark-events"),
        s3a: s3aTargetOf(ctx.env, ctx.objectStoreSettings, SPARK_HISTORY_APPLICATION.name),
        caBundle: ctx.ca?.ref,
        jarMirror: spark.jarMirror,
        profile: ctx.profile,
        placement: ctx.placement,
        dependsOn: [
          ctx.namespace(SPARK_JOBS_NAMESPACE),
          ...(ctx.objectStoreReady[SPARK_HISTORY_APPLICATION.name] ?? []),
          ...(ctx.ca ? [ctx.ca.configMap] : []),
        ],
      })
    : undefined;
  return { operator, historyServer };
}
