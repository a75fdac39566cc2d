import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, blockOf, isToken } from "./attributes";
import { reportViolation } from "./report";

/**
 * Fails synth when a launch template does not require IMDSv2 (`metadata_options.http_tokens =
 * "required"`): IMDSv1 lets any SSRF in a pod read the node's credentials. Read from the resource's
 * Terraform attributes (overrides and raw `aws_launch_template` resources included); a token is not
 * judged.
 */
export class Imdsv2Required implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.terraformResourceType !== "aws_launch_template") return;
    const httpTokens = blockOf(attributesOf(node).metadata_options).http_tokens;
    if (httpTokens === "required" || isToken(httpTokens)) return;
    reportViolation(
      node,
      "imdsv2-required",
      'must require IMDSv2: set metadataOptions.httpTokens = "required"',
    );
  }
}
