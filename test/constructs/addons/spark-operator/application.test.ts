import { Construct } from "constructs";
import { Testing } from "cdktf";
import { ValidationError } from "../../../../constructs/core/validation-error";
import { javaTruststore } from "../../../../constructs/addons/common/java-truststore";
import { jarFetchContainer, jarVolume, S3A_JARS } from "../../../../constructs/addons/common/pinned-jars";
import { s3aEnv, sparkS3aConf } from "../../../../constructs/addons/common/s3a";
import {
  SPARK_JOBS_NAMESPACE,
  SPARK_SERVICE_ACCOUNT,
} from "../../../../constructs/addons/spark-operator/chart";
import {
  sparkApplicationManifest,
  type SparkApplicationInput,
} from "../../../../constructs/addons/spark-operator/application";
import {
  scheduledSparkApplicationManifest,
  type ScheduledSparkApplicationInput,
} from "../../../../constructs/addons/spark-operator/application-schedule";
import { assertValidAgainstCrd, crdValidator } from "../../../helpers/crd-validation";

const APPLICATIONS = "sparkoperator.k8s.io_sparkapplications.yaml";
const SCHEDULED = "sparkoperator.k8s.io_scheduledsparkapplications.yaml";
const IMAGE = "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu";
const JARS_DIR = "/opt/spark/platform-jars";

const truststore = javaTruststore({ configMapName: "platform-ca" }, IMAGE);
const store = {
  endpoint: "https://minio.minio.svc:9000",
  region: "us-east-1",
  pathStyleAccess: true,
  credentials: { type: "secret", secretName: "object-store-spark" },
} as const;

/** A Scala job with what the platform adds to a Spark pod: S3A jars, CA truststore, MinIO credentials. */
const SCALA: SparkApplicationInput = {
  name: "daily-aggregates",
  type: "Scala",
  image: IMAGE,
  sparkVersion: "3.5.8",
  mainClass: "com.example.jobs.DailyAggregates",
  mainApplicationFile: "s3a://data-platform-jobs/jars/daily-aggregates-assembly-1.4.0.jar",
  arguments: ["--date", "2026-01-31"],
  sparkConf: {
    ...sparkS3aConf(store),
    "spark.driver.extraClassPath": `${JARS_DIR}/*`,
    "spark.executor.extraClassPath": `${JARS_DIR}/*`,
    "spark.driver.extraJavaOptions": truststore.javaOptions,
  },
  driver: { cores: 1, coreLimit: "1200m", memory: "2g" },
  executor: { cores: 2, memory: "4g", instances: 3 },
  env: s3aEnv(store),
  initContainers: [jarFetchContainer({ jars: S3A_JARS, volumeName: "spark-jars" }), truststore.initContainer],
  volumes: [jarVolume("spark-jars"), ...truststore.volumes],
  volumeMounts: [{ name: "spark-jars", mountPath: JARS_DIR, readOnly: true }, ...truststore.volumeMounts],
  placement: {
    nodeSelector: { "node.dataplatform.io/pool": "spark" },
    tolerations: [{ key: "dataplatform.io/spark", operator: "Exists", effect: "NoSchedule" }],
  },
  labels: { "app.kubernetes.io/part-of": "data-platform" },
};

const PYTHON: SparkApplicationInput = {
  name: "clean-events",
  type: "Python",
  image: IMAGE,
  sparkVersion: "3.5.8",
  mainApplicationFile: "s3a://data-platform-jobs/python/clean_events.py",
  sparkConf: { "spark.executor.pyspark.memory": "512m" },
  driver: { cores: 1, memory: "1g" },
  executor: { cores: 1, memory: "2g", dynamicAllocation: { minExecutors: 1, maxExecutors: 5 } },
};

const SCHEDULED_SCALA: ScheduledSparkApplicationInput = {
  ...SCALA,
  name: "nightly-aggregates",
  schedule: "30 2 * * mon-fri",
  timeZone: "Europe/Paris",
  restartPolicy: { type: "OnFailure", retries: 2, retryIntervalSeconds: 60 },
};

