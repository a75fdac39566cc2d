import { trinoSettingsProblems } from "../constructs/addons/trino/settings";
import type { ConfigIssue } from "./errors";
import type { ParsedEnvironment } from "./schema";

/** Fewest servers of a distributed MinIO (erasure coding needs at least 4 drives). */
export const MIN_DISTRIBUTED_MINIO_REPLICAS = 4;

/** Rules of the `data` block that depend on other fields (cluster mode, size profile). */
export function dataIssues(env: ParsedEnvironment): ConfigIssue[] {
  const data = env.data;
  const issues: ConfigIssue[] = [];
  const brought = env.cluster.mode === "kubeconfig";
  if (data.objectStore === "s3" && brought) {
    issues.push({
      path: "data.objectStore",
      message:
        'expected "minio" when cluster.mode is "kubeconfig": S3 access from a brought cluster needs AWS credentials in the cluster, which this project does not provision (EKS Pod Identity, IRSA and node roles exist only on EKS); use MinIO, or an S3-compatible store with its endpoint in data.s3Endpoint on an EKS cluster',
      received: data.objectStore,
    });
  }
  if (data.minio && data.objectStore !== "minio") {
    issues.push({
      path: "data.minio",
      message: 'is only used when data.objectStore is "minio"; remove it',
      received: "a minio block",
    });
  }
  if (data.s3Endpoint && data.objectStore !== "s3") {
    issues.push({
      path: "data.s3Endpoint",
      message: 'is only used when data.objectStore is "s3" (MinIO\'s endpoint is its in-cluster Service)',
      received: data.s3Endpoint,
    });
  }
  if (data.objectStore === "minio" && data.sizeProfile === "standard") {
    const replicas = data.minio?.replicas ?? MIN_DISTRIBUTED_MINIO_REPLICAS;
    if (replicas < MIN_DISTRIBUTED_MINIO_REPLICAS) {
      issues.push({
        path: "data.minio.replicas",
        message: `expected at least ${MIN_DISTRIBUTED_MINIO_REPLICAS} with the standard profile: MinIO runs distributed there, and erasure coding needs ${MIN_DISTRIBUTED_MINIO_REPLICAS} drives or more (the small profile runs one standalone server)`,
        received: replicas,
      });
    }
  }
  if (data.s3Identity === "irsa" && env.cluster.mode === "outpost-local") {
    issues.push({
      path: "data.s3Identity",
      message:
        "has no effect on an EKS local cluster, which has neither IRSA nor Pod Identity: pods reach S3 with the node role; leave it out",
      received: data.s3Identity,
    });
  }
  if (env.production && data.database === "in-cluster") {
    issues.push({
      path: "data.database",
      message:
        'expected "rds" in a production environment: the in-cluster PostgreSQL is one pod on one volume, without backups, standby or point-in-time recovery',
      received: data.database,
    });
  }
  // Trino's rules live with its add-on (the construct checks them too); here they name the config field.
  for (const problem of trinoSettingsProblems(data.trino, "trino")) {
    const at = problem.indexOf(": ");
    issues.push({ path: `data.trino.${problem.slice(0, at)}`, message: problem.slice(at + 2) });
  }
  const trinoClient = data.oidc?.trino;
  if (trinoClient && trinoClient.clientSecret.namespace !== "trino") {
    issues.push({
      path: "data.oidc.trino.clientSecret.namespace",
      message:
        'expected "trino": the coordinator reads the client secret from a Secret of its own namespace (a pod cannot reference another namespace\'s Secret)',
      received: trinoClient.clientSecret.namespace,
    });
  }
  const airflowClient = data.oidc?.airflow;
  if (airflowClient && airflowClient.clientSecret.namespace !== "airflow") {
    issues.push({
      path: "data.oidc.airflow.clientSecret.namespace",
      message:
        'expected "airflow": the api-server reads the client secret from a Secret of its own namespace (a pod cannot reference another namespace\'s Secret)',
      received: airflowClient.clientSecret.namespace,
    });
  }
  return issues;
}
