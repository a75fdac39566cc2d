import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { findings, guardedStack, KEY_ARN } from "./guarded-stack";

const database = {
  engine: "postgres",
  instanceClass: "db.m5.large",
  allocatedStorage: 20,
  storageEncrypted: true,
  kmsKeyId: KEY_ARN,
  publiclyAccessible: false,
};

describe("RDS guardrails", () => {
  it("fail a database without backups, in any stack", () => {
    const stack = guardedStack();
    new DbInstance(stack, "Unset", database);
    new DbInstance(stack, "Zero", { ...database, backupRetentionPeriod: 0 });
    new DbInstance(stack, "Kept", { ...database, backupRetentionPeriod: 7 });
    expect(findings(stack)).toEqual([
      expect.stringMatching(
        /^\[rds-backups\] guarded\/Unset \(aws_db_instance\): keeps no automated backups \(backupRetentionPeriod unset\)/,
      ),
      expect.stringMatching(
        /^\[rds-backups\] guarded\/Zero \(aws_db_instance\): keeps no automated backups \(backupRetentionPeriod 0\)/,
      ),
    ]);
  });

  it("fail a production database without deletion protection, and only in production", () => {
    const production = guardedStack({ production: true });
    new DbInstance(production, "Db", { ...database, backupRetentionPeriod: 7 });
    new DbInstance(production, "Protected", {
      ...database,
      backupRetentionPeriod: 7,
      deletionProtection: true,
    });
    expect(findings(production)).toEqual([
      "[rds-deletion-protection] guarded/Db (aws_db_instance): a production database must set deletionProtection = true",
    ]);
    const development = guardedStack({ production: false });
    new DbInstance(development, "Db", { ...database, backupRetentionPeriod: 7 });
    expect(findings(development)).toEqual([]);
  });

  it("still fail a public or unencrypted database (private-databases, encrypted-storage)", () => {
    const stack = guardedStack();
    new DbInstance(stack, "Db", {
      ...database,
      backupRetentionPeriod: 7,
      publiclyAccessible: true,
      storageEncrypted: false,
    });
    expect(findings(stack).map((e) => e.split(" ")[0])).toEqual([
      "[encrypted-storage]",
      "[private-databases]",
    ]);
  });
});