const manifest = (over: Partial<SparkApplicationInput> = {}) =>
  sparkApplicationManifest({ ...SCALA, ...over });
const scheduled = (over: Partial<ScheduledSparkApplicationInput> = {}) =>
  scheduledSparkApplicationManifest({ ...SCHEDULED_SCALA, ...over });
const spec = (m: Record<string, unknown>) => m.spec as Record<string, Record<string, unknown>>;

describe("SparkApplication manifests against the operator's CRDs (v2.5.2)", () => {
  it("validates a Scala job with env, init containers, volumes and placement", () => {
    expect(() => assertValidAgainstCrd(manifest(), "spark-operator", APPLICATIONS, "v1beta2")).not.toThrow();
  });

  it("validates a Python job with dynamic allocation", () => {
    const m = sparkApplicationManifest(PYTHON);
    expect(() => assertValidAgainstCrd(m, "spark-operator", APPLICATIONS, "v1beta2")).not.toThrow();
    expect(spec(m).mainClass).toBeUndefined();
    expect(spec(m).dynamicAllocation).toEqual({ enabled: true, minExecutors: 1, maxExecutors: 5 });
    expect(spec(m).executor.instances).toBeUndefined();
  });

  it("validates a scheduled job", () => {
    expect(() => assertValidAgainstCrd(scheduled(), "spark-operator", SCHEDULED, "v1beta2")).not.toThrow();
  });

  it("is checked by a validator that can fail (twin of the tests above)", () => {
    const m = manifest();
    const bad = { ...m, spec: { ...spec(m), type: "Rust", driver: { ...spec(m).driver, gpus: 1 } } };
    expect(crdValidator("spark-operator", APPLICATIONS, "v1beta2")(bad)).toEqual([
      '/spec/driver: unknown field "gpus"',
      '/spec/type: must be one of "Java", "Python", "Scala", "R", received "Rust"',
    ]);
  });
});

describe("SparkApplication fields", () => {
  const m = manifest();
  const s = spec(m);

  it("runs in the jobs namespace with the spark service account for driver and executors", () => {
    expect(m.metadata).toEqual({
      name: "daily-aggregates",
      namespace: SPARK_JOBS_NAMESPACE,
      labels: { "app.kubernetes.io/part-of": "data-platform" },
    });
    expect(s.driver.serviceAccount).toBe(SPARK_SERVICE_ACCOUNT);
    expect(s.executor.serviceAccount).toBe(SPARK_SERVICE_ACCOUNT);
  });

  it("pulls the pinned image IfNotPresent, in cluster mode", () => {
    expect([s.image, s.imagePullPolicy, s.mode, s.sparkVersion]).toEqual([
      IMAGE,
      "IfNotPresent",
      "cluster",
      "3.5.8",
    ]);
  });

  it("is never restarted and deleted a day after it finishes, by default", () => {
    expect(s.restartPolicy).toEqual({ type: "Never" });
    expect(s.timeToLiveSeconds).toBe(86400);
  });

  it("gives both pods the env, init containers, mounts and placement", () => {
    for (const role of [s.driver, s.executor]) {
      expect((role.env as unknown[]).length).toBe(2);
      expect((role.initContainers as Array<{ name: string }>).map((c) => c.name)).toEqual([
        "fetch-jars",
        "build-truststore",
      ]);
      expect((role.volumeMounts as unknown[]).length).toBe(3);
      expect(role.nodeSelector).toEqual({ "node.dataplatform.io/pool": "spark" });
    }
    expect((s.volumes as unknown as unknown[]).length).toBe(3);
    expect(s.executor.instances).toBe(3);
  });

  it("writes OnFailure retries, submission retries defaulting to them", () => {
    expect(
      spec(manifest({ restartPolicy: { type: "OnFailure", retries: 2, retryIntervalSeconds: 60 } }))
        .restartPolicy,
    ).toEqual({
      type: "OnFailure",
      onFailureRetries: 2,
      onSubmissionFailureRetries: 2,
      onFailureRetryInterval: 60,
    });
  });

  it("writes the scheduled fields with Forbid and explicit history limits by default", () => {
    const { template, ...rest } = spec(scheduled()) as Record<string, unknown>;
    expect(rest).toEqual({
      schedule: "30 2 * * mon-fri",
      timeZone: "Europe/Paris",
      concurrencyPolicy: "Forbid",
      successfulRunHistoryLimit: 1,
      failedRunHistoryLimit: 3,
      suspend: false,
    });
    expect((template as Record<string, unknown>).mainApplicationFile).toBe(SCALA.mainApplicationFile);
  });

  it("throws a ValidationError with the construct path when given a scope, listing every issue", () => {
    const scope = new Construct(Testing.app(), "Jobs");
    const call = () => sparkApplicationManifest({ ...SCALA, name: "Bad", sparkVersion: "3.5" }, scope);
    expect(call).toThrow(ValidationError);
    expect(call).toThrow(/^Jobs: SparkApplication "Bad" is invalid:\n {2}name: .*\n {2}sparkVersion: /);
  });
});

