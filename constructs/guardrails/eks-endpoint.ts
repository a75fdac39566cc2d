import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, blockOf, isToken } from "./attributes";
import { reportViolation } from "./report";

/** A CIDR that spans every address of its family (`0.0.0.0/0`, `::/0`). */
export function isWorldCidr(cidr: unknown): boolean {
  return typeof cidr === "string" && !isToken(cidr) && /\/0+$/.test(cidr.trim());
}

/**
 * Fails synth on an EKS cluster whose API is not reachable privately
 * (`vpc_config.endpoint_private_access`, off by default in EKS) or whose public endpoint is open to
 * the internet: `endpoint_public_access` is on by default, and without `public_access_cidrs` EKS
 * opens it to `0.0.0.0/0`.
 */
export class EksEndpoint implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.terraformResourceType !== "aws_eks_cluster") return;
    const vpc = blockOf(attributesOf(node).vpc_config);
    const privateAccess = vpc.endpoint_private_access;
    if (privateAccess !== true && !isToken(privateAccess)) {
      reportViolation(node, "eks-private-endpoint", "set vpcConfig.endpointPrivateAccess = true");
    }
    const publicAccess = vpc.endpoint_public_access;
    if (publicAccess === false || isToken(publicAccess)) return;
    const cidrs = vpc.public_access_cidrs;
    if (isToken(cidrs)) return;
    const list = Array.isArray(cidrs) ? cidrs : [];
    if (list.length === 0 || list.some(isWorldCidr)) {
      reportViolation(
        node,
        "eks-public-endpoint",
        `the public endpoint is open to the internet (${list.length === 0 ? "no publicAccessCidrs: EKS uses 0.0.0.0/0" : "publicAccessCidrs includes a /0"}): set vpcConfig.endpointPublicAccess = false, or publicAccessCidrs to the ranges that need it`,
      );
    }
  }
}
