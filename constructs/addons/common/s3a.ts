import type { EnvVar } from "../../kubernetes/pod-spec";

/** How a Hadoop S3A client (Spark, the History Server, the Hive Metastore) reaches the object store. */
export interface S3aTarget {
  /** Endpoint URL (`https://s3.eu-west-1.amazonaws.com`, `https://minio.minio.svc:9000`). */
  readonly endpoint: string;
  /** Region the endpoint signs for (`us-east-1` for MinIO). */
  readonly region: string;
  /** Path-style requests (MinIO); virtual-host style on AWS. */
  readonly pathStyleAccess: boolean;
  /**
   * Where credentials come from: the AWS SDK's default chain (Pod Identity, IRSA's web identity,
   * the node role), or a Secret's access key pair given to the pod as `AWS_ACCESS_KEY_ID` and
   * `AWS_SECRET_ACCESS_KEY` (MinIO).
   */
  readonly credentials:
    { readonly type: "aws-default-chain" } | { readonly type: "secret"; readonly secretName: string };
}

/** Keys of the object-store credentials Secret the data stack writes (MinIO). */
export const ACCESS_KEY_KEY = "accessKey";
export const SECRET_KEY_KEY = "secretKey";

/**
 * The Hadoop properties (`fs.s3a.*`) of an S3A client: endpoint, region, addressing style, TLS when
 * the endpoint is HTTPS, and the SDK v1 credentials provider. Prefix them with `spark.hadoop.` for
 * Spark; write them to `core-site`/`hive-site` for Hadoop tools.
 */
export function s3aProperties(target: S3aTarget): Record<string, string> {
  return {
    "fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
    "fs.s3a.endpoint": target.endpoint.replace(/\/+$/, ""),
    "fs.s3a.endpoint.region": target.region,
    "fs.s3a.path.style.access": String(target.pathStyleAccess),
    "fs.s3a.connection.ssl.enabled": String(target.endpoint.startsWith("https://")),
    "fs.s3a.aws.credentials.provider":
      target.credentials.type === "secret"
        ? "com.amazonaws.auth.EnvironmentVariableCredentialsProvider"
        : "com.amazonaws.auth.DefaultAWSCredentialsProviderChain",
  };
}

/** The same properties as Spark configuration (`spark.hadoop.fs.s3a.*`). */
export function sparkS3aConf(target: S3aTarget): Record<string, string> {
  return Object.fromEntries(Object.entries(s3aProperties(target)).map(([k, v]) => [`spark.hadoop.${k}`, v]));
}

/** The environment a pod needs for {@link s3aProperties}: the key pair from its Secret (MinIO), else nothing. */
export function s3aEnv(target: S3aTarget): EnvVar[] {
  if (target.credentials.type !== "secret") return [];
  const name = target.credentials.secretName;
  return [
    { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name, key: ACCESS_KEY_KEY } } },
    { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name, key: SECRET_KEY_KEY } } },
  ];
}
