import { parse as parseYaml } from "yaml";
import { airflowSchemaErrors } from "../helpers/airflow-schema";
import { parseEnvironment } from "../../config/define";
import { buildApp, environment, TERRAFORM_DELIVERED, namedResourcesOf, synthAll } from "../helpers/synth";

const DATA_ENVIRONMENTS = ["dev", "lab", "onprem", "outpost", "outpost-local", "prod"];
type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a chart's values tree, read by path

describe("Airflow in every data stack", () => {
  let synths: Map<string, string>;
  const release = (env: string) => {
    const releases = Object.entries(namedResourcesOf(synths.get(`${env}-data`)!, "helm_release")).filter(
      ([id]) => id.startsWith("Airflow_Release"),
    );
    expect(releases).toHaveLength(1);
    return releases[0][1] as {
      values: string[];
      depends_on: string[];
      chart: string;
      version: string;
      namespace: string;
    };
  };
  const values = (env: string) => parseYaml(release(env).values[0]) as Values;

  beforeAll(() => {
    synths = synthAll(buildApp(TERRAFORM_DELIVERED));
  });

  it.each(DATA_ENVIRONMENTS)("%s: the official chart 1.22.0 in namespace airflow", (env) => {
    expect(release(env)).toMatchObject({ chart: "airflow", version: "1.22.0", namespace: "airflow" });
  });

  it.each(DATA_ENVIRONMENTS)(
    "%s: the full values document validates against the chart's values.schema.json",
    (env) => {
      expect(airflowSchemaErrors(values(env))).toEqual([]);
    },
  );

  it.each(DATA_ENVIRONMENTS)(
    "%s: installed after its namespace, the metadata Secret of the bootstrap, the object store settings and its own Secrets",
    (env) => {
      const deps = release(env).depends_on;
      for (const needed of [
        /^kubernetes_namespace_v1\.Namespace-airflow_/,
        /^kubernetes_secret_v1\.Databases_Secret-airflow_/,
        /^kubernetes_config_map_v1\.ObjectStoreSettings-airflow/,
        /^kubernetes_secret_v1\.Airflow_FernetKeySecret_/,
        /^kubernetes_secret_v1\.Airflow_ApiSecretKey_/,
        /^kubernetes_secret_v1\.Airflow_JwtSecret_/,
        /^kubernetes_secret_v1\.Airflow_LogsConnection_/,
        /^kubernetes_secret_v1\.Airflow_Admin_/,
      ]) {
        expect(deps).toContainEqual(expect.stringMatching(needed));
      }
    },
  );

  it.each(["lab", "onprem"])(
    "%s (MinIO): after MinIO (its provisioning Job where it serves TLS), the logs connection carrying the MinIO user's generated key",
    (env) => {
      expect(release(env).depends_on).toContainEqual(
        expect.stringMatching(
          env === "onprem"
            ? /^kubernetes_job_v1\.ObjectStore_Provisioning_/
            : /^helm_release\.ObjectStore_Release_/,
        ),
      );
      const secrets = namedResourcesOf(synths.get(`${env}-data`)!, "kubernetes_secret_v1");
      const connection = Object.entries(secrets).find(([id]) =>
        id.startsWith("Airflow_LogsConnection"),
      )![1] as {
        data: { connection: string };
      };
      expect(connection.data.connection).toMatch(
        /"password" = random_password\.ObjectStore_User-airflow_Password-secretKey_\w+\.result/,
      );
      expect(connection.data.connection).toContain('"addressing_style" = "path"');
      expect(values(env).config.logging.remote_base_log_folder).toBe("s3://airflow-logs/logs");
    },
  );

  it.each(["dev", "outpost", "outpost-local", "prod"])(
    "%s (S3): logs to the environment's bucket, signed by the pod's role",
    (env) => {
      const secrets = namedResourcesOf(synths.get(`${env}-data`)!, "kubernetes_secret_v1");
      const connection = Object.entries(secrets).find(([id]) =>
        id.startsWith("Airflow_LogsConnection"),
      )![1] as {
        data: { connection: string };
      };
      expect(connection.data.connection).not.toContain("password");
      expect(values(env).config.logging.remote_base_log_folder).toMatch(
        new RegExp(`^s3://dataplatform-${env}-airflow-logs-\\d{12}/logs$`),
      );
    },
  );

  it("generates the Fernet key as 32 random bytes in URL-safe base64", () => {
    const bytes = namedResourcesOf(synths.get("dev-data")!, "random_bytes");
    expect(Object.values(bytes)).toEqual([expect.objectContaining({ length: 32 })]);
    const secrets = namedResourcesOf(synths.get("dev-data")!, "kubernetes_secret_v1");
    const fernet = Object.entries(secrets).find(([id]) => id.startsWith("Airflow_FernetKeySecret"))![1] as {
      data: Record<string, string>;
    };
    expect(fernet.data["fernet-key"]).toMatch(
      /^\$\{replace\(replace\(random_bytes\.\w+\.base64, "\+", "-"\), "\/", "_"\)\}$/,
    );
  });

  it("puts scheduler and api-server on On-Demand nodes of the default pool where Karpenter runs, task pods on the pool", () => {
    const v = values("dev");
    expect(v.scheduler.nodeSelector).toEqual({
      "node.dataplatform.io/pool": "default",
      "karpenter.sh/capacity-type": "on-demand",
    });
    expect(v.apiServer.nodeSelector).toEqual(v.scheduler.nodeSelector);
    expect(v.workers.kubernetes.nodeSelector).toEqual({ "node.dataplatform.io/pool": "default" });
  });

  it("puts everything on the rack's workers on a local cluster, and assumes nothing of a brought cluster's nodes", () => {
    expect(values("outpost-local").scheduler.nodeSelector).toEqual({
      "node.dataplatform.io/pool": "outpost",
    });
    expect(values("outpost-local").workers.kubernetes.nodeSelector).toEqual({
      "node.dataplatform.io/pool": "outpost",
    });
    expect(values("onprem").scheduler.nodeSelector).toBeUndefined();
    expect(values("onprem").workers.kubernetes.nodeSelector).toBeUndefined();
  });

  it.each(["dev", "prod", "outpost-local"])(
    "%s: Airflow and Trino wait for their S3 grants (a pod gets Pod Identity credentials only if its association exists first)",
    (env) => {
      const json = synths.get(`${env}-data`)!;
      const grants = [
        ...Object.keys(namedResourcesOf(json, "aws_eks_pod_identity_association"))
          .filter((id) => id.startsWith("ObjectStore_"))
          .map((id) => `aws_eks_pod_identity_association.${id}`),
        ...Object.keys(namedResourcesOf(json, "aws_iam_role_policy"))
          .filter((id) => id.startsWith("ObjectStore_"))
          .map((id) => `aws_iam_role_policy.${id}`),
      ];
      expect(grants.length).toBeGreaterThan(0);
      for (const id of ["Airflow_Release", "Trino_Release"]) {
        const release = Object.entries(namedResourcesOf(json, "helm_release")).find(([name]) =>
          name.startsWith(id),
        )![1] as {
          depends_on: string[];
        };
        for (const grant of grants) expect(release.depends_on).toContain(grant);
      }
    },
  );

  it("with IRSA, annotates Airflow's service accounts (task pods' included) and Trino's with their roles", () => {
    const dev = environment("dev");
    const irsa = parseEnvironment({ ...dev, data: { ...dev.data, s3Identity: "irsa" } });
    const json = synthAll(buildApp([irsa])).get("dev-data")!;
    const values = (prefix: string) =>
      parseYaml(
        (
          Object.entries(namedResourcesOf(json, "helm_release")).find(([id]) =>
            id.startsWith(prefix),
          )![1] as { values: string[] }
        ).values[0],
      ) as Values;
    const airflow = values("Airflow_Release");
    const role = /^\$\{aws_iam_role\.ObjectStore_airflow_Role_\w+\.arn\}$/;
    for (const c of ["scheduler", "dagProcessor", "triggerer", "apiServer", "workers"]) {
      expect(airflow[c].serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(role);
    }
    expect(airflowSchemaErrors(airflow)).toEqual([]);
    expect(values("Trino_Release").serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(
      /^\$\{aws_iam_role\.ObjectStore_trino_Role_\w+\.arn\}$/,
    );
  });
});
