import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { IamStatement } from "./service-role";

/**
 * Attaches managed policies (construct id: the policy's name) and inline policies (`Policy-<name>`,
 * literal JSON) to a role, under `scope`; returns them, for what must wait for the grants.
 */
export function attachRolePolicies(
  scope: Construct,
  role: IamRole,
  managedPolicyArns: ReadonlyArray<string> = [],
  inlinePolicies: Readonly<Record<string, ReadonlyArray<IamStatement>>> = {},
): ITerraformDependable[] {
  const attachments = managedPolicyArns.map(
    (policyArn) =>
      new IamRolePolicyAttachment(scope, policyArn.split("/").pop() ?? policyArn, {
        role: role.name,
        policyArn,
      }),
  );
  const inline = Object.entries(inlinePolicies).map(
    ([name, statements]) =>
      new IamRolePolicy(scope, `Policy-${name}`, {
        role: role.id,
        name,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
      }),
  );
  return [...attachments, ...inline];
}
