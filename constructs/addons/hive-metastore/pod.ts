import { JDBC_SECRET_KEYS } from "../../database/platform-databases";
import type { Container, EnvVar, Probe, Volume, VolumeMount } from "../../kubernetes/pod-spec";
import { javaTruststore, type CaBundleRef } from "../common/java-truststore";
import { jarFetchContainer, jarFileName, jarVolume, POSTGRES_JDBC_JAR } from "../common/pinned-jars";
import { placementValues, type Placement } from "../common/placement";
import { s3aEnv, type S3aTarget } from "../common/s3a";
import { jvmServerResources } from "../common/jvm-resources";
import { mebibytes, sized, type SizeProfile } from "../common/size-profile";
import {
  HADOOP_OPTIONAL_TOOLS,
  HIVE_METASTORE_IMAGE,
  HIVE_SITE_PATH,
  HIVE_UID,
  METASTORE_PORT,
} from "./image";
import { DB_PASSWORD_ENV, DB_URL_ENV, DB_USER_ENV } from "./site";

/** What {@link metastorePodSpec} needs. */
export interface MetastorePodProps {
  /** Service account of the pod. */
  readonly serviceAccountName: string;
  /** The ConfigMap holding `hive-site.xml` under {@link SITE_KEY}. */
  readonly siteConfigMapName: string;
  /** The database Secret, `jdbc` format. */
  readonly databaseSecretName: string;
  /** How the metastore reaches the object store. */
  readonly s3a: S3aTarget;
  /** CA bundle of the object store; none: the JDK's CAs. */
  readonly caBundle?: CaBundleRef;
  /** Maven mirror of the JDBC driver; none: Maven Central. */
  readonly jarMirror?: string;
  /** Size profile of the platform. */
  readonly profile: SizeProfile;
  /** Where the pod runs. */
  readonly placement: Placement;
}

/** Name of the container (and of the Deployment and Service). */
export const METASTORE_NAME = "hive-metastore";
/** Key of `hive-site.xml` in the ConfigMap. */
export const SITE_KEY = "hive-site.xml";
const JARS_VOLUME = "jdbc-driver";
/** Where the init container puts the JDBC driver. */
export const JARS_DIR = "/opt/metastore-jars";
const SITE_VOLUME = "hive-site";
/** Below this the JVM does not start the metastore and its connection pools: the small profile's floor. */
const MEMORY_LIMIT_FLOOR = "1Gi";
/** Share of the memory limit given to the heap; the rest is metaspace, threads and buffers. */
export const HEAP_SHARE = 0.75;

/**
 * The truststore flags for the image's Java 8 (`IMAGE_JAVA_MAJOR`): the truststore is a copy of its
 * JKS `cacerts`, which Java 8 reads with the `JKS` type only. The shared flags name PKCS12, right for
 * the Java 17+ images, whose PKCS12 type reads JKS files too.
 */
export function java8TruststoreOptions(javaOptions: string): string[] {
  return [
    ...javaOptions
      .split(/\s+/)
      .filter((option) => option !== "" && !option.startsWith("-Djavax.net.ssl.trustStoreType=")),
    "-Djavax.net.ssl.trustStoreType=JKS",
  ];
}

/**
 * The metastore's pod spec, in the API's shape: the JDBC-driver init container (and the truststore
 * one with a CA), the entrypoint's environment (`SERVICE_NAME`, `DB_DRIVER`, classpath, optional
 * tools, `SERVICE_OPTS`), the database connection from the Secret, TCP probes on the Thrift port, and
 * a non-root, no-privilege security context.
 */
export function metastorePodSpec(props: MetastorePodProps): Record<string, unknown> {
  const truststore = props.caBundle ? javaTruststore(props.caBundle, HIVE_METASTORE_IMAGE) : undefined;
  const resources = sized(
    props.profile,
    { requests: { cpu: "250m", memory: "1Gi" }, limits: { cpu: "1", memory: "2Gi" } },
    MEMORY_LIMIT_FLOOR,
  );
  const heapMiB = Math.floor(mebibytes(resources.limits!.memory!) * HEAP_SHARE);
  // The entrypoint writes `-Xmx1G $SERVICE_OPTS` into HADOOP_CLIENT_OPTS: this later -Xmx wins.
  const jvmOptions = [
    `-Xmx${heapMiB}m`,
    ...(truststore ? java8TruststoreOptions(truststore.javaOptions) : []),
  ];
  const fromSecret = (name: string, key: string): EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: props.databaseSecretName, key } },
  });
  const env: EnvVar[] = [
    { name: "SERVICE_NAME", value: "metastore" },
    { name: "DB_DRIVER", value: "postgres" },
    { name: "METASTORE_PORT", value: String(METASTORE_PORT) },
    { name: "HADOOP_CLASSPATH", value: `${JARS_DIR}/${jarFileName(POSTGRES_JDBC_JAR)}` },
    { name: "HADOOP_OPTIONAL_TOOLS", value: HADOOP_OPTIONAL_TOOLS },
    { name: "SERVICE_OPTS", value: jvmOptions.join(" ") },
    fromSecret(DB_URL_ENV, JDBC_SECRET_KEYS.url),
    fromSecret(DB_USER_ENV, JDBC_SECRET_KEYS.user),
    fromSecret(DB_PASSWORD_ENV, JDBC_SECRET_KEYS.password),
    ...s3aEnv(props.s3a),
  ];
  const probe = (initialDelaySeconds: number, periodSeconds: number, failureThreshold: number): Probe => ({
    tcpSocket: { port: METASTORE_PORT },
    initialDelaySeconds,
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold,
  });
  const volumeMounts: VolumeMount[] = [
    { name: JARS_VOLUME, mountPath: JARS_DIR, readOnly: true },
    { name: SITE_VOLUME, mountPath: HIVE_SITE_PATH, subPath: SITE_KEY, readOnly: true },
    ...(truststore?.volumeMounts ?? []),
  ];
  const metastore: Container = {
    name: METASTORE_NAME,
    image: HIVE_METASTORE_IMAGE,
    // Re-checked at every start: a tag moved upstream is noticed (checkov CKV_K8S_15).
    imagePullPolicy: "Always",
    env,
    ports: [{ name: "thrift", containerPort: METASTORE_PORT }],
    volumeMounts,
    resources: jvmServerResources(resources),
    readinessProbe: probe(20, 10, 3),
    // The first start creates the schema before the port opens: 180 s, then 6 failures 20 s apart.
    livenessProbe: probe(180, 20, 6),
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    },
  };
  const initContainers: Container[] = [
    jarFetchContainer({ jars: [POSTGRES_JDBC_JAR], volumeName: JARS_VOLUME, mirror: props.jarMirror }),
    ...(truststore ? [truststore.initContainer] : []),
  ];
  const volumes: Volume[] = [
    jarVolume(JARS_VOLUME),
    {
      name: SITE_VOLUME,
      configMap: { name: props.siteConfigMapName, items: [{ key: SITE_KEY, path: SITE_KEY }] },
    },
    ...(truststore?.volumes ?? []),
  ];
  return {
    serviceAccountName: props.serviceAccountName,
    automountServiceAccountToken: false,
    // No HIVE_METASTORE_PORT=tcp://… and the like from the namespace's Services in the environment.
    enableServiceLinks: false,
    ...placementValues(props.placement),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: String(HIVE_UID),
      runAsGroup: String(HIVE_UID),
      fsGroup: String(HIVE_UID),
      seccompProfile: { type: "RuntimeDefault" },
    },
    initContainers,
    containers: [metastore],
    volumes,
  };
}
