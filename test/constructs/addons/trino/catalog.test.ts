import {
  envReference,
  exchangeManagerProperties,
  icebergCatalogProperties,
  propertiesFile,
  serverProperties,
} from "../../../../constructs/addons/trino/catalog";
import { MINIO_STORE, S3_STORE } from "./fixtures";

const JDBC = { type: "jdbc", catalogName: "iceberg", warehouseDir: "s3://trino-data/warehouse" } as const;

describe("Trino properties (catalog.ts)", () => {
  it("writes Trino's environment reference syntax", () => {
    expect(envReference("ICEBERG_JDBC_PASSWORD")).toBe("${ENV:ICEBERG_JDBC_PASSWORD}");
  });

  it("builds the JDBC Iceberg catalog on the native S3 file system of MinIO, every secret from the environment", () => {
    expect(icebergCatalogProperties(JDBC, MINIO_STORE)).toEqual({
      "connector.name": "iceberg",
      "iceberg.catalog.type": "jdbc",
      "iceberg.jdbc-catalog.driver-class": "org.postgresql.Driver",
      "iceberg.jdbc-catalog.connection-url": "${ENV:ICEBERG_JDBC_URL}",
      "iceberg.jdbc-catalog.connection-user": "${ENV:ICEBERG_JDBC_USER}",
      "iceberg.jdbc-catalog.connection-password": "${ENV:ICEBERG_JDBC_PASSWORD}",
      "iceberg.jdbc-catalog.catalog-name": "iceberg",
      "iceberg.jdbc-catalog.default-warehouse-dir": "s3://trino-data/warehouse",
      "fs.native-s3.enabled": "true",
      "s3.region": "us-east-1",
      "s3.endpoint": "http://minio.minio.svc:9000",
      "s3.path-style-access": "true",
      "s3.aws-access-key": "${ENV:OBJECT_STORE_ACCESS_KEY}",
      "s3.aws-secret-key": "${ENV:OBJECT_STORE_SECRET_KEY}",
    });
  });

  it("on S3 names only the region: no endpoint, no path style, credentials from the pod's role", () => {
    const properties = icebergCatalogProperties(JDBC, S3_STORE);
    expect(Object.keys(properties).filter((key) => key.startsWith("s3.") || key.startsWith("fs."))).toEqual([
      "fs.native-s3.enabled",
      "s3.region",
    ]);
    expect(properties["s3.region"]).toBe("eu-west-1");
  });

  it("uses a Hive metastore when given its URI", () => {
    expect(
      icebergCatalogProperties({ type: "hive_metastore", uri: "thrift://hms.data.svc:9083" }, S3_STORE),
    ).toEqual({
      "connector.name": "iceberg",
      "iceberg.catalog.type": "hive_metastore",
      "hive.metastore.uri": "thrift://hms.data.svc:9083",
      "fs.native-s3.enabled": "true",
      "s3.region": "eu-west-1",
    });
  });

  it("spools the exchange to the exchange bucket, with MinIO's endpoint, path style and credentials", () => {
    expect(exchangeManagerProperties(["s3://trino-exchange/exchange"], MINIO_STORE)).toEqual({
      "exchange-manager.name": "filesystem",
      "exchange.base-directories": "s3://trino-exchange/exchange",
      "exchange.s3.region": "us-east-1",
      "exchange.s3.endpoint": "http://minio.minio.svc:9000",
      "exchange.s3.path-style-access": "true",
      "exchange.s3.aws-access-key": "${ENV:OBJECT_STORE_ACCESS_KEY}",
      "exchange.s3.aws-secret-key": "${ENV:OBJECT_STORE_SECRET_KEY}",
    });
    expect(exchangeManagerProperties(["s3://a/x", "s3://b/x"], S3_STORE)).toEqual({
      "exchange-manager.name": "filesystem",
      "exchange.base-directories": "s3://a/x,s3://b/x",
      "exchange.s3.region": "eu-west-1",
    });
  });

  it("turns on fault-tolerant execution, required workers, forwarded headers and the shared secret", () => {
    expect(
      serverProperties({
        requiredWorkers: 2,
        requiredWorkersMaxWaitSeconds: 300,
        maxQueryExecutionSeconds: 900,
      }),
    ).toEqual({
      "retry-policy": "TASK",
      "query-manager.required-workers": "2",
      "query-manager.required-workers-max-wait": "300s",
      "query.max-execution-time": "900s",
      "http-server.process-forwarded": "true",
      "internal-communication.shared-secret": "${ENV:TRINO_INTERNAL_SHARED_SECRET}",
    });
  });

  it("writes a properties file line by line", () => {
    expect(propertiesFile({ a: "1", "b.c": "x=y" })).toBe("a=1\nb.c=x=y\n");
  });
});
