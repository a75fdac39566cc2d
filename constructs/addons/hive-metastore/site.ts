import { s3aProperties, type S3aTarget } from "../common/s3a";

/**
 * Environment variables of the metastore container that carry the database connection, each from a
 * key of the database's Secret. `hive-site.xml` reads them with Hadoop's `${env.NAME}` substitution
 * (`Configuration.substituteVars`, HADOOP-9642, Hadoop 3.0+), so the password is neither in the
 * ConfigMap nor on a command line: the entrypoint runs with `set -x` and would print `SERVICE_OPTS`.
 */
export const DB_URL_ENV = "METASTORE_DB_URL";
export const DB_USER_ENV = "METASTORE_DB_USER";
export const DB_PASSWORD_ENV = "METASTORE_DB_PASSWORD";

/** The PostgreSQL JDBC driver class (`DB_DRIVER=postgres` only picks schematool's dialect). */
export const POSTGRES_DRIVER_CLASS = "org.postgresql.Driver";

/** What {@link metastoreSiteProperties} needs. */
export interface MetastoreSiteProps {
  /** Bucket of the warehouse: databases without a location are created under `s3a://<bucket>/`. */
  readonly warehouseBucket: string;
  /** How the metastore reaches the object store (it creates and deletes database and table directories). */
  readonly s3a: S3aTarget;
}

const env = (name: string) => `\${env.${name}}`;

/**
 * The metastore's `hive-site.xml` properties (names: `MetastoreConf.ConfVars` of Hive 4.0.0, which
 * reads `hive-site.xml` too): the JDBC connection from the environment, the warehouse on S3A, and
 * Hadoop's `fs.s3a.*` properties, which only a configuration file carries (`-D` system properties
 * reach Hive's own settings, not Hadoop's).
 */
export function metastoreSiteProperties(props: MetastoreSiteProps): Record<string, string> {
  const warehouse = `s3a://${props.warehouseBucket}/`;
  return {
    "javax.jdo.option.ConnectionDriverName": POSTGRES_DRIVER_CLASS,
    "javax.jdo.option.ConnectionURL": env(DB_URL_ENV),
    "javax.jdo.option.ConnectionUserName": env(DB_USER_ENV),
    "javax.jdo.option.ConnectionPassword": env(DB_PASSWORD_ENV),
    "hive.metastore.warehouse.dir": warehouse,
    // Hive 4 gives a new database an external location too; the same root, not a local default.
    "hive.metastore.warehouse.external.dir": warehouse,
    // Kept from the image's own hive-site.xml, which this file replaces.
    "metastore.metastore.event.db.notification.api.auth": "false",
    // Iceberg manages its own schema; HMS must accept the column changes Iceberg commits (Cloudera,
    // "Configuring Hive Metastore for Iceberg column changes").
    "hive.metastore.disallow.incompatible.col.type.changes": "false",
    ...s3aProperties(props.s3a),
  };
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);

/** A Hadoop configuration file (`<configuration><property><name/><value/></property>…`), keys sorted. */
export function hadoopConfigurationXml(properties: Readonly<Record<string, string>>): string {
  const entries = Object.entries(properties).sort(([a], [b]) => a.localeCompare(b));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<configuration>",
    ...entries.map(
      ([name, value]) =>
        `  <property>\n    <name>${escapeXml(name)}</name>\n    <value>${escapeXml(value)}</value>\n  </property>`,
    ),
    "</configuration>",
    "",
  ].join("\n");
}
