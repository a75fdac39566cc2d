import { parseEnvironment } from "../../config/define";
import { environment } from "../helpers/synth";

const dev = environment("dev");
const prod = environment("prod");
const lab = environment("lab");
const onprem = environment("onprem");
const local = environment("outpost-local");
const withData = (env: typeof dev, changes: Record<string, unknown>) => ({
  ...env,
  data: { ...env.data, ...changes },
});

describe("data configuration", () => {
  it("applies the defaults: Pod Identity to S3, no Grafana, 15 days of metrics, divisor 20", () => {
    expect(dev.data).toMatchObject({
      s3Identity: "pod-identity",
      smallProfileDivisor: 20,
      monitoring: { grafana: false, retention: "15d" },
    });
    expect(dev.data.oidc).toBeUndefined();
  });

  it("accepts an OIDC issuer with a client secret referenced by Secret name and key", () => {
    const env = parseEnvironment(
      withData(dev, {
        oidc: {
          issuerUrl: "https://keycloak.example.com/realms/data",
          airflow: {
            clientId: "airflow",
            clientSecret: { namespace: "airflow", name: "airflow-oidc", key: "client-secret" },
          },
        },
      }),
    );
    expect(env.data.oidc?.airflow?.clientSecret.name).toBe("airflow-oidc");
  });

  describe("refuses", () => {
    it("MinIO with the standard profile and fewer than 4 servers", () => {
      const standardLab = withData(lab, { sizeProfile: "standard", minio: { replicas: 2 } });
      expect(() => parseEnvironment(standardLab)).toThrow(
        /environment "lab": data\.minio\.replicas: expected at least 4 with the standard profile: MinIO runs distributed there, and erasure coding needs 4 drives or more .*, received 2/,
      );
    });

    it("an RDS database with a brought cluster", () => {
      expect(() => parseEnvironment(withData(onprem, { database: "rds" }))).toThrow(
        /environment "onprem": data\.database: expected "in-cluster" when cluster\.mode is "kubeconfig"/,
      );
    });

    it("S3 with a brought cluster, saying what is supported", () => {
      expect(() => parseEnvironment(withData(onprem, { objectStore: "s3" }))).toThrow(
        /environment "onprem": data\.objectStore: expected "minio" when cluster\.mode is "kubeconfig": S3 access from a brought cluster needs AWS credentials in the cluster, which this project does not provision/,
      );
    });

    it.each(["minio.local", "ftp://store:21", "https://store.example.com/bucket", ""])(
      "an S3 endpoint that is not an endpoint URL: %j",
      (endpoint) => {
        expect(() => parseEnvironment(withData(dev, { s3Endpoint: endpoint }))).toThrow(
          /environment "dev": data\.s3Endpoint: expected an endpoint URL such as https:\/\/minio\.example\.com:9000/,
        );
      },
    );

    it("an S3 endpoint with MinIO, and MinIO settings with S3", () => {
      expect(() => parseEnvironment(withData(lab, { s3Endpoint: "https://s3.example.com" }))).toThrow(
        /data\.s3Endpoint: is only used when data\.objectStore is "s3"/,
      );
      expect(() => parseEnvironment(withData(dev, { minio: { replicas: 4 } }))).toThrow(
        /data\.minio: is only used when data\.objectStore is "minio"/,
      );
    });

    it("a small-profile divisor below 1", () => {
      expect(() => parseEnvironment(withData(dev, { smallProfileDivisor: 0 }))).toThrow(
        /data\.smallProfileDivisor: expected a divisor of at least 1/,
      );
    });

    it("OIDC without an issuer URL", () => {
      expect(() => parseEnvironment(withData(dev, { oidc: { airflow: { clientId: "airflow" } } }))).toThrow(
        /data\.oidc\.issuerUrl: .*received nothing \(field missing\)/,
      );
    });

    it("an OIDC issuer that is not https", () => {
      expect(() =>
        parseEnvironment(withData(dev, { oidc: { issuerUrl: "http://keycloak/realms/data" } })),
      ).toThrow(/data\.oidc\.issuerUrl: expected the issuer's https:\/\/ URL/);
    });

    it("an OIDC client without its client-secret reference", () => {
      const oidc = { issuerUrl: "https://keycloak.example.com/realms/data", trino: { clientId: "trino" } };
      expect(() => parseEnvironment(withData(dev, { oidc }))).toThrow(
        /data\.oidc\.trino\.clientSecret: .*received nothing \(field missing\)/,
      );
    });

    it("a client secret given as a value rather than a reference", () => {
      const oidc = {
        issuerUrl: "https://keycloak.example.com/realms/data",
        trino: { clientId: "trino", clientSecret: "s3cr3t" },
      };
      expect(() => parseEnvironment(withData(dev, { oidc }))).toThrow(/data\.oidc\.trino\.clientSecret/);
    });

    it("an unknown key in the spark block", () => {
      expect(() => parseEnvironment(withData(dev, { spark: { operatorVersion: "2.5.2" } }))).toThrow(
        /environment "dev": data\.spark: Unrecognized key: "operatorVersion"; allowed: jarsBucket, applications, exampleApplication, historyServer, jarMirror/,
      );
    });

    it("an Airflow DAG sync interval of 0 or below", () => {
      for (const interval of [0, -30]) {
        expect(() =>
          parseEnvironment(withData(dev, { airflow: { dagSyncIntervalSeconds: interval } })),
        ).toThrow(
          new RegExp(
            `environment "dev": data\\.airflow\\.dagSyncIntervalSeconds: expected at least 1 second .*, received ${interval}`,
          ),
        );
      }
    });

    it("an Airflow image tag of latest (or any tag that is not an exact release)", () => {
      expect(() => parseEnvironment(withData(dev, { airflow: { imageTag: "latest" } }))).toThrow(
        /data\.airflow\.imageTag: expected an exact Airflow release such as 3\.2\.1 or 3\.2\.1-python3\.12 \(never latest\), received "latest"/,
      );
      expect(() => parseEnvironment(withData(dev, { airflow: { imageTag: "3.2" } }))).toThrow(
        /data\.airflow\.imageTag/,
      );
    });

    it("an unknown key of the airflow block", () => {
      expect(() => parseEnvironment(withData(dev, { airflow: { dagsSyncInterval: 30 } }))).toThrow(
        /data\.airflow: Unrecognized key: "dagsSyncInterval"; allowed: imageTag, dagSyncIntervalSeconds, roleClaim, roleMapping, defaultRole/,
      );
    });

    it("an Airflow role mapping to a role FAB does not have", () => {
      expect(() =>
        parseEnvironment(withData(dev, { airflow: { roleMapping: { admins: ["Superuser"] } } })),
      ).toThrow(
        /data\.airflow\.roleMapping\.admins\[0\]: Invalid option: expected one of "Admin"\|"Op"\|"User"\|"Viewer"\|"Public", received "Superuser"/,
      );
    });

    it("Airflow's client secret in a namespace its api-server cannot read", () => {
      const oidc = {
        issuerUrl: "https://keycloak.example.com/realms/data",
        airflow: {
          clientId: "airflow",
          clientSecret: { namespace: "keycloak", name: "airflow-oidc", key: "secret" },
        },
      };
      expect(() => parseEnvironment(withData(dev, { oidc }))).toThrow(
        /environment "dev": data\.oidc\.airflow\.clientSecret\.namespace: expected "airflow": the api-server reads the client secret from a Secret of its own namespace.*received "keycloak"/,
      );
    });

    it("Trino workers whose max is below their min", () => {
      expect(() => parseEnvironment(withData(dev, { trino: { minWorkers: 3, maxWorkers: 2 } }))).toThrow(
        /environment "dev": data\.trino\.maxWorkers: expected an integer of at least 1 and at least minWorkers \(3\), received 2/,
      );
    });

    it("a Trino catalog type other than jdbc or hive_metastore", () => {
      expect(() => parseEnvironment(withData(dev, { trino: { catalogType: "glue" } }))).toThrow(
        /data\.trino\.catalogType: Invalid option: expected one of "jdbc"\|"hive_metastore", received "glue"/,
      );
    });

    it("a hive_metastore catalog without a metastore URI", () => {
      expect(() => parseEnvironment(withData(dev, { trino: { catalogType: "hive_metastore" } }))).toThrow(
        /data\.trino\.metastoreUri: catalogType hive_metastore needs the metastore's thrift:\/\/host:port URI, received null/,
      );
    });

    it("a worker grace period shorter than the query time limit", () => {
      expect(() =>
        parseEnvironment(
          withData(dev, { trino: { maxQueryExecutionSeconds: 1800, gracePeriodSeconds: 600 } }),
        ),
      ).toThrow(
        /data\.trino\.gracePeriodSeconds: expected at least maxQueryExecutionSeconds \(1800\).*received 600/,
      );
    });

    it("a Trino ingress host that is not a DNS name", () => {
      const trino = { ingress: { host: "trino example", tlsSecretName: "trino-tls" } };
      expect(() => parseEnvironment(withData(dev, { trino }))).toThrow(
        /environment "dev": data\.trino\.ingress\.host: expected a DNS host name such as trino\.example\.com, received "trino example"/,
      );
    });

    it("an unknown key of the trino block", () => {
      expect(() => parseEnvironment(withData(dev, { trino: { workers: 3 } }))).toThrow(
        /data\.trino: Unrecognized key: "workers"; allowed: minWorkers, maxWorkers/,
      );
    });

    it("Trino's client secret in a namespace its coordinator cannot read", () => {
      const oidc = {
        issuerUrl: "https://keycloak.example.com/realms/data",
        trino: {
          clientId: "trino",
          clientSecret: { namespace: "keycloak", name: "trino-oidc", key: "secret" },
        },
      };
      expect(() => parseEnvironment(withData(dev, { oidc }))).toThrow(
        /data\.oidc\.trino\.clientSecret\.namespace: expected "trino"/,
      );
    });

    it("IRSA on a local cluster, which has none", () => {
      expect(() => parseEnvironment(withData(local, { s3Identity: "irsa" }))).toThrow(
        /environment "outpost-local": data\.s3Identity: has no effect on an EKS local cluster/,
      );
    });

    it("an in-cluster database in production", () => {
      expect(() => parseEnvironment(withData(prod, { database: "in-cluster", rds: undefined }))).toThrow(
        /environment "prod": data\.database: expected "rds" in a production environment/,
      );
    });

    it("an unknown key of the data block, listing the allowed ones", () => {
      expect(() => parseEnvironment(withData(dev, { grafana: true }))).toThrow(
        /data: Unrecognized key: "grafana"; allowed: objectStore, database, sizeProfile, smallProfileDivisor, rds, minio, storageClassName, s3Identity, s3Endpoint, monitoring, oidc, airflow, trino/,
      );
    });

    it("a Prometheus retention that is not a duration", () => {
      expect(() => parseEnvironment(withData(dev, { monitoring: { retention: "2 weeks" } }))).toThrow(
        /data\.monitoring\.retention: expected a duration such as 15d, received "2 weeks"/,
      );
    });
  });
});
