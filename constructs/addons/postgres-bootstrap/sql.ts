/**
 * The SQL of the platform PostgreSQL's bootstrap: the application databases, their owners with
 * their passwords, and the tables of Iceberg's JDBC catalog (which Trino expects and does not
 * create). Pure: the same text runs in the bootstrap Job and in the integration test on a real
 * PostgreSQL. Idempotent: every statement checks or replaces, so a second run changes nothing.
 */

/** One application database and the role that owns it. */
export interface ApplicationDatabase {
  /** Database name (and owner role name): lower-case letters, digits and underscores. */
  readonly name: string;
  /** Environment variable of the Job that holds the owner's password (read with psql's `\getenv`). */
  readonly passwordVariable: string;
}

/** Properties of {@link bootstrapSql}. */
export interface BootstrapSqlProps {
  /** The databases to create, each owned by a role of the same name. */
  readonly databases: ReadonlyArray<ApplicationDatabase>;
  /**
   * Database that holds Iceberg's JDBC catalog tables (one of `databases`).
   * @default none
   */
  readonly icebergCatalogDatabase?: string;
}

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
const VARIABLE = /^[A-Z][A-Z0-9_]*$/;

/**
 * Iceberg's JDBC catalog tables, schema V1 (with `iceberg_type`, so views work), as Iceberg's
 * `JdbcUtil` creates them: column types, nullability and primary keys.
 */
export const ICEBERG_CATALOG_TABLES = `CREATE TABLE IF NOT EXISTS iceberg_tables (
  catalog_name VARCHAR(255) NOT NULL,
  table_namespace VARCHAR(255) NOT NULL,
  table_name VARCHAR(255) NOT NULL,
  metadata_location VARCHAR(1000),
  previous_metadata_location VARCHAR(1000),
  iceberg_type VARCHAR(5),
  PRIMARY KEY (catalog_name, table_namespace, table_name)
);
CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
  catalog_name VARCHAR(255) NOT NULL,
  namespace VARCHAR(255) NOT NULL,
  property_key VARCHAR(255),
  property_value VARCHAR(1000),
  PRIMARY KEY (catalog_name, namespace, property_key)
);`;

/**
 * The bootstrap script, for `psql -v ON_ERROR_STOP=1 -f`, run by the database's administrator (the
 * RDS master user, a member of `rds_superuser` but not a superuser, or the in-cluster superuser).
 * Passwords come from the Job's environment through `\getenv`, never from the script.
 */
export function bootstrapSql(props: BootstrapSqlProps): string {
  const problems = props.databases.flatMap(({ name, passwordVariable }) => [
    ...(IDENTIFIER.test(name) ? [] : [`database name "${name}" is not a plain lower-case identifier`]),
    ...(VARIABLE.test(passwordVariable)
      ? []
      : [`password variable "${passwordVariable}" is not an environment variable name`]),
  ]);
  const names = props.databases.map((d) => d.name);
  if (props.icebergCatalogDatabase && !names.includes(props.icebergCatalogDatabase)) {
    problems.push(
      `icebergCatalogDatabase "${props.icebergCatalogDatabase}" is not one of ${names.join(", ")}`,
    );
  }
  if (problems.length > 0) throw new Error(`bootstrap SQL: ${problems.join("; ")}`);

  const perDatabase = props.databases.map(({ name, passwordVariable }) =>
    [
      `-- ${name}: a login role owning a database of the same name, reachable by it alone`,
      `\\getenv ${name}_password ${passwordVariable}`,
      `SELECT 'CREATE ROLE ${name} LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}')\\gexec`,
      `ALTER ROLE ${name} WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD :'${name}_password';`,
      // On RDS the master user is not a superuser: it must be a member of a role to give it a database.
      `GRANT ${name} TO CURRENT_USER;`,
      `SELECT 'CREATE DATABASE ${name} OWNER ${name}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${name}')\\gexec`,
      `ALTER DATABASE ${name} OWNER TO ${name};`,
      `REVOKE ALL ON DATABASE ${name} FROM PUBLIC;`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${name} TO ${name};`,
    ].join("\n"),
  );
  const iceberg = props.icebergCatalogDatabase
    ? [
        `-- Iceberg's JDBC catalog, owned by ${props.icebergCatalogDatabase}`,
        `\\connect ${props.icebergCatalogDatabase}`,
        `SET ROLE ${props.icebergCatalogDatabase};`,
        ICEBERG_CATALOG_TABLES,
        "RESET ROLE;",
      ].join("\n")
    : "";
  return (
    ["\\set ON_ERROR_STOP on", ...perDatabase, iceberg].filter((part) => part !== "").join("\n\n") + "\n"
  );
}
