import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import type { Placement } from "../constructs/addons/common/placement";
import type { SizeProfile } from "../constructs/addons/common/size-profile";
import {
  SPARK_JOBS_NAMESPACE,
  SPARK_OPERATOR_NAMESPACE,
  SPARK_SERVICE_ACCOUNT,
} from "../constructs/addons/spark-operator/chart";
import { SparkOperator } from "../constructs/addons/spark-operator/spark-operator";
import type { S3ObjectStore } from "../constructs/object-store/s3-object-store";

/** What Spark stands on in `<env>-data`. */
export interface DataSparkContext {
  readonly env: EnvironmentConfig;
  readonly helm: HelmProvider;
  readonly profile: SizeProfile;
  /** Nodes of the operator's controller and webhook (the system nodes on EKS). */
  readonly placement: Placement;
  readonly s3?: S3ObjectStore;
  /** The jobs' object-store ConfigMap and credentials, and their grants. */
  readonly objectStoreReady: ReadonlyArray<ITerraformDependable>;
  /** kube-prometheus-stack (the PodMonitor CRD). */
  readonly prometheus: ITerraformDependable;
  /** The namespace resource of a name. */
  readonly namespace: (name: string) => ITerraformDependable;
}

/** The namespaces Spark needs: the operator's and the jobs'. */
export const SPARK_NAMESPACES = [SPARK_OPERATOR_NAMESPACE, SPARK_JOBS_NAMESPACE] as const;

/**
 * The spark-operator, after both namespaces, the jobs' object-store access and Prometheus; with IRSA
 * the jobs' service account carries its role (Pod Identity binds it by name, the rack nodes' role
 * serves on a local cluster).
 */
export function addSpark(scope: Construct, ctx: DataSparkContext): SparkOperator {
  const irsa = ctx.s3 && ctx.env.data.s3Identity === "irsa" && ctx.env.cluster.mode !== "outpost-local";
  return new SparkOperator(scope, "SparkOperator", {
    provider: ctx.helm,
    namespace: SPARK_OPERATOR_NAMESPACE,
    jobNamespace: SPARK_JOBS_NAMESPACE,
    serviceAccountName: SPARK_SERVICE_ACCOUNT,
    serviceAccountAnnotations: irsa ? { "eks.amazonaws.com/role-arn": ctx.s3!.roleArns.spark } : undefined,
    profile: ctx.profile,
    placement: ctx.placement,
    podMonitor: true,
    dependsOn: [
      ...SPARK_NAMESPACES.map((name) => ctx.namespace(name)),
      ...ctx.objectStoreReady,
      ctx.prometheus,
    ],
  });
}
