import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TRINO_METRICS } from "../../constructs/addons/trino/autoscaling";
import {
  TRINO_ENV,
  exchangeManagerProperties,
  icebergMetastoreProperties,
  serverProperties,
  shutdownProperties,
} from "../../constructs/addons/trino/catalog";
import { ICEBERG_CATALOG_NAME } from "../../constructs/addons/trino/chart";
import { bootstrapSql } from "../../constructs/addons/postgres-bootstrap/sql";
import { type Login, type PostgresServer, startPostgres } from "./postgres-server";
import {
  type Caller,
  type TrinoServer,
  type TrinoServerOptions,
  bcryptHash,
  startTrino,
} from "./trino-server";

/**
 * Trino over Iceberg's JDBC catalog on a real PostgreSQL, both started here: the catalog's metastore
 * properties, the server properties (fault-tolerant execution, required workers, forwarded headers,
 * shared secret, shutdown grace period) and the exchange manager come from
 * constructs/addons/trino/catalog.ts, as the chart's values do; secrets reach Trino through
 * environment variables (`${ENV:…}`), as the chart's `env` does from Secrets.
 *
 * What differs from the stack, and why: there is no S3 server here, so the catalog uses Trino's
 * local file system (`fs.native-local.enabled`, `local.location`, warehouse `local:///warehouse`)
 * instead of `fs.native-s3.enabled` + `s3.*`, and the exchange spools to a local folder instead of
 * `s3://<trino-exchange>/exchange` with `exchange.s3.*`. One node is coordinator and worker.
 */

/** The rules the chart writes on workers when graceful shutdown is on (configmap-access-control-worker.yaml). */
const GRACEFUL_SHUTDOWN_RULES = JSON.stringify({ system_information: [{ allow: ["write"], user: "admin" }] });

const secret = () => randomBytes(18).toString("base64url");
const SQL = bootstrapSql({
  databases: [{ name: "iceberg", passwordVariable: "ICEBERG_DB_PASSWORD" }],
  icebergCatalogDatabase: "iceberg",
});

