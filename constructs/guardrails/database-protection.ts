import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, isToken } from "./attributes";
import { reportViolation } from "./report";

/** What {@link DatabaseProtection} needs to know of the stack. */
export interface DatabaseProtectionOptions {
  /** A production stack: deletion protection is required. */
  readonly production: boolean;
}

/**
 * Fails synth on a DB instance that keeps no automated backups (`backup_retention_period` ≥ 1; RDS
 * takes none at 0, and Terraform leaves it to RDS's default when unset, so it must be written) and,
 * in a production stack, on one without `deletion_protection`. Encryption and public access have
 * rules of their own (`encrypted-storage`, `private-databases`).
 */
export class DatabaseProtection implements IAspect {
  constructor(private readonly options: DatabaseProtectionOptions) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.terraformResourceType !== "aws_db_instance") return;
    const database = attributesOf(node);
    const retention = database.backup_retention_period;
    if (!isToken(retention) && !(typeof retention === "number" && retention >= 1)) {
      reportViolation(
        node,
        "rds-backups",
        `keeps no automated backups (backupRetentionPeriod ${retention === undefined ? "unset" : String(retention)}): set backupRetentionPeriod to at least 1 day`,
      );
    }
    const protection = database.deletion_protection;
    if (this.options.production && protection !== true && !isToken(protection)) {
      reportViolation(
        node,
        "rds-deletion-protection",
        "a production database must set deletionProtection = true",
      );
    }
  }
}
