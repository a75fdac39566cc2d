import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, blocksOf } from "./attributes";
import { isWorldCidr } from "./eks-endpoint";
import { reportViolation } from "./report";

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The /0 CIDRs of an ingress rule written with `cidr_blocks`/`ipv6_cidr_blocks`. */
function worldCidrs(rule: Readonly<Record<string, unknown>>): unknown[] {
  return [...list(rule.cidr_blocks), ...list(rule.ipv6_cidr_blocks)].filter(isWorldCidr);
}

/**
 * Fails synth on a security group rule that admits the whole internet (`0.0.0.0/0` or `::/0`, any
 * /0): inline `ingress` blocks of `aws_security_group` and `aws_default_security_group`,
 * `aws_security_group_rule` of type `ingress` and `aws_vpc_security_group_ingress_rule`. Egress is
 * not judged. A public load balancer's group opts out with a reason.
 */
export class OpenIngress implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const type = node.terraformResourceType;
    let open: unknown[];
    if (type === "aws_security_group" || type === "aws_default_security_group") {
      open = blocksOf(attributesOf(node).ingress).flatMap(worldCidrs);
    } else if (type === "aws_security_group_rule") {
      const rule = attributesOf(node);
      open = rule.type === "ingress" ? worldCidrs(rule) : [];
    } else if (type === "aws_vpc_security_group_ingress_rule") {
      const rule = attributesOf(node);
      open = [rule.cidr_ipv4, rule.cidr_ipv6].filter(isWorldCidr);
    } else {
      return;
    }
    if (open.length > 0) {
      reportViolation(
        node,
        "open-ingress",
        `admits ${[...new Set(open)].join(" and ")}: allow the ranges or security groups that need access instead`,
      );
    }
  }
}
