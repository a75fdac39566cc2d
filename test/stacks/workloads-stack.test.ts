import { parseEnvironment } from "../../config/define";
import { S3A_JARS } from "../../constructs/addons/common/pinned-jars";
import { assertValidAgainstCrd } from "../helpers/crd-validation";
import { deliveredManifests } from "../helpers/delivered";
import { buildApp, environment, parse, resourcesOf, synthAll, type Json } from "../helpers/synth";

/** dev with one scheduled application of its own beside the example, and prod asking for Spark. */
const DEV_JOBS = parseEnvironment({
  ...environment("dev"),
  name: "devjobs",
  data: {
    ...environment("dev").data,
    spark: {
      applications: [
        {
          name: "nightly-etl",
          mainClass: "com.example.Etl",
          file: "jobs/etl-1.0.0.jar",
          schedule: "0 2 * * *",
        },
        { name: "adhoc-report", type: "Python", file: "jobs/report.py", arguments: ["--day", "2026-12-01"] },
      ],
    },
  },
});
const PROD_SPARK = parseEnvironment({
  ...environment("prod"),
  data: { ...environment("prod").data, spark: {} },
});

type Manifest = { apiVersion: string; kind: string; metadata: Json; spec: Json };
const manifestsOf = (json: string): Manifest[] =>
  resourcesOf(json, "kubernetes_manifest").map((m) => m.manifest as Manifest);
/** The application spec of a SparkApplication or of a ScheduledSparkApplication's template. */
const specOf = (m: Manifest): Json =>
  m.kind === "ScheduledSparkApplication" ? (m.spec.template as Json) : m.spec;

