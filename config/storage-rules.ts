import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { ConfigIssue } from "./errors";
import type { ParsedEnvironment } from "./schema";

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Where a CA file path given in config is read from: relative paths from the directory cdktf runs in (the repository root). */
export const resolveCaFile = (file: string): string => resolve(process.cwd(), file);

/**
 * The certificates of a PEM file, each parsed by Node's X.509 parser; throws with the reason when
 * the file is missing, unreadable, holds no certificate or a block that does not parse.
 */
export function readCaBundle(file: string): string {
  const path = resolveCaFile(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`no file at ${path}`);
  const text = readFileSync(path, "utf8");
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error(`${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  blocks.forEach((block, index) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch (error) {
      throw new Error(`certificate ${index + 1} of ${path} does not parse: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!certificate.ca)
      throw new Error(
        `certificate ${index + 1} of ${path} (${certificate.subject.replace(/\n/g, ", ")}) is not a CA certificate`,
      );
  });
  return `${blocks.join("\n")}\n`;
}

/** Namespaces `<env>-data` creates (stacks/data-layout.ts and the add-ons' charts). */
export const DATA_STACK_NAMESPACES: ReadonlyArray<string> = [
  "platform-db",
  "keda",
  "monitoring",
  "node-exporter",
  "airflow",
  "trino",
  "minio",
  "spark",
  "spark-operator",
  "hive-metastore",
  "topolvm-system",
];

/** Rules of the object store's CA, the metastore and TopoLVM. */
export function storageIssues(env: ParsedEnvironment): ConfigIssue[] {
  const data = env.data;
  const issues: ConfigIssue[] = [];
  const ca = data.objectStoreCa;
  if (ca && "file" in ca) {
    try {
      readCaBundle(ca.file);
    } catch (error) {
      issues.push({
        path: "data.objectStoreCa.file",
        message: `expected a PEM file of CA certificates: ${(error as Error).message}`,
        received: ca.file,
      });
    }
  }
  if (ca && data.objectStore === "minio" && !data.minio?.tlsSecretName) {
    issues.push({
      path: "data.objectStoreCa",
      message:
        "is only used when MinIO serves TLS: set data.minio.tlsSecretName (its kubernetes.io/tls Secret) too, or remove the CA",
      received: "a CA bundle",
    });
  }
  if (ca && "secret" in ca && DATA_STACK_NAMESPACES.includes(ca.secret.namespace)) {
    issues.push({
      path: "data.objectStoreCa.secret.namespace",
      message: `expected a namespace the data stack does not create (${DATA_STACK_NAMESPACES.join(", ")} are its own): Terraform reads the Secret at plan time, before the stack could create its namespace; keep the CA (certificate only: every key of the Secret is copied into the state) beside your issuer, e.g. in cert-manager`,
      received: ca.secret.namespace,
    });
  }
  if (data.minio?.certificateIssuer && !data.minio.tlsSecretName) {
    issues.push({
      path: "data.minio.certificateIssuer",
      message:
        "expected data.minio.tlsSecretName too: the name of the Secret the Certificate writes and MinIO serves",
    });
  }
  if (!ca && data.objectStore === "minio" && data.minio?.tlsSecretName) {
    issues.push({
      path: "data.objectStoreCa",
      message:
        "expected the CA of MinIO's certificate when data.minio.tlsSecretName is set: every client (and the Job that creates buckets and users) verifies the server against it",
    });
  }
  if (ca && data.objectStore === "s3") {
    issues.push({
      path: "data.objectStoreCa",
      message:
        "is only supported with MinIO: on S3 the same clients also call AWS STS and KMS, and AWS_CA_BUNDLE (botocore) replaces the public CAs instead of adding to them; AWS's endpoints chain to public CAs",
      received: "a CA bundle",
    });
  }
  if (data.metastore === "hive" && env.production && data.database === "in-cluster") {
    issues.push({
      path: "data.metastore",
      message:
        'expected data.database "rds" for a Hive Metastore in production: the catalog of every table would sit on the in-cluster PostgreSQL, one pod without backups',
      received: data.metastore,
    });
  }
  if (
    data.metastore === "hive" &&
    data.objectStore === "s3" &&
    data.s3Identity === "pod-identity" &&
    env.cluster.mode !== "outpost-local"
  ) {
    issues.push({
      path: "data.s3Identity",
      message:
        'expected "irsa" with data.metastore: "hive" on S3: the apache/hive 4.0.0 image carries AWS SDK 1.12.367, which predates EKS Pod Identity (1.12.746), so the metastore could not reach its warehouse',
      received: data.s3Identity,
    });
  }
  if (
    data.metastore === "hive" &&
    (data.trino.catalogType !== undefined || data.trino.metastoreUri !== undefined)
  ) {
    issues.push({
      path: "data.trino.catalogType",
      message:
        'is set by data.metastore: "hive" (Trino then uses the platform metastore); remove catalogType and metastoreUri',
      received: { catalogType: data.trino.catalogType, metastoreUri: data.trino.metastoreUri },
    });
  }
  if (data.storage === "topolvm" && env.cluster.mode !== "kubeconfig") {
    issues.push({
      path: "data.storage",
      message:
        'expected "default" on EKS: TopoLVM is for brought clusters whose nodes have an LVM volume group (EKS volumes come from the EBS CSI driver)',
      received: data.storage,
    });
  }
  if (data.storage === "topolvm" && !data.topolvm) {
    issues.push({
      path: "data.topolvm",
      message: 'expected the device classes (volume groups) when data.storage is "topolvm"',
    });
  }
  if (data.topolvm && data.storage !== "topolvm") {
    issues.push({
      path: "data.topolvm",
      message: 'is only used when data.storage is "topolvm"; remove it',
      received: "a topolvm block",
    });
  }
  if (data.topolvm && data.storageClassName) {
    issues.push({
      path: "data.storageClassName",
      message: 'is chosen by data.storage: "topolvm" (the default device class\'s StorageClass); remove it',
      received: data.storageClassName,
    });
  }
  const classes = data.topolvm?.deviceClasses ?? [];
  const defaults = classes.filter((c) => c.default).length;
  if (classes.length > 0 && defaults !== 1) {
    issues.push({
      path: "data.topolvm.deviceClasses",
      message: "expected exactly one device class with default: true",
      received: defaults,
    });
  }
  const seen = new Set<string>();
  classes.forEach((c, i) => {
    if (seen.has(c.name))
      issues.push({
        path: `data.topolvm.deviceClasses[${i}].name`,
        message: "expected a name no other device class uses",
        received: c.name,
      });
    seen.add(c.name);
    if (
      !/^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/.test(c.volumeGroup) ||
      c.volumeGroup === "." ||
      c.volumeGroup === ".."
    ) {
      issues.push({
        path: `data.topolvm.deviceClasses[${i}].volumeGroup`,
        message: "expected an LVM volume group name (letters, digits and + _ . -, not starting with -)",
        received: c.volumeGroup,
      });
    }
  });
  return issues;
}
