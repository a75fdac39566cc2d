import type { EnvironmentConfig } from "../config/define";
import { profiledSparkSize } from "../config/spark-rules";
import { javaTruststore, type CaBundleRef } from "../constructs/addons/common/java-truststore";
import { jarFetchContainer, jarVolume, S3A_JARS } from "../constructs/addons/common/pinned-jars";
import { s3aEnv, sparkS3aConf, type S3aTarget } from "../constructs/addons/common/s3a";
import type { SparkApplicationInput } from "../constructs/addons/spark-operator/application";
import type { ScheduledSparkApplicationInput } from "../constructs/addons/spark-operator/application-schedule";
import { SPARK_JOBS_NAMESPACE, SPARK_SERVICE_ACCOUNT } from "../constructs/addons/spark-operator/chart";
import { eventLogDirectory } from "../constructs/addons/spark-history-server/log-directory";
import { SPARK_IMAGE } from "../constructs/ecs/spark-image";

/** Spark release of the platform image; the S3A jars are Hadoop 3.3.4's, the client of Spark 3.5. */
export const PLATFORM_SPARK_VERSION = "3.5.8";
/** Where the fetched S3A jars are mounted in drivers and executors. */
export const S3A_JARS_DIR = "/opt/spark/s3a-jars";
const S3A_VOLUME = "s3a-jars";

/** The example: SparkPi from the examples jar of the platform image, uploaded to the jars bucket. */
export const EXAMPLE_APPLICATION = {
  name: "spark-pi",
  type: "Scala" as const,
  mainClass: "org.apache.spark.examples.SparkPi",
  file: `examples/spark-examples_2.12-${PLATFORM_SPARK_VERSION}.jar`,
  arguments: ["1000"],
  driver: { cores: 1, memory: "1g" },
  executor: { cores: 1, memory: "1g", instances: 2 },
};

/** What the jobs of an environment share: where things are, how they are reached. */
export interface SparkJobsContext {
  readonly env: EnvironmentConfig;
  /** Bucket names by logical name (S3's account-scoped names, MinIO's logical ones). */
  readonly bucket: (logical: string) => string;
  /** How the jobs reach the object store. */
  readonly s3a: S3aTarget;
  /** The object store's CA in the `spark` namespace. @default none */
  readonly ca?: CaBundleRef;
  /** Thrift URI of the platform's Hive Metastore. @default none */
  readonly metastoreUri?: string;
}

/**
 * The applications of an environment as operator inputs: those of the config, and the example
 * (on unless `exampleApplication: false`; off in production unless asked). Each reads its main
 * file from the jars bucket through S3A (the pinned jars fetched by an init container, on the
 * driver's and executors' class path), logs events for the History Server, trusts the object
 * store's CA, and with a metastore uses it as Spark's catalog.
 */
export function sparkJobInputs(
  ctx: SparkJobsContext,
): Array<SparkApplicationInput | ScheduledSparkApplicationInput> {
  const spark = ctx.env.data.spark;
  if (!spark) return [];
  const example = spark.exampleApplication ?? !ctx.env.production;
  const configured = [...(example ? [EXAMPLE_APPLICATION] : []), ...spark.applications];
  const truststore = (image: string) => (ctx.ca ? javaTruststore(ctx.ca, image) : undefined);
  return configured.map((app) => {
    const image = ("image" in app && app.image) || `${SPARK_IMAGE.repository}:${SPARK_IMAGE.tag}`;
    const trust = truststore(image);
    const javaOptions: Record<string, string> = trust
      ? {
          "spark.driver.extraJavaOptions": trust.javaOptions,
          "spark.executor.extraJavaOptions": trust.javaOptions,
        }
      : {};
    const classPath = `${S3A_JARS_DIR}/*`;
    const input: SparkApplicationInput = {
      name: app.name,
      namespace: SPARK_JOBS_NAMESPACE,
      type: app.type,
      image,
      sparkVersion: PLATFORM_SPARK_VERSION,
      mainClass: app.mainClass,
      mainApplicationFile: `s3a://${ctx.bucket(spark.jarsBucket)}/${app.file}`,
      arguments: [...app.arguments],
      serviceAccount: SPARK_SERVICE_ACCOUNT,
      // One-shot applications are Terraform's: kept once finished, so the next apply does not re-run them.
      timeToLiveSeconds: "schedule" in app && app.schedule ? undefined : "keep",
      labels: { "app.kubernetes.io/part-of": "data-platform" },
      sparkConf: {
        ...sparkS3aConf(ctx.s3a),
        "spark.driver.extraClassPath": classPath,
        "spark.executor.extraClassPath": classPath,
        // Event logs for the History Server, whose init container creates their directory.
        ...(spark.historyServer
          ? {
              "spark.eventLog.enabled": "true",
              "spark.eventLog.dir": eventLogDirectory(ctx.bucket("spark-events")),
            }
          : {}),
        "spark.sql.warehouse.dir": `s3a://${ctx.bucket("spark-warehouse")}/`,
        ...(ctx.metastoreUri
          ? {
              "spark.sql.catalogImplementation": "hive",
              "spark.hadoop.hive.metastore.uris": ctx.metastoreUri,
            }
          : {}),
        ...javaOptions,
      },
      driver: profiledSparkSize(ctx.env, app.driver, "driver"),
      executor: {
        ...profiledSparkSize(ctx.env, app.executor, "executor"),
        instances: app.executor.instances,
      },
      env: s3aEnv(ctx.s3a),
      initContainers: [
        jarFetchContainer({ jars: S3A_JARS, volumeName: S3A_VOLUME, mirror: spark.jarMirror }),
        ...(trust ? [trust.initContainer] : []),
      ],
      volumes: [jarVolume(S3A_VOLUME), ...(trust?.volumes ?? [])],
      volumeMounts: [
        { name: S3A_VOLUME, mountPath: S3A_JARS_DIR, readOnly: true },
        ...(trust?.volumeMounts ?? []),
      ],
    };
    return "schedule" in app && app.schedule ? { ...input, schedule: app.schedule } : input;
  });
}
