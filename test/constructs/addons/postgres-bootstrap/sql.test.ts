import { bootstrapSql } from "../../../../constructs/addons/postgres-bootstrap/sql";

describe("bootstrap SQL", () => {
  const sql = bootstrapSql({
    databases: [{ name: "airflow", passwordVariable: "AIRFLOW_DB_PASSWORD" }],
  });

  it("reads passwords from the Job's environment, never from the script", () => {
    expect(sql).toContain("\\getenv airflow_password AIRFLOW_DB_PASSWORD");
    expect(sql).toContain("PASSWORD :'airflow_password'");
    expect(sql).not.toMatch(/PASSWORD '/);
  });

  it("stops at the first error", () => {
    expect(sql.startsWith("\\set ON_ERROR_STOP on\n")).toBe(true);
  });

  it("refuses names that are not plain identifiers, and a catalog database it does not create", () => {
    expect(() =>
      bootstrapSql({
        databases: [{ name: "air-flow; DROP", passwordVariable: "pw" }],
        icebergCatalogDatabase: "iceberg",
      }),
    ).toThrow(
      /bootstrap SQL: database name "air-flow; DROP" is not a plain lower-case identifier; password variable "pw" is not an environment variable name; icebergCatalogDatabase "iceberg" is not one of air-flow; DROP/,
    );
  });
});