describe("SparkApplication rules (each refused with its own message)", () => {
  const conf = (key: string, value = "x") => ({ sparkConf: { ...SCALA.sparkConf, [key]: value } });
  const cases: Array<[string, Partial<SparkApplicationInput>, RegExp]> = [
    ["a name starting with a digit (not DNS-1035)", { name: "1-daily" }, /name: expected a DNS-1035 label/],
    ["a name with upper case", { name: "Daily" }, /name: expected a DNS-1035 label/],
    ["a name of 64 characters", { name: `a${"b".repeat(63)}` }, /name: .*at most 63 characters/],
    [
      "a namespace that is not a DNS label",
      { namespace: "Spark_Jobs" },
      /namespace: expected a DNS-1123 label/,
    ],
    [
      "a service account that is not a DNS subdomain",
      { serviceAccount: "Spark" },
      /serviceAccount: expected/,
    ],
    [
      "an image tagged latest",
      { image: "apache/spark:latest" },
      /image: "apache\/spark:latest" has the tag "latest"/,
    ],
    ["an image with no tag", { image: "apache/spark" }, /image: "apache\/spark" has no tag or digest/],
    ["a Spark version that is not x.y.z", { sparkVersion: "3.5" }, /sparkVersion: expected a release/],
    [
      "a main file outside the object store",
      { mainApplicationFile: "local:///opt/app.jar" },
      /mainApplicationFile: expected s3a:\/\/bucket\/key/,
    ],
    [
      "a main file with a glob",
      { mainApplicationFile: "s3a://jobs/jars/*.jar" },
      /mainApplicationFile: expected s3a:\/\/bucket\/key \(no glob/,
    ],
    [
      "a main file with an empty key segment",
      { mainApplicationFile: "s3a://jobs//app.jar" },
      /mainApplicationFile: expected s3a/,
    ],
    [
      "a Scala app running a .py",
      { mainApplicationFile: "s3a://jobs/app.py" },
      /a Scala application runs a \.jar/,
    ],
    [
      "a Python app running a jar",
      { type: "Python", mainClass: undefined },
      /a Python application runs a \.py file/,
    ],
    [
      "a Scala app without main class",
      { mainClass: undefined },
      /mainClass: a Scala application needs its fully qualified main class/,
    ],
    [
      "a main class that is not a class name",
      { mainClass: "com.example.1Job" },
      /mainClass: a Scala application needs/,
    ],
    [
      "a Python app with a main class",
      { ...PYTHON, mainClass: "Main" },
      /mainClass: a Python application has none/,
    ],
    [
      "extra jars in the object store",
      { jars: ["s3a://jobs/lib/dep.jar"] },
      /jars: "s3a:\/\/jobs\/lib\/dep\.jar" refused: .*ship one assembly \(uber\) jar/,
    ],
    [
      "extra jars not in the image",
      { jars: ["https://repo1.maven.org/x.jar"] },
      /jars: expected a jar in the image, local:\/\/\//,
    ],
    ["a label key that is not one", { labels: { "bad key": "x" } }, /labels: "bad key" is not a label key/],
    [
      "a label in the operator's domain",
      { labels: { "sparkoperator.k8s.io/app-name": "x" } },
      /in the operator's own domain/,
    ],
    [
      "a label value over 63 characters",
      { labels: { team: "x".repeat(64) } },
      /labels\.team: "x+" is not a label value/,
    ],
    [
      "a time to live of 0",
      { timeToLiveSeconds: 0 },
      /timeToLiveSeconds: expected whole seconds, at least 1/,
    ],
    [
      "a sparkConf key outside spark.*",
      conf("fs.s3a.endpoint"),
      /sparkConf\["fs\.s3a\.endpoint"\]: not a Spark property/,
    ],
    [
      "a sparkConf key the operator sets",
      conf("spark.kubernetes.namespace", "spark"),
      /set by the operator from the resource/,
    ],
    [
      "a sparkConf key the webhook denies",
      conf("spark.kubernetes.container.image", IMAGE),
      /set by the operator/,
    ],
    [
      "a sparkConf key of a typed field",
      conf("spark.executor.instances", "4"),
      /sparkConf\["spark\.executor\.instances"\]: set it with executor\.instances/,
    ],
    [
      "a dynamic allocation sparkConf key",
      conf("spark.dynamicAllocation.enabled", "true"),
      /set it with executor\.dynamicAllocation/,
    ],
    [
      "spark.jars in sparkConf",
      conf("spark.jars", "s3a://jobs/lib/dep.jar"),
      /sparkConf\["spark\.jars"\]: refused: .*assembly/,
    ],
    [
      "spark.jars.packages in sparkConf",
      conf("spark.jars.packages", "org.x:y:1"),
      /sparkConf\["spark\.jars\.packages"\]: refused/,
    ],
    [
      "a credential in sparkConf",
      conf("spark.hadoop.fs.s3a.secret.key", "k"),
      /credentials come from a Secret through env/,
    ],
    [
      "an overhead factor that is not a number",
      conf("spark.driver.memoryOverheadFactor", "high"),
      /expected a positive number such as 0\.2/,
    ],
    [
      "a PySpark memory that is not a size",
      conf("spark.executor.pyspark.memory", "1.5g"),
      /spark\.executor\.pyspark\.memory"\]: expected a Spark size/,
    ],
    [
      "off-heap enabled without a size",
      { sparkConf: { "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "0" } },
      /must be at least 1m when spark\.memory\.offHeap\.enabled is true/,
    ],
    [
      "OnFailure with no retry",
      { restartPolicy: { type: "OnFailure", retries: 0 } },
      /restartPolicy\.retries: expected a whole number of at least 1/,
    ],
    [
      "OnFailure with a fractional interval",
      { restartPolicy: { type: "OnFailure", retries: 1, retryIntervalSeconds: 1.5 } },
      /restartPolicy\.retryIntervalSeconds: expected whole seconds/,
    ],
    [
      "OnFailure with negative submission retries",
      { restartPolicy: { type: "OnFailure", retries: 1, submissionRetries: -1 } },
      /restartPolicy\.submissionRetries: expected a whole number/,
    ],
  ];

  it.each(cases)("refuses %s", (_, over, message) => {
    expect(() => manifest(over)).toThrow(message);
  });

  it("accepts a 63-character name and local:// jars", () => {
    const m = manifest({
      name: `a${"b".repeat(62)}`,
      jars: ["local:///opt/spark/extra/delta-spark_2.12-3.2.1.jar"],
    });
    expect(spec(m).deps).toEqual({ jars: ["local:///opt/spark/extra/delta-spark_2.12-3.2.1.jar"] });
    expect(() => assertValidAgainstCrd(m, "spark-operator", APPLICATIONS, "v1beta2")).not.toThrow();
  });
});
