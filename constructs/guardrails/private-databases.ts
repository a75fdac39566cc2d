import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import type { IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { reportViolation } from "./report";

/** Fails synth on a DB instance reachable from the internet (`publicly_accessible = true`). */
export class PrivateDatabases implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof DbInstance)) return;
    if (node.publiclyAccessibleInput !== false) {
      reportViolation(
        node,
        "private-databases",
        "must not be publicly accessible: set publiclyAccessible = false explicitly",
      );
    }
  }
}
