import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, isToken } from "./attributes";
import { reportViolation } from "./report";

/**
 * Fails synth on a DB instance that may be reachable from the internet: `publicly_accessible` not
 * written as `false`, read from the resource's Terraform attributes (escape-hatch overrides included,
 * raw `TerraformResource`s of type `aws_db_instance` too). A token is not judged.
 */
export class PrivateDatabases implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.terraformResourceType !== "aws_db_instance") return;
    const publiclyAccessible = attributesOf(node).publicly_accessible;
    if (publiclyAccessible === false || publiclyAccessible === "false" || isToken(publiclyAccessible)) return;
    reportViolation(
      node,
      "private-databases",
      "must not be publicly accessible: set publiclyAccessible = false explicitly",
    );
  }
}
