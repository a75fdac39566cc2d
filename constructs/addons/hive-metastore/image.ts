/**
 * Facts of the Hive Metastore's image, each with where it comes from. Change them together: the
 * Hadoop version decides which S3A jars are in the image, the Java version which truststore format
 * its JVM reads.
 */

/**
 * `apache/hive:4.0.0`, the official image of Hive 4.0.0, pinned. Not a newer 4.x: HIVE-26537
 * (apache/hive#3599) removed the deprecated Thrift calls `get_table` and `get_table_objects_by_name`
 * from 4.0.1 on (absent from `ThriftHiveMetastore` in hive-standalone-metastore-common 4.0.1, 4.1.0
 * and 4.2.0 on Maven Central, present in 4.0.0), and the Hive 2.3.9 metastore client of Spark 3.5
 * (`hive.version` of spark-parent 3.5.8), which Iceberg's `HiveCatalog` runs on inside Spark, still
 * calls them (HIVE-24608 switched 2.3.x back to `get_table`): against 4.0.1+ Spark fails with
 * "Invalid method name: 'get_table'" (apache/iceberg#12878). Trino tries `get_table_req` first
 * (`ThriftHiveMetastoreClient.getTable`), so it works with either. Move on when the platform's Spark
 * carries a newer client, or to an image that restores the calls.
 */
export const HIVE_METASTORE_IMAGE = "apache/hive:4.0.0";

/**
 * UID (and GID) of the image's `hive` user: `ARG UID=1000`, `adduser … --uid $UID hive`, `USER hive`
 * (apache/hive, packaging/src/docker/Dockerfile).
 */
export const HIVE_UID = 1000;

/**
 * The Thrift port: `METASTORE_PORT`, which the entrypoint defaults to 9083 and Hive's metastore reads
 * (packaging/src/docker/entrypoint.sh; `EXPOSE 10000 10002 9083` in the Dockerfile).
 */
export const METASTORE_PORT = 9083;

/**
 * The configuration directory: the entrypoint sets `HIVE_CONF_DIR=$HIVE_HOME/conf` (`/opt/hive/conf`,
 * `ENV HIVE_HOME=/opt/hive`) and `bin/hive` puts it first on the classpath, where the metastore and
 * `schematool` find `hive-site.xml`. The image ships a `hive-site.xml` there for its local Derby/Tez
 * quickstart; the construct mounts its own in its place.
 */
export const HIVE_SITE_PATH = "/opt/hive/conf/hive-site.xml";

/**
 * Hadoop inside the image: the release workflow (.github/workflows/docker-GA-images.yml) builds with
 * the `hadoop.version` of Hive's pom, 3.3.6 for Hive 4.0.0 (hive-4.0.0.pom on Maven Central), and the
 * Dockerfile unpacks the whole Hadoop tarball into `/opt/hadoop` (only `share/doc` removed), so
 * `share/hadoop/tools/lib` holds `hadoop-aws-3.3.6.jar` and the `aws-java-sdk-bundle-1.12.367.jar` it
 * depends on (`aws-java-sdk.version` of hadoop-project 3.3.6). The platform's pinned S3A jars are for
 * Hadoop 3.3.4 and must not be mixed with 3.3.6.
 */
export const IMAGE_HADOOP_VERSION = "3.3.6";

/**
 * The Java of the image: the Dockerfile's `FROM openjdk:8-jre-slim` (Hive 4.0 is built for Java 8:
 * `maven.compiler.target` 1.8 in hive-4.0.0.pom). Its `cacerts` is a JKS keystore, and Java 8 reads
 * JKS files only with the `JKS` keystore type (its compatibility mode, JDK-8062552, lets the JKS type
 * read PKCS12 files, not the reverse).
 */
export const IMAGE_JAVA_MAJOR = 8;

/**
 * Hadoop's switch for its optional tools (`HADOOP_OPTIONAL_TOOLS`, documented in hadoop-aws's
 * index.md): `hadoop_import_shellprofiles` turns it into `HADOOP_TOOLS_OPTIONS`, and the generated
 * `libexec/shellprofile.d/hadoop-aws.sh` then adds `hadoop-aws` and its compile dependencies from
 * `share/hadoop/tools/lib` to the classpath (dev-support/bin/dist-tools-hooks-maker). Hive's
 * `bin/hive` launches the metastore and `schematool` through `bin/hadoop`, which applies it.
 */
export const HADOOP_OPTIONAL_TOOLS = "hadoop-aws";
