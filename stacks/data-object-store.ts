import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import type { Minio } from "../constructs/addons/minio/minio";
import type { S3ObjectStore } from "../constructs/object-store/s3-object-store";
import { objectStoreApplications, objectStoreObjectNames } from "./data-layout";

/** What {@link addObjectStoreAccess} needs. */
export interface ObjectStoreAccessContext {
  readonly env: EnvironmentConfig;
  readonly kubernetes: KubernetesProvider;
  readonly s3?: S3ObjectStore;
  readonly minio?: Minio;
  /** Endpoint, region and path style of the object store. */
  readonly settings: Readonly<Record<string, string>>;
  /** The namespace resource of a name. */
  readonly namespace: (name: string) => ITerraformDependable;
}

/**
 * Each object-store application's `object-store` ConfigMap (endpoint, region, path style, bucket
 * names, its role ARN on S3) and, on MinIO, its `object-store-credentials` Secret in its namespace;
 * returns, per application, what its pods must wait for: Pod Identity gives credentials only to pods
 * created after their association, so the grants (associations, IRSA roles, the rack nodes' policy)
 * come first, and on MinIO its users exist only once MinIO is provisioned.
 */
export function addObjectStoreAccess(
  scope: Construct,
  ctx: ObjectStoreAccessContext,
): Record<string, ITerraformDependable[]> {
  const apps = objectStoreApplications(ctx.env);
  const ready: Record<string, ITerraformDependable[]> = Object.fromEntries(
    apps.map((app) => [app.name, [...(ctx.s3?.grants ?? [])]]),
  );
  for (const app of apps) {
    const names = objectStoreObjectNames(app, apps);
    const buckets = Object.fromEntries(
      Object.keys(app.buckets).map((logical) => [
        `bucket.${logical}`,
        ctx.s3 ? ctx.s3.buckets.bucketName(logical) : logical,
      ]),
    );
    const settings = new ConfigMapV1(scope, `ObjectStoreSettings-${app.name}`, {
      provider: ctx.kubernetes,
      metadata: { name: names.settings, namespace: app.namespace },
      data: {
        ...ctx.settings,
        ...buckets,
        ...(ctx.s3?.roleArns[app.name] ? { roleArn: ctx.s3.roleArns[app.name] } : {}),
      },
      dependsOn: [ctx.namespace(app.namespace)],
    });
    ready[app.name].push(settings);
    if (ctx.minio) {
      const credentials = ctx.minio.credentials(app.name);
      const secret = new SecretV1(scope, `ObjectStoreCredentials-${app.name}`, {
        provider: ctx.kubernetes,
        metadata: { name: names.credentials, namespace: app.namespace },
        type: "Opaque",
        data: { accessKey: credentials.accessKey, secretKey: credentials.secretKey },
        dependsOn: [ctx.namespace(app.namespace)],
      });
      ready[app.name].push(secret, ctx.minio.ready);
    }
  }
  return ready;
}
