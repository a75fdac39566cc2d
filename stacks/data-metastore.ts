import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import type { ApplicationCatalogue } from "../constructs/gitops/application-catalogue";
import type { Placement } from "../constructs/addons/common/placement";
import type { SizeProfile } from "../constructs/addons/common/size-profile";
import { HiveMetastore } from "../constructs/addons/hive-metastore/hive-metastore";
import type { PlatformDatabases } from "../constructs/database/platform-databases";
import type { S3ObjectStore } from "../constructs/object-store/s3-object-store";
import type { PlatformCa } from "./data-ca";
import {
  METASTORE_DATABASE_SECRET,
  METASTORE_NAMESPACE,
  METASTORE_SERVICE_ACCOUNT,
  metastoreApplication,
  TRINO_NAMESPACE,
} from "./data-layout";
import { SPARK_JOBS_NAMESPACE } from "../constructs/addons/spark-operator/chart";
import { irsaAnnotations, s3aTargetOf } from "./data-spark";

/** What {@link addMetastore} needs. */
export interface DataMetastoreContext {
  readonly env: EnvironmentConfig;
  readonly kubernetes: KubernetesProvider;
  /** Argo CD catalogue the metastore goes to (`delivery.kubernetes: argocd`); none: Terraform applies it. */
  readonly gitOps?: ApplicationCatalogue;
  readonly profile: SizeProfile;
  readonly placement: Placement;
  readonly s3?: S3ObjectStore;
  readonly objectStoreSettings: Readonly<Record<string, string>>;
  readonly objectStoreReady: Readonly<Record<string, ReadonlyArray<ITerraformDependable>>>;
  readonly databases: PlatformDatabases;
  readonly ca?: PlatformCa;
  readonly namespace: (name: string) => ITerraformDependable;
}

/**
 * `data.metastore: "hive"`: the Hive Metastore on its own database of the platform PostgreSQL
 * (created by the bootstrap Job), cataloguing Trino's warehouse, after its namespace, its database
 * Secret, its object-store access and the CA. Trino's Iceberg catalog and Spark then use its URI.
 */
export function addMetastore(scope: Construct, ctx: DataMetastoreContext): HiveMetastore | undefined {
  if (ctx.env.data.metastore !== "hive") return undefined;
  const app = metastoreApplication(ctx.env);
  const irsa = irsaAnnotations(ctx.env, ctx.s3, app.name);
  return new HiveMetastore(scope, "HiveMetastore", {
    provider: ctx.kubernetes,
    gitOps: ctx.gitOps,
    namespace: METASTORE_NAMESPACE,
    serviceAccountName: METASTORE_SERVICE_ACCOUNT,
    databaseSecretName: METASTORE_DATABASE_SECRET,
    warehouseBucket: ctx.s3 ? ctx.s3.buckets.bucketName("trino-data") : "trino-data",
    s3a: s3aTargetOf(ctx.env, ctx.objectStoreSettings, app.name),
    caBundle: ctx.ca?.ref,
    irsaRoleArn: irsa?.["eks.amazonaws.com/role-arn"],
    jarMirror: ctx.env.data.spark?.jarMirror,
    // Its clients: Trino's Iceberg catalog and the Spark jobs.
    clientNamespaces: [TRINO_NAMESPACE, ...(ctx.env.data.spark ? [SPARK_JOBS_NAMESPACE] : [])],
    profile: ctx.profile,
    placement: ctx.placement,
    dependsOn: [
      ctx.namespace(METASTORE_NAMESPACE),
      ...ctx.databases.readyFor("metastore"),
      ...(ctx.objectStoreReady[app.name] ?? []),
      ...(ctx.ca ? [ctx.ca.configMaps[METASTORE_NAMESPACE]] : []),
    ],
  });
}
