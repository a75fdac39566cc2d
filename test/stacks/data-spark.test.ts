import { parse as parseYaml } from "yaml";
import { parseEnvironment } from "../../config/define";
import {
  buildApp,
  environment,
  namedResourcesOf,
  resourcesOf,
  synthAll,
  terraformDelivered,
  type Json,
} from "../helpers/synth";

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: string | string[] };
const statementsOf = (policy: unknown) =>
  (JSON.parse(policy as string) as { Statement: Statement[] }).Statement;
const resourcesText = (s: Statement) => JSON.stringify(s.Resource);

/** dev (S3, Pod Identity) and an IRSA variant of it, both with Spark. */
const DEV_SPARK = parseEnvironment({
  ...environment("dev"),
  name: "devspark",
  data: { ...environment("dev").data, spark: {} },
});
const DEV_SPARK_IRSA = parseEnvironment({
  ...DEV_SPARK,
  name: "devirsa",
  data: { ...DEV_SPARK.data, s3Identity: "irsa" },
});

describe("Spark in the data stack", () => {
  let synths: Map<string, string>;
  const data = (env: string) => synths.get(`${env}-data`)!;
  const sparkRelease = (env: string) => {
    const found = resourcesOf(data(env), "helm_release").filter((r) => r.chart === "spark-operator");
    expect(found).toHaveLength(1);
    return found[0];
  };

  beforeAll(() => {
    synths = synthAll(
      buildApp([
        DEV_SPARK,
        DEV_SPARK_IRSA,
        environment("lab"),
        terraformDelivered(environment("onprem")),
        environment("prod"),
      ]),
    );
  });

  it("is off unless the environment asks for it (prod)", () => {
    expect(resourcesOf(data("prod"), "helm_release").filter((r) => r.chart === "spark-operator")).toEqual([]);
    const namespaces = resourcesOf(data("prod"), "kubernetes_namespace_v1").map(
      (n) => (n.metadata as Json).name,
    );
    expect(namespaces).not.toContain("spark");
  });

  it.each(["devspark", "lab", "onprem"])(
    "%s: the operator (2.5.2) in spark-operator after both namespaces, the jobs' object store and Prometheus",
    (env) => {
      const release = sparkRelease(env);
      expect(release).toMatchObject({
        chart: "spark-operator",
        version: "2.5.2",
        namespace: "spark-operator",
      });
      const deps = release.depends_on as string[];
      for (const needed of [
        /^kubernetes_namespace_v1\.Namespace-spark-operator_/,
        /^kubernetes_namespace_v1\.Namespace-spark_/,
        /^kubernetes_config_map_v1\.ObjectStoreSettings-spark/,
        /^helm_release\.Prometheus_Release_/,
      ]) {
        expect(deps).toEqual(expect.arrayContaining([expect.stringMatching(needed)]));
      }
    },
  );

  it("S3: three Spark buckets with the platform's defaults, and a role scoped to them", () => {
    const buckets = resourcesOf(data("devspark"), "aws_s3_bucket").map((b) => b.bucket as string);
    expect(buckets.filter((b) => b.includes("-spark-")).sort()).toEqual(
      ["spark-events", "spark-jars", "spark-warehouse"].map((b) => `dataplatform-devspark-${b}-111111111111`),
    );
    const policies = Object.values(namedResourcesOf(data("devspark"), "aws_iam_role_policy"));
    const spark = statementsOf(policies.find((p) => p.name === "spark-object-store")!.policy);
    expect(spark.length).toBeGreaterThan(0);
    for (const s of spark) {
      expect(resourcesText(s)).not.toMatch(/trino|airflow/);
      expect(s.Resource).not.toBe("*");
    }
    const write = spark.find((s) => s.Sid === "WriteItsObjects")!;
    expect(resourcesText(write)).toContain("spark-events");
    expect(resourcesText(write)).toContain("spark-warehouse");
    // Jobs read jars; shipping them is a deployer's act, not a job's.
    expect(resourcesText(write)).not.toContain("spark-jars");
  });

  it("Pod Identity: the jobs' role bound to spark/spark, the History Server's to its own account", () => {
    const associations = resourcesOf(data("devspark"), "aws_eks_pod_identity_association").filter(
      (a) => a.namespace === "spark",
    );
    expect(associations.map((a) => a.service_account).sort()).toEqual(["spark", "spark-history-server"]);
  });

  it("IRSA: the jobs' service account carries the spark role, trusted for spark:spark only", () => {
    const values = parseYaml((sparkRelease("devirsa").values as string[])[0]) as {
      spark: { serviceAccount: { annotations: Json } };
    };
    expect(values.spark.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(
      /^\$\{aws_iam_role\.ObjectStore_spark_Role_[A-F0-9]+\.arn\}$/,
    );
    const role = Object.entries(namedResourcesOf(data("devirsa"), "aws_iam_role")).find(([id]) =>
      id.startsWith("ObjectStore_spark_Role"),
    )![1];
    expect(role.assume_role_policy as string).toContain("system:serviceaccount:spark:spark");
  });

  it("lab: MinIO's values declare the Spark buckets and a spark user whose key reaches the jobs", () => {
    const minio = resourcesOf(data("lab"), "helm_release").find((r) => r.chart === "minio")!;
    const values = parseYaml((minio.values as string[])[0]) as {
      buckets: { name: string }[];
      users: { accessKey: string; existingSecret: string }[];
    };
    expect(values.buckets.map((b) => b.name)).toEqual(
      expect.arrayContaining(["spark-jars", "spark-events", "spark-warehouse"]),
    );
    expect(values.users.find((u) => u.accessKey === "spark")).toMatchObject({
      existingSecret: "minio-user-spark",
    });
  });

  it("onprem (MinIO over TLS): the provisioning Job creates the Spark buckets and the spark and spark-history users", () => {
    const jobs = resourcesOf(data("onprem"), "kubernetes_job_v1").filter((j) =>
      String((j.metadata as Json).name).startsWith("minio-provisioning-"),
    );
    expect(jobs).toHaveLength(1);
    // The Job runs the script of its ConfigMap.
    const scripts = Object.entries(namedResourcesOf(data("onprem"), "kubernetes_config_map_v1")).filter(
      ([id]) => id.startsWith("ObjectStore_Provisioning_Script"),
    );
    expect(scripts).toHaveLength(1);
    const text = JSON.stringify(scripts[0][1]);
    for (const bucket of ["spark-jars", "spark-events", "spark-warehouse"])
      expect(text).toContain(`platform/${bucket}`);
    for (const user of ["spark", "spark-history", "hive-metastore"])
      expect(text).toContain(`admin user add platform '${user}'`);
    expect(text).not.toContain("--insecure");
    expect(JSON.stringify(jobs[0])).not.toContain("--insecure");
  });

  it("lab: MinIO lets the jobs read jars and Airflow read DAGs, nothing more (as the S3 roles do)", () => {
    const minio = resourcesOf(data("lab"), "helm_release").find((r) => r.chart === "minio")!;
    const values = parseYaml((minio.values as string[])[0]) as {
      policies: { name: string; statements: { resources: string[]; actions: string[] }[] }[];
    };
    const objectActions = (policy: string, bucket: string) =>
      values.policies
        .find((p) => p.name === policy)!
        .statements.filter((st) => st.resources.includes(`arn:aws:s3:::${bucket}/*`))
        .flatMap((st) => st.actions);
    expect(objectActions("spark-readwrite", "spark-jars")).toEqual(["s3:GetObject"]);
    expect(objectActions("airflow-readwrite", "airflow-dags")).toEqual(["s3:GetObject"]);
    expect(objectActions("spark-readwrite", "spark-events")).toContain("s3:PutObject");
  });

  it.each(["lab", "onprem"])("%s: the spark user's key reaches the jobs", (env) => {
    const credentials = resourcesOf(data(env), "kubernetes_secret_v1").filter(
      (s) =>
        (s.metadata as Json).name === "object-store-credentials" &&
        (s.metadata as Json).namespace === "spark",
    );
    expect(credentials).toHaveLength(1);
  });
});
