import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import type { IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { reportViolation } from "./report";

/**
 * Fails synth when a launch template does not require IMDSv2 (`metadata_options.http_tokens =
 * "required"`): IMDSv1 lets any SSRF in a pod read the node's credentials.
 */
export class Imdsv2Required implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof LaunchTemplate)) return;
    if (node.metadataOptionsInput?.httpTokens !== "required") {
      reportViolation(
        node,
        "imdsv2-required",
        'must require IMDSv2: set metadataOptions.httpTokens = "required"',
      );
    }
  }
}
