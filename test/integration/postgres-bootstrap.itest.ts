import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAVEN_CENTRAL } from "../../constructs/addons/common/pinned-jars";
import { bootstrapSql } from "../../constructs/addons/postgres-bootstrap/sql";
import { startPostgres, type Login, type PostgresServer } from "./postgres-server";

/** The platform's databases, as the data stack declares them. */
const SQL = bootstrapSql({
  databases: [
    { name: "airflow", passwordVariable: "AIRFLOW_DB_PASSWORD" },
    { name: "iceberg", passwordVariable: "ICEBERG_DB_PASSWORD" },
    { name: "metastore", passwordVariable: "METASTORE_DB_PASSWORD" },
  ],
  icebergCatalogDatabase: "iceberg",
});

/**
 * Hive's own PostgreSQL schema of the metastore image's release (apache/hive:4.0.0), what its
 * `schematool -initOrUpgradeSchema` runs on an empty database: from the standalone metastore's
 * binary tarball on Maven Central (77 MB, about a second here), checked by the SHA-256 of the
 * script itself. `MAVEN_MIRROR` replaces Maven Central (a Nexus or Artifactory serving its paths).
 */
const HIVE_SCHEMA = {
  tarball:
    "org/apache/hive/hive-standalone-metastore-server/4.0.0/hive-standalone-metastore-server-4.0.0-bin.tar.gz",
  member: "apache-hive-metastore-4.0.0-bin/scripts/metastore/upgrade/postgres/hive-schema-4.0.0.postgres.sql",
  sha256: "ccc2f70ade144d43cd48526bdf60328119e872c93ca92f398dcbe31ad54a969d",
};

function downloadHiveSchema(): string {
  const url = `${(process.env.MAVEN_MIRROR ?? MAVEN_CENTRAL).replace(/\/+$/, "")}/${HIVE_SCHEMA.tarball}`;
  const script = execFileSync(
    "bash",
    [
      "-c",
      'set -euo pipefail; curl -fsSL --retry 3 "$1" | tar -xzOf - "$2"',
      "hive-schema",
      url,
      HIVE_SCHEMA.member,
    ],
    { maxBuffer: 16 * 1024 * 1024, timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] },
  );
  const sha256 = createHash("sha256").update(script).digest("hex");
  if (sha256 !== HIVE_SCHEMA.sha256) {
    throw new Error(`${HIVE_SCHEMA.member} from ${url}: SHA-256 ${sha256}, expected ${HIVE_SCHEMA.sha256}`);
  }
  return script.toString("utf8");
}

const secret = () => randomBytes(18).toString("base64url");