describe("Trino over Iceberg's JDBC catalog on a real PostgreSQL", () => {
  let postgres: PostgresServer;
  let trino: TrinoServer;
  let dir: string;
  /** What every node is started with (the chart's catalog, config.properties, exchange and env on every pod). */
  let node: TrinoServerOptions;
  const icebergPassword = secret();
  const iceberg: Login = { user: "iceberg", password: icebergPassword, database: "iceberg" };
  const passwords = { admin: secret(), "trino-service": secret() };
  /** The service user behind a TLS-terminating proxy, as in the cluster. */
  const service: Caller = {
    user: "trino-service",
    password: passwords["trino-service"],
    forwardedHttps: true,
  };
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    let t = Date.now();
    postgres = await startPostgres();
    const superuser: Login = { user: "postgres", password: postgres.superuserPassword, database: "postgres" };
    const admin: Login = { user: "platform_admin", password: secret(), database: "postgres" };
    postgres.psql(superuser, [
      "-c",
      `CREATE ROLE platform_admin LOGIN CREATEDB CREATEROLE PASSWORD '${admin.password}'`,
    ]);
    dir = mkdtempSync(join(tmpdir(), "trino-iceberg-"));
    writeFileSync(join(dir, "bootstrap.sql"), SQL);
    postgres.psql(admin, ["-f", join(dir, "bootstrap.sql")], { ICEBERG_DB_PASSWORD: icebergPassword });
    timings.postgresMs = Date.now() - t;

    const lake = join(dir, "lake");
    const exchange = join(dir, "exchange");
    mkdirSync(lake);
    mkdirSync(exchange);
    const { "exchange-manager.name": name, "exchange.base-directories": base } = exchangeManagerProperties(
      [exchange],
      {
        region: "us-east-1",
        pathStyleAccess: false,
      },
    );
    t = Date.now();
    const passwordFile = `admin:${bcryptHash(passwords.admin)}\ntrino-service:${bcryptHash(passwords["trino-service"])}\n`;
    timings.bcryptMs = Date.now() - t;
    node = {
      catalogs: {
        [ICEBERG_CATALOG_NAME]: {
          "connector.name": "iceberg",
          ...icebergMetastoreProperties({
            type: "jdbc",
            catalogName: ICEBERG_CATALOG_NAME,
            warehouseDir: "local:///warehouse",
          }),
          // In the stack: fs.native-s3.enabled, s3.region (+ s3.endpoint, s3.path-style-access, keys for MinIO).
          "fs.native-local.enabled": "true",
          "local.location": lake,
        },
      },
      config: {
        ...serverProperties({
          requiredWorkers: 1,
          requiredWorkersMaxWaitSeconds: 30,
          maxQueryExecutionSeconds: 900,
        }),
        ...shutdownProperties(900),
      },
      exchangeManager: { "exchange-manager.name": name, "exchange.base-directories": base },
      env: {
        [TRINO_ENV.jdbcUrl]: `jdbc:postgresql://127.0.0.1:${postgres.port}/iceberg`,
        [TRINO_ENV.jdbcUser]: "iceberg",
        [TRINO_ENV.jdbcPassword]: icebergPassword,
        [TRINO_ENV.sharedSecret]: secret(),
      },
    };
    trino = await startTrino({ ...node, passwordFile });
    timings.trinoStartupMs = trino.startupMs;
  }, 240_000);

  afterAll(async () => {
    await trino?.stop();
    postgres?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    console.log(`Trino ${trino?.version} integration timings: ${JSON.stringify(timings)}`);
  });

  it("runs the Trino server the install script fetched, on Java 25", () => {
    expect(trino.version).toMatch(/^\d{3}$/);
  });

  it("creates a schema and a table, inserts and reads rows back with task retries", async () => {
    const t = Date.now();
    await trino.query(`CREATE SCHEMA ${ICEBERG_CATALOG_NAME}.demo`, service);
    await trino.query(`CREATE TABLE ${ICEBERG_CATALOG_NAME}.demo.t (id bigint, name varchar)`, service);
    const inserted = await trino.query(
      `INSERT INTO ${ICEBERG_CATALOG_NAME}.demo.t VALUES (1, 'a'), (2, 'b')`,
      service,
    );
    expect(inserted.rows).toEqual([[2]]);
    const selected = await trino.query(
      `SELECT id, name FROM ${ICEBERG_CATALOG_NAME}.demo.t ORDER BY id`,
      service,
    );
    expect(selected).toMatchObject({
      columns: ["id", "name"],
      rows: [
        [1, "a"],
        [2, "b"],
      ],
    });
    // Fault-tolerant execution: the INSERT ran with task retries, spooling through the exchange manager.
    const info = await trino.request(`/v1/query/${inserted.id}`, { caller: service });
    expect(JSON.parse(info.body)).toMatchObject({ state: "FINISHED", retryPolicy: "TASK" });
    timings.sqlMs = Date.now() - t;
  }, 120_000);

  it("records the table and the namespace in the JDBC catalog tables of PostgreSQL", () => {
    const tables = postgres.psql(iceberg, [
      "-c",
      "SELECT catalog_name, table_namespace, table_name, metadata_location LIKE 'local:///warehouse/demo/t-%/metadata/%.metadata.json' FROM iceberg_tables",
    ]);
    expect(tables.trim()).toBe("iceberg|demo|t|t");
    const namespaces = postgres.psql(iceberg, [
      "-c",
      "SELECT DISTINCT catalog_name, namespace FROM iceberg_namespace_properties",
    ]);
    expect(namespaces.trim()).toBe("iceberg|demo");
  });

  it("writes the table's data and metadata under the warehouse directory", () => {
    const table = readdirSync(join(dir, "lake", "warehouse", "demo")).find((name) => name.startsWith("t-"));
    expect(table).toBeDefined();
    expect(readdirSync(join(dir, "lake", "warehouse", "demo", table!)).sort()).toEqual(["data", "metadata"]);
  });

  it("authenticates the bcrypt ($2a$, cost 10) password file only behind an https proxy", async () => {
    const statement = { method: "POST", body: "SELECT 1" };
    const plainHttp = await trino.request("/v1/statement", {
      ...statement,
      caller: { ...service, forwardedHttps: false },
    });
    expect([plainHttp.status, plainHttp.body]).toEqual([
      403,
      expect.stringMatching(/Authentication over HTTP is not enabled/),
    ]);
    const noPassword = await trino.request("/v1/statement", {
      ...statement,
      caller: { user: "admin", forwardedHttps: true },
    });
    expect(noPassword.status).toBe(401);
    const wrong = await trino.request("/v1/statement", {
      ...statement,
      caller: { user: "admin", password: passwords["trino-service"], forwardedHttps: true },
    });
    expect(wrong.status).toBe(401);
    const admin = await trino.query("SELECT current_user", {
      user: "admin",
      password: passwords.admin,
      forwardedHttps: true,
    });
    expect(admin.rows).toEqual([["admin"]]);
  });

  it("publishes the MBeans the JMX exporter rules and KEDA's triggers read", async () => {
    const admin: Caller = { user: "admin", password: passwords.admin, forwardedHttps: true };
    const attributes = async (objectName: string) => {
      const response = await trino.request(`/v1/jmx/mbean/${objectName}`, { caller: admin });
      expect(response.status).toBe(200);
      return (JSON.parse(response.body) as { attributes: Array<{ name: string }> }).attributes.map(
        (a) => a.name,
      );
    };
    // trino.execution<name=QueryManager><>QueuedQueries → TRINO_METRICS.queued, and so on.
    expect(TRINO_METRICS.queued).toBe("trino_execution_QueryManager_QueuedQueries");
    expect(await attributes("trino.execution:name=QueryManager")).toEqual(
      expect.arrayContaining(["QueuedQueries", "RunningQueries"]),
    );
    expect(await attributes("trino.execution:name=ClusterSizeMonitor")).toContain("RequiredWorkers");
  });

  it("adds a worker with the same properties: it joins with the shared secret, then drains and exits on the chart's preStop request", async () => {
    const admin: Caller = { user: "admin", password: passwords.admin, forwardedHttps: true };
    const t = Date.now();
    const worker = await startTrino({
      ...node,
      workerOf: `http://127.0.0.1:${trino.port}`,
      config: { ...node.config, ...shutdownProperties(2) },
      accessControlRules: GRACEFUL_SHUTDOWN_RULES,
    });
    try {
      const activeNodes = async () =>
        (await trino.query("SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'", admin))
          .rows[0]?.[0];
      const deadline = Date.now() + 60_000;
      while ((await activeNodes()) !== 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 500));
      expect(await activeNodes()).toBe(2);
      timings.workerJoinMs = Date.now() - t;
      const rows = await trino.query(`SELECT count(*) FROM ${ICEBERG_CATALOG_NAME}.demo.t`, service);
      expect(rows.rows).toEqual([[2]]);
      // What the chart's worker preStop hook sends (templates/deployment-worker.yaml).
      const response = await fetch(`http://127.0.0.1:${worker.port}/v1/info/state`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", "X-Trino-User": "admin" },
        body: '"SHUTTING_DOWN"',
      });
      expect(response.status).toBe(200);
      const s = Date.now();
      expect(await worker.exited()).toBe(0);
      timings.workerDrainMs = Date.now() - s;
    } finally {
      await worker.stop();
    }
  }, 180_000);
});
