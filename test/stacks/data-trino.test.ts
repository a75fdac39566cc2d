import { parse as parseYaml } from "yaml";
import { unknownValuesKeys, KUBERNETES_PASS_THROUGH_KEYS } from "../helpers/chart-values";
import { schemaFile } from "../helpers/crd-validation";
import { buildApp, TERRAFORM_DELIVERED, namedResourcesOf, synthAll } from "../helpers/synth";

const DATA_ENVIRONMENTS = ["dev", "lab", "onprem", "outpost", "outpost-local", "prod"];
const MINIO = ["lab", "onprem"];
const S3 = ["dev", "outpost", "outpost-local", "prod"];
/** Environments with `data.metastore: "hive"`. */
const METASTORE = ["lab", "onprem"];
type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a chart's values tree, read by path

/** A properties file (`key=value` lines) as a map. */
const properties = (text: string) =>
  new Map(
    text
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] as const),
  );

describe("Trino in every data stack", () => {
  let synths: Map<string, string>;
  const release = (env: string) => {
    const found = Object.entries(namedResourcesOf(synths.get(`${env}-data`)!, "helm_release")).filter(
      ([id]) => id.startsWith("Trino_Release"),
    );
    expect(found).toHaveLength(1);
    return found[0][1] as {
      values: string[];
      depends_on: string[];
      chart: string;
      version: string;
      namespace: string;
    };
  };
  // Terraform turns `$${` back into `${` before Helm sees the values.
  const values = (env: string) => parseYaml(release(env).values[0].replaceAll("$${", "${")) as Values;
  const catalog = (env: string) => properties(values(env).additionalCatalogs.iceberg as string);

  beforeAll(() => {
    synths = synthAll(buildApp(TERRAFORM_DELIVERED));
  });

  it.each(DATA_ENVIRONMENTS)("%s: chart trino 1.42.2 in namespace trino, image 480", (env) => {
    expect(release(env)).toMatchObject({ chart: "trino", version: "1.42.2", namespace: "trino" });
    expect(values(env).image.tag).toBe("480");
  });

  it.each(DATA_ENVIRONMENTS)("%s: every values key exists in the chart's values.yaml", (env) => {
    expect(
      unknownValuesKeys(values(env), schemaFile("trino", "values.yaml"), KUBERNETES_PASS_THROUGH_KEYS),
    ).toEqual([]);
  });

  it.each(DATA_ENVIRONMENTS)(
    "%s: after its namespace, the catalog Secret, the object store, Prometheus and KEDA",
    (env) => {
      const deps = release(env).depends_on;
      for (const needed of [
        /^kubernetes_namespace_v1\.Namespace-trino_/,
        /^kubernetes_secret_v1\.Databases_Secret-iceberg_/,
        /^kubernetes_config_map_v1\.ObjectStoreSettings-trino/,
        /^helm_release\.Prometheus_Release_/,
        /^helm_release\.Keda_Release_/,
      ]) {
        expect(deps).toContainEqual(expect.stringMatching(needed));
      }
    },
  );

  it.each(METASTORE)("%s: Iceberg's catalog on the platform's Hive Metastore (data.metastore)", (env) => {
    const c = catalog(env);
    expect(c.get("connector.name")).toBe("iceberg");
    expect(c.get("iceberg.catalog.type")).toBe("hive_metastore");
    expect(c.get("hive.metastore.uri")).toBe("thrift://hive-metastore.hive-metastore.svc:9083");
    const deps = release(env).depends_on as string[];
    expect(deps).toContainEqual(expect.stringMatching(/^kubernetes_deployment_v1\.HiveMetastore_/));
  });

  it.each(DATA_ENVIRONMENTS.filter((env) => !METASTORE.includes(env)))(
    "%s: Iceberg's JDBC catalog on the platform PostgreSQL, credentials by environment variable",
    (env) => {
      const c = catalog(env);
      expect(c.get("connector.name")).toBe("iceberg");
      expect(c.get("iceberg.catalog.type")).toBe("jdbc");
      expect(c.get("iceberg.jdbc-catalog.driver-class")).toBe("org.postgresql.Driver");
      expect(c.get("iceberg.jdbc-catalog.catalog-name")).toBe("iceberg");
      for (const key of ["connection-url", "connection-user", "connection-password"]) {
        expect(c.get(`iceberg.jdbc-catalog.${key}`)).toMatch(/^\$\{ENV:[A-Z_]+\}$/);
      }
      expect(c.get("fs.native-s3.enabled")).toBe("true");
    },
  );

  it.each(MINIO)(
    "%s (MinIO): endpoint, path style and the MinIO user's keys, for the catalog and the exchange",
    (env) => {
      const c = catalog(env);
      const endpoint = env === "onprem" ? "https://minio.minio.svc:9000" : "http://minio.minio.svc:9000";
      expect(c.get("s3.endpoint")).toBe(endpoint);
      expect(c.get("s3.path-style-access")).toBe("true");
      expect(c.get("s3.aws-secret-key")).toMatch(/^\$\{ENV:[A-Z_]+\}$/);
      if (!METASTORE.includes(env)) {
        expect(c.get("iceberg.jdbc-catalog.default-warehouse-dir")).toBe("s3://trino-data/warehouse");
      }
      const exchange = properties((values(env).additionalExchangeManagerProperties as string[]).join("\n"));
      expect(exchange.get("exchange.s3.path-style-access")).toBe("true");
      expect(exchange.get("exchange.s3.endpoint")).toBe(endpoint);
      expect(values(env).server.exchangeManager).toEqual({
        name: "filesystem",
        baseDir: ["s3://trino-exchange/exchange"],
      });
    },
  );

  it.each(S3)("%s (S3): the environment's buckets, the pod's role (no keys)", (env) => {
    const c = catalog(env);
    expect(c.get("s3.endpoint")).toBeUndefined();
    expect(c.get("s3.aws-access-key")).toBeUndefined();
    expect(c.get("iceberg.jdbc-catalog.default-warehouse-dir")).toMatch(
      new RegExp(`^s3://dataplatform-${env}-trino-data-\\d{12}/warehouse$`),
    );
    expect(values(env).server.exchangeManager.baseDir).toEqual([
      expect.stringMatching(new RegExp(`^s3://dataplatform-${env}-trino-exchange-\\d{12}/exchange$`)),
    ]);
  });

  it.each(DATA_ENVIRONMENTS)(
    "%s: fault-tolerant execution, waiting for workers, a generated shared secret",
    (env) => {
      const config = properties((values(env).additionalConfigProperties as string[]).join("\n"));
      expect(config.get("retry-policy")).toBe("TASK");
      expect(config.get("query-manager.required-workers")).toBe("1");
      expect(config.get("query-manager.required-workers-max-wait")).toBe("300s");
      expect(config.get("internal-communication.shared-secret")).toMatch(/^\$\{ENV:[A-Z_]+\}$/);
    },
  );

  it("puts the coordinator and workers on their Karpenter pools where Karpenter runs, on the rack on a local cluster, anywhere on a brought one", () => {
    expect(values("dev").coordinator.nodeSelector).toEqual({
      "node.dataplatform.io/pool": "trino-coordinator",
    });
    expect(values("dev").worker.nodeSelector).toEqual({ "node.dataplatform.io/pool": "trino-worker" });
    expect(values("outpost-local").coordinator.nodeSelector).toEqual({
      "node.dataplatform.io/pool": "outpost",
    });
    expect(values("onprem").coordinator.nodeSelector).toBeUndefined();
    expect(values("onprem").worker.nodeSelector).toBeUndefined();
  });
});
