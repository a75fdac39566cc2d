import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { suppressGuardrail } from "../../../constructs/guardrails/suppressions";
import { findings, guardedStack } from "./guarded-stack";

describe("open-ingress guardrail", () => {
  it("fails inline ingress, ingress rules and security group rules open to the internet, not egress", () => {
    const stack = guardedStack();
    new SecurityGroup(stack, "Inline", {
      ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }],
      egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
    });
    new SecurityGroupRule(stack, "Legacy", {
      type: "ingress",
      fromPort: 443,
      toPort: 443,
      protocol: "tcp",
      securityGroupId: "sg-1",
      ipv6CidrBlocks: ["::/0"],
    });
    new SecurityGroupRule(stack, "LegacyEgress", {
      type: "egress",
      fromPort: 0,
      toPort: 0,
      protocol: "-1",
      securityGroupId: "sg-1",
      cidrBlocks: ["0.0.0.0/0"],
    });
    new VpcSecurityGroupIngressRule(stack, "Rule", {
      securityGroupId: "sg-1",
      ipProtocol: "tcp",
      fromPort: 80,
      toPort: 80,
      cidrIpv4: "0.0.0.0/0",
    });
    new VpcSecurityGroupIngressRule(stack, "Private", {
      securityGroupId: "sg-1",
      ipProtocol: "tcp",
      fromPort: 80,
      toPort: 80,
      cidrIpv4: "10.0.0.0/16",
    });
    expect(findings(stack)).toEqual([
      "[open-ingress] guarded/Inline (aws_security_group): admits 0.0.0.0/0: allow the ranges or security groups that need access instead",
      "[open-ingress] guarded/Legacy (aws_security_group_rule): admits ::/0: allow the ranges or security groups that need access instead",
      "[open-ingress] guarded/Rule (aws_vpc_security_group_ingress_rule): admits 0.0.0.0/0: allow the ranges or security groups that need access instead",
    ]);
  });

  it("lets a documented public entry point through", () => {
    const stack = guardedStack();
    const rule = new VpcSecurityGroupIngressRule(stack, "Https", {
      securityGroupId: "sg-1",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
    suppressGuardrail(rule, "open-ingress", "public ALB of the documentation site");
    expect(findings(stack)).toEqual([]);
  });
});
