import { AWS_CLI_IMAGE } from "../postgres-bootstrap/bootstrap-job";
import type { Container, Volume } from "../../kubernetes/pod-spec";

/** A jar of Maven Central, pinned by version and SHA-256 (computed here from the published file). */
export interface PinnedJar {
  /** Maven group id. */
  readonly group: string;
  /** Maven artifact id. */
  readonly artifact: string;
  /** Exact version. */
  readonly version: string;
  /** SHA-256 of the jar, hex. */
  readonly sha256: string;
}

/** Where jars are downloaded from unless a mirror is configured. */
export const MAVEN_CENTRAL = "https://repo1.maven.org/maven2";

/** The file name of a jar (`artifact-version.jar`). */
export const jarFileName = (jar: PinnedJar): string => `${jar.artifact}-${jar.version}.jar`;

/** The path of a jar under a Maven repository root. */
export const jarPath = (jar: PinnedJar): string =>
  `${jar.group.replace(/\./g, "/")}/${jar.artifact}/${jar.version}/${jarFileName(jar)}`;

const AWS_SDK_V1 = "1.12.797";
const sdk = (artifact: string, sha256: string): PinnedJar => ({
  group: "com.amazonaws",
  artifact,
  version: AWS_SDK_V1,
  sha256,
});

/**
 * Hadoop's S3A connector for the Hadoop 3.3.4 client of Spark 3.5 (`hadoop-aws` must match
 * `hadoop-client-api` exactly), with the AWS SDK v1 modules it calls instead of the 281 MB
 * `aws-java-sdk-bundle`: about 6.5 MB in all. SDK 1.12.797 rather than the 1.12.262 Hadoop was built
 * with, because EKS Pod Identity credentials need 1.12.746 or later.
 */
export const S3A_JARS: ReadonlyArray<PinnedJar> = [
  {
    group: "org.apache.hadoop",
    artifact: "hadoop-aws",
    version: "3.3.4",
    sha256: "53f9ae03c681a30a50aa17524bd9790ab596b28481858e54efd989a826ed3a4a",
  },
  sdk("aws-java-sdk-core", "75c70d4a7a5b6f3ee3f1fc86b1c7f91106acba4769744791fa4159c4c35bfebc"),
  sdk("aws-java-sdk-s3", "322f60899f4f0ea16e94d2d2a8c2f059cc2e0204e11f1f26654e08cf2df590e7"),
  sdk("aws-java-sdk-kms", "b74486c30294cd34062aa9acef627320df6ef5d61c2bd090b01e4de1f675f04a"),
  sdk("aws-java-sdk-sts", "b933a68c629a30ac02a6dd08263adbc3fc2cf9f416f0eae2ae465af4d0b28bc3"),
  sdk("aws-java-sdk-dynamodb", "e1659b0d9bf7888d0d2c720c59f3cde70eb238c4d05227bbf78c727e00d6caaf"),
  sdk("jmespath-java", "4c4a5f0dcf19f4f6d3a966d19ad73638e325d35db26183e5ca4c27eeb97e5d0f"),
];

/** The PostgreSQL JDBC driver (the Hive Metastore's). */
export const POSTGRES_JDBC_JAR: PinnedJar = {
  group: "org.postgresql",
  artifact: "postgresql",
  version: "42.7.8",
  sha256: "2a32a9dcbc42d67a50ad3a0de5efd102c8d2be46720045f2cbd6689f160ab7c7",
};

/** What {@link jarFetchContainer} needs. */
export interface JarFetchProps {
  /** Jars to download. */
  readonly jars: ReadonlyArray<PinnedJar>;
  /** Name of the emptyDir volume the jars land in. */
  readonly volumeName: string;
  /**
   * A Maven repository mirror (Artifactory, Nexus) serving the same paths.
   * @default {@link MAVEN_CENTRAL}
   */
  readonly mirror?: string;
  /**
   * Container name.
   * @default "fetch-jars"
   */
  readonly name?: string;
}

/** Where the fetch container writes the jars. */
const FETCH_DIR = "/jars";

/**
 * The shell script of {@link jarFetchContainer}: each jar downloaded with retries and checked against
 * its pinned SHA-256; any mismatch or failure fails the init container, so the pod never starts
 * with a jar nobody reviewed.
 */
export function jarFetchScript(jars: ReadonlyArray<PinnedJar>, mirror: string = MAVEN_CENTRAL): string {
  const base = mirror.replace(/\/+$/, "");
  const lines = jars.map(
    (jar) =>
      `curl -fsSL --retry 5 --retry-connrefused -o ${FETCH_DIR}/${jarFileName(jar)} ${base}/${jarPath(jar)} && ` +
      `echo "${jar.sha256}  ${FETCH_DIR}/${jarFileName(jar)}" | sha256sum -c -`,
  );
  return ["set -eu", ...lines].join("\n");
}

/**
 * An init container that downloads pinned jars into an emptyDir, so stock images (apache/spark,
 * apache/hive) get S3A or a JDBC driver without a custom build. It runs the pinned AWS CLI image
 * (Amazon Linux: curl and sha256sum) as a non-root user with nothing else mounted.
 */
export function jarFetchContainer(props: JarFetchProps): Container {
  return {
    name: props.name ?? "fetch-jars",
    image: AWS_CLI_IMAGE,
    command: ["/bin/sh", "-c"],
    args: [jarFetchScript(props.jars, props.mirror)],
    volumeMounts: [{ name: props.volumeName, mountPath: FETCH_DIR }],
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 65534,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    },
  };
}

/** The emptyDir the fetched jars live in. */
export const jarVolume = (name: string): Volume => ({ name, emptyDir: { sizeLimit: "256Mi" } });