describe("workloads stacks: the Spark applications", () => {
  let synths: Map<string, string>;
  const stack = (env: string) => synths.get(`${env}-workloads`)!;

  beforeAll(() => {
    synths = synthAll(buildApp([DEV_JOBS, PROD_SPARK, environment("lab"), environment("onprem")]));
  });

  it.each(["lab", "onprem"])("%s matches the reviewed snapshot", (env) => {
    expect(parse(stack(env))).toMatchSnapshot();
  });

  it("keeps a workloads stack without applications (Spark in prod: the example is off there), so removing the last plans its destroy", () => {
    expect(synths.has("prod-workloads")).toBe(true);
    expect(resourcesOf(stack("prod"), "kubernetes_manifest")).toEqual([]);
  });

  it("keeps one-shot applications once finished (Terraform owns them), lets scheduled runs expire", () => {
    const manifests = manifestsOf(stack("devjobs"));
    expect(manifests).toHaveLength(3);
    for (const m of manifests) {
      if (m.kind === "SparkApplication") expect(m.spec.timeToLiveSeconds).toBeUndefined();
      else expect((m.spec.template as Json).timeToLiveSeconds).toBe(86400);
    }
  });

  it("runs the example and the configured applications, scheduled ones as ScheduledSparkApplication", () => {
    const manifests = manifestsOf(stack("devjobs"));
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      "ScheduledSparkApplication/nightly-etl",
      "SparkApplication/adhoc-report",
      "SparkApplication/spark-pi",
    ]);
    const nightly = manifests.find((m) => m.metadata.name === "nightly-etl")!;
    expect(nightly.spec).toMatchObject({ schedule: "0 2 * * *", concurrencyPolicy: "Forbid" });
  });

  it.each(["devjobs", "lab", "onprem"])("%s: every manifest validates against the operator's CRDs", (env) => {
    const manifests = manifestsOf(stack(env));
    expect(manifests.length).toBeGreaterThan(0);
    for (const m of manifests) {
      const crd =
        m.kind === "ScheduledSparkApplication"
          ? "sparkoperator.k8s.io_scheduledsparkapplications.yaml"
          : "sparkoperator.k8s.io_sparkapplications.yaml";
      assertValidAgainstCrd(m, "spark-operator", crd, "v1beta2");
    }
  });

  it.each(["devjobs", "lab", "onprem"])(
    "%s: drivers and executors run as spark, read their main file from the jars bucket through S3A and log events for the History Server",
    (env) => {
      const manifests = manifestsOf(stack(env));
      expect(manifests.length).toBeGreaterThan(0);
      for (const m of manifests) {
        const spec = specOf(m);
        expect(m.metadata.namespace).toBe("spark");
        expect((spec.driver as Json).serviceAccount).toBe("spark");
        expect((spec.executor as Json).serviceAccount).toBe("spark");
        expect(spec.mainApplicationFile).toMatch(
          env === "devjobs"
            ? /^s3a:\/\/dataplatform-devjobs-spark-jars-\d{12}\/(examples|jobs)\//
            : /^s3a:\/\/spark-jars\/(examples|jobs)\//,
        );
        const conf = spec.sparkConf as Record<string, string>;
        expect(conf["spark.eventLog.enabled"]).toBe("true");
        expect(conf["spark.eventLog.dir"]).toMatch(
          /^s3a:\/\/(dataplatform-devjobs-)?spark-events(-\d{12})?\/event-logs\/$/,
        );
        // The directory the History Server of <env>-data reads (a Deployment of Terraform, or of Argo CD on onprem).
        const data = synths.get(`${env}-data`)!;
        const server = JSON.stringify([
          ...resourcesOf(data, "kubernetes_deployment_v1"),
          ...deliveredManifests(data, "spark-history-server").filter((o) => o.kind === "Deployment"),
        ]);
        expect(server).toContain(`-Dspark.history.fs.logDirectory=${conf["spark.eventLog.dir"]}`);
        expect(conf["spark.driver.extraClassPath"]).toBe("/opt/spark/s3a-jars/*");
        expect(conf["spark.executor.extraClassPath"]).toBe("/opt/spark/s3a-jars/*");
        const fetch = ((spec.driver as Json).initContainers as Json[]).find((c) => c.name === "fetch-jars")!;
        const script = (fetch.args as string[]).join("\n");
        expect(S3A_JARS.length).toBe(7);
        for (const jar of S3A_JARS) expect(script).toContain(jar.sha256);
      }
    },
  );

  it("S3 (dev): the AWS credential chain, no key pair; MinIO (lab): the spark user's keys from its Secret", () => {
    const dev = specOf(manifestsOf(stack("devjobs"))[0]);
    expect((dev.sparkConf as Json)["spark.hadoop.fs.s3a.aws.credentials.provider"]).toBe(
      "com.amazonaws.auth.DefaultAWSCredentialsProviderChain",
    );
    expect((dev.driver as Json).env).toBeUndefined();
    const lab = specOf(manifestsOf(stack("lab"))[0]);
    expect((lab.sparkConf as Json)["spark.hadoop.fs.s3a.endpoint"]).toBe("http://minio.minio.svc:9000");
    expect((lab.sparkConf as Json)["spark.hadoop.fs.s3a.path.style.access"]).toBe("true");
    expect((lab.driver as Json).env).toEqual([
      {
        name: "AWS_ACCESS_KEY_ID",
        valueFrom: { secretKeyRef: { name: "object-store-credentials", key: "accessKey" } },
      },
      {
        name: "AWS_SECRET_ACCESS_KEY",
        valueFrom: { secretKeyRef: { name: "object-store-credentials", key: "secretKey" } },
      },
    ]);
  });

  it("onprem: trusts the object store's CA (truststore built from platform-ca) over HTTPS, and uses the metastore", () => {
    const manifests = manifestsOf(stack("onprem"));
    expect(manifests.length).toBe(1);
    const spec = specOf(manifests[0]);
    const conf = spec.sparkConf as Record<string, string>;
    expect(conf["spark.hadoop.fs.s3a.endpoint"]).toBe("https://minio.minio.svc:9000");
    expect(conf["spark.hadoop.fs.s3a.connection.ssl.enabled"]).toBe("true");
    for (const key of ["spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions"]) {
      expect(conf[key]).toContain("-Djavax.net.ssl.trustStore=/etc/platform-truststore/cacerts");
    }
    const init = ((spec.driver as Json).initContainers as Json[]).map((c) => c.name);
    expect(init).toEqual(["fetch-jars", "build-truststore"]);
    expect(JSON.stringify(spec.volumes)).toContain('"configMap":{"name":"platform-ca"}');
    expect(conf["spark.hadoop.hive.metastore.uris"]).toBe("thrift://hive-metastore.hive-metastore.svc:9083");
    expect(conf["spark.sql.catalogImplementation"]).toBe("hive");
  });

  it("sizes drivers and executors by the profile, never below Spark's minimum heap (small profile, divisor 20)", () => {
    const pi = specOf(manifestsOf(stack("lab")).find((m) => m.metadata.name === "spark-pi")!);
    // 1g / 20 = 52m, below Spark's floors: 512m for the driver, 450m for an executor.
    expect(pi.driver).toMatchObject({ cores: 1, memory: "512m" });
    expect(pi.executor).toMatchObject({ cores: 1, memory: "450m", instances: 2 });
  });
});
