import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrapSql } from "../../constructs/addons/postgres-bootstrap/sql";
import { startPostgres, type Login, type PostgresServer } from "./postgres-server";

/** The platform's databases, as the data stack declares them. */
const SQL = bootstrapSql({
  databases: [
    { name: "airflow", passwordVariable: "AIRFLOW_DB_PASSWORD" },
    { name: "iceberg", passwordVariable: "ICEBERG_DB_PASSWORD" },
  ],
  icebergCatalogDatabase: "iceberg",
});

const secret = () => randomBytes(18).toString("base64url");

describe("PostgreSQL bootstrap on a real PostgreSQL", () => {
  let server: PostgresServer;
  let superuser: Login;
  /** An administrator like RDS's master user: CREATEDB and CREATEROLE, not a superuser. */
  let admin: Login;
  const passwords = { AIRFLOW_DB_PASSWORD: secret(), ICEBERG_DB_PASSWORD: secret() };
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
  let script: string;
  let firstRun: string;
  let secondRun: string;
  const snapshot = () =>
    server.psql(superuser, [
      "-c",
      `SELECT string_agg(format('%s owner=%s acl=%s', datname, pg_get_userbyid(datdba), datacl), E'\\n' ORDER BY datname)
         FROM pg_database WHERE datname IN ('airflow', 'iceberg')`,
    ]) +
    server.psql(superuser, [
      "-c",
      `SELECT string_agg(format('%s login=%s super=%s createdb=%s createrole=%s', rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole), E'\\n' ORDER BY rolname)
         FROM pg_roles WHERE rolname IN ('airflow', 'iceberg')`,
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

  it("creates the airflow and iceberg databases, each owned by its own login role without privileges", () => {
    // Only the owner may connect: no PUBLIC entry (`=Tc/…`) in the database ACL.
    expect(firstRun).toMatch(/^airflow owner=airflow acl=\{airflow=CTc\/airflow\}$/m);
    expect(firstRun).toMatch(/^iceberg owner=iceberg acl=\{iceberg=CTc\/iceberg\}$/m);
    expect(firstRun).toMatch(/^airflow login=t super=f createdb=f createrole=f$/m);
    expect(firstRun).toMatch(/^iceberg login=t super=f createdb=f createrole=f$/m);
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

  it("keeps each application out of the other's database", () => {
    const intoIceberg = server.tryPsql(airflow("iceberg"), ["-c", "SELECT count(*) FROM iceberg_tables"]);
    expect(intoIceberg.status).not.toBe(0);
    expect(intoIceberg.stderr).toMatch(/permission denied for database "iceberg"|not have CONNECT privilege/);
    const intoAirflow = server.tryPsql(iceberg("airflow"), ["-c", "SELECT 1"]);
    expect(intoAirflow.status).not.toBe(0);
    expect(intoAirflow.stderr).toMatch(/permission denied for database "airflow"|not have CONNECT privilege/);
  });

  it("fails loudly, changing nothing, when a password is missing from the Job's environment", () => {
    const result = server.tryPsql(admin, ["-f", script]);
    expect(result.status).not.toBe(0);
    expect(snapshot()).toBe(firstRun);
  });
});