describe("PostgreSQL bootstrap on a real PostgreSQL", () => {
  let server: PostgresServer;
  let superuser: Login;
  /** An administrator like RDS's master user: CREATEDB and CREATEROLE, not a superuser. */
  let admin: Login;
  const passwords = {
    AIRFLOW_DB_PASSWORD: secret(),
    ICEBERG_DB_PASSWORD: secret(),
    METASTORE_DB_PASSWORD: secret(),
  };
  const airflow = (database = "airflow"): Login => ({
    user: "airflow",
    password: passwords.AIRFLOW_DB_PASSWORD,
    database,
  });
  const iceberg = (database = "iceberg"): Login => ({
    user: "iceberg",
    password: passwords.ICEBERG_DB_PASSWORD,
    database,
  });
  const metastore = (database = "metastore"): Login => ({
    user: "metastore",
    password: passwords.METASTORE_DB_PASSWORD,
    database,
  });
  let script: string;
  let firstRun: string;
  let secondRun: string;
  const snapshot = () =>
    server.psql(superuser, [
      "-c",
      `SELECT string_agg(format('%s owner=%s acl=%s', datname, pg_get_userbyid(datdba), datacl), E'\\n' ORDER BY datname)
         FROM pg_database WHERE datname IN ('airflow', 'iceberg', 'metastore')`,
    ]) +
    server.psql(superuser, [
      "-c",
      `SELECT string_agg(format('%s login=%s super=%s createdb=%s createrole=%s', rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole), E'\\n' ORDER BY rolname)
         FROM pg_roles WHERE rolname IN ('airflow', 'iceberg', 'metastore')`,
    ]);

  beforeAll(async () => {
    server = await startPostgres(); // fails the suite, never skips it, when PostgreSQL cannot start
    superuser = { user: "postgres", password: server.superuserPassword, database: "postgres" };
    admin = { user: "platform_admin", password: secret(), database: "postgres" };
    server.psql(superuser, [
      "-c",
      `CREATE ROLE platform_admin LOGIN CREATEDB CREATEROLE PASSWORD '${admin.password}'`,
    ]);
    script = join(mkdtempSync(join(tmpdir(), "bootstrap-")), "bootstrap.sql");
    writeFileSync(script, SQL);
    server.psql(admin, ["-f", script], passwords);
    firstRun = snapshot();
    server.psql(admin, ["-f", script], passwords);
    secondRun = snapshot();
  }, 60_000);

  afterAll(() => server?.stop());

  it("runs on the machine's PostgreSQL server", () => {
    expect(server.version).toMatch(/^postgres \(PostgreSQL\) \d+\.\d+/);
  });

  it("creates the airflow, iceberg and metastore databases, each owned by its own login role without privileges", () => {
    // Only the owner may connect: no PUBLIC entry (`=Tc/…`) in the database ACL.
    expect(firstRun).toMatch(/^airflow owner=airflow acl=\{airflow=CTc\/airflow\}$/m);
    expect(firstRun).toMatch(/^iceberg owner=iceberg acl=\{iceberg=CTc\/iceberg\}$/m);
    expect(firstRun).toMatch(/^metastore owner=metastore acl=\{metastore=CTc\/metastore\}$/m);
    expect(firstRun).toMatch(/^airflow login=t super=f createdb=f createrole=f$/m);
    expect(firstRun).toMatch(/^iceberg login=t super=f createdb=f createrole=f$/m);
    expect(firstRun).toMatch(/^metastore login=t super=f createdb=f createrole=f$/m);
  });

  it("creates Iceberg's JDBC catalog tables with JdbcUtil's V1 columns and keys, owned by iceberg", () => {
    const columns = server.psql(iceberg(), [
      "-c",
      `SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' ' || is_nullable
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    ]);
    expect(columns.trim().split("\n")).toEqual([
      "iceberg_namespace_properties.catalog_name character varying(255) NO",
      "iceberg_namespace_properties.namespace character varying(255) NO",
      "iceberg_namespace_properties.property_key character varying(255) NO",
      "iceberg_namespace_properties.property_value character varying(1000) YES",
      "iceberg_tables.catalog_name character varying(255) NO",
      "iceberg_tables.table_namespace character varying(255) NO",
      "iceberg_tables.table_name character varying(255) NO",
      "iceberg_tables.metadata_location character varying(1000) YES",
      "iceberg_tables.previous_metadata_location character varying(1000) YES",
      "iceberg_tables.iceberg_type character varying(5) YES",
    ]);
    const keys = server.psql(iceberg(), [
      "-c",
      `SELECT c.relname || ': ' || pg_get_constraintdef(k.oid) || ' owner=' || pg_get_userbyid(c.relowner)
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'p' AND c.relnamespace = 'public'::regnamespace ORDER BY c.relname`,
    ]);
    expect(keys.trim().split("\n")).toEqual([
      "iceberg_namespace_properties: PRIMARY KEY (catalog_name, namespace, property_key) owner=iceberg",
      "iceberg_tables: PRIMARY KEY (catalog_name, table_namespace, table_name) owner=iceberg",
    ]);
  });

  it("succeeds a second time and changes nothing", () => {
    expect(secondRun).toBe(firstRun);
  });

  it("takes a new password on a re-run (a rotated Secret)", () => {
    const rotated = { ...passwords, AIRFLOW_DB_PASSWORD: secret() };
    server.psql(admin, ["-f", script], rotated);
    expect(server.tryPsql(airflow(), ["-c", "SELECT 1"]).status).not.toBe(0);
    expect(
      server.psql({ ...airflow(), password: rotated.AIRFLOW_DB_PASSWORD }, ["-c", "SELECT 1"]).trim(),
    ).toBe("1");
    server.psql(admin, ["-f", script], passwords); // back to the suite's password
  });

  it("lets each application create objects in its own database", () => {
    server.psql(airflow(), [
      "-c",
      "CREATE TABLE IF NOT EXISTS dag_probe (id int); INSERT INTO dag_probe VALUES (1)",
    ]);
    server.psql(iceberg(), [
      "-c",
      "INSERT INTO iceberg_namespace_properties VALUES ('iceberg', 'probe', 'exists', 'true') ON CONFLICT DO NOTHING",
    ]);
    expect(server.psql(airflow(), ["-c", "SELECT count(*) FROM dag_probe"]).trim()).toBe("1");
  });

  it("lets the metastore user create Hive 4.0.0's own schema in its database, as schematool would", () => {
    const hiveSchema = downloadHiveSchema();
    const file = join(mkdtempSync(join(tmpdir(), "hive-schema-")), "hive-schema-4.0.0.postgres.sql");
    writeFileSync(file, hiveSchema);
    server.psql(metastore(), ["-q", "-f", file]);
    expect(server.psql(metastore(), ["-c", 'SELECT "SCHEMA_VERSION" FROM "VERSION"']).trim()).toBe("4.0.0");
    const created = hiveSchema.match(/^\s*CREATE TABLE/gim) ?? [];
    expect(created.length).toBeGreaterThan(50);
    const owned = server.psql(metastore(), [
      "-c",
      "SELECT count(*) FILTER (WHERE tableowner = 'metastore') || ' of ' || count(*) FROM pg_tables WHERE schemaname = 'public'",
    ]);
    expect(owned.trim()).toBe(`${created.length} of ${created.length}`);
    // A later bootstrap run (a new database, a rotated password) leaves the schema alone.
    server.psql(admin, ["-f", script], passwords);
    expect(server.psql(metastore(), ["-c", 'SELECT count(*) FROM "VERSION"']).trim()).toBe("1");
  }, 120_000);

  it("keeps each application out of the other's database", () => {
    const intoIceberg = server.tryPsql(airflow("iceberg"), ["-c", "SELECT count(*) FROM iceberg_tables"]);
    expect(intoIceberg.status).not.toBe(0);
    expect(intoIceberg.stderr).toMatch(/permission denied for database "iceberg"|not have CONNECT privilege/);
    const intoAirflow = server.tryPsql(iceberg("airflow"), ["-c", "SELECT 1"]);
    expect(intoAirflow.status).not.toBe(0);
    expect(intoAirflow.stderr).toMatch(/permission denied for database "airflow"|not have CONNECT privilege/);
    for (const other of ["airflow", "iceberg"]) {
      const fromMetastore = server.tryPsql(metastore(other), ["-c", "SELECT 1"]);
      expect(fromMetastore.status).not.toBe(0);
      expect(fromMetastore.stderr).toMatch(
        new RegExp(`permission denied for database "${other}"|not have CONNECT privilege`),
      );
    }
    const intoMetastore = server.tryPsql(airflow("metastore"), ["-c", "SELECT 1"]);
    expect(intoMetastore.status).not.toBe(0);
    expect(intoMetastore.stderr).toMatch(
      /permission denied for database "metastore"|not have CONNECT privilege/,
    );
  });

  it("fails loudly, changing nothing, when a password is missing from the Job's environment", () => {
    const result = server.tryPsql(admin, ["-f", script]);
    expect(result.status).not.toBe(0);
    expect(snapshot()).toBe(firstRun);
  });
});
