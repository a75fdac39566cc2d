import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { Annotations, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { isSuppressed } from "./suppressions";

/** Fails synth on a DB instance reachable from the internet (`publicly_accessible = true`). */
export class PrivateDatabases implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof DbInstance) || isSuppressed(node, "private-databases")) return;
    if (node.publiclyAccessibleInput !== false) {
      Annotations.of(node).addError(
        "aws_db_instance must not be publicly accessible: set publiclyAccessible = false explicitly",
      );
    }
  }
}
