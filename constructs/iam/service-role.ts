import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { attachRolePolicies } from "./role-policies";
import { ValidationError } from "../core/validation-error";

/** An IAM policy statement, written as literal IAM JSON. */
export interface IamStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Record<string, string | string[]>;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/** Properties of {@link ServiceRole}. */
export interface ServiceRoleProps {
  /** Role name (at most 64 characters). */
  readonly roleName: string;
  /** What the role is for (IAM description). */
  readonly description: string;
  /** Statements of the trust policy: who may assume the role. */
  readonly trust: ReadonlyArray<IamStatement>;
  /**
   * AWS-managed (or customer-managed) policies attached to the role, by ARN.
   * @default none
   */
  readonly managedPolicyArns?: ReadonlyArray<string>;
  /**
   * Inline policies by name, each a list of statements.
   * @default none
   */
  readonly inlinePolicies?: Readonly<Record<string, ReadonlyArray<IamStatement>>>;
}

const MAX_ROLE_NAME_LENGTH = 64;

/** A statement trusting an AWS service principal (`sts:AssumeRole`, plus `sts:TagSession` if asked). */
export function serviceTrust(service: string | string[], tagSession = false): IamStatement {
  return {
    Effect: "Allow",
    Principal: { Service: service },
    Action: tagSession ? ["sts:AssumeRole", "sts:TagSession"] : "sts:AssumeRole",
  };
}

/**
 * A statement trusting one Kubernetes service account through IRSA (the cluster's OIDC provider).
 * `issuerHost` is the issuer URL without `https://`, best held in a TerraformLocal so the document
 * stays plain JSON.
 */
export function irsaTrust(
  oidcProviderArn: string,
  issuerHost: string,
  namespace: string,
  serviceAccount: string,
): IamStatement {
  return {
    Effect: "Allow",
    Principal: { Federated: oidcProviderArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: {
        [`${issuerHost}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
        [`${issuerHost}:aud`]: "sts.amazonaws.com",
      },
    },
  };
}

/** An IAM role with its trust policy, managed policy attachments and inline policies. */
export class ServiceRole extends Construct {
  public readonly role: IamRole;
  /** Attachments and inline policies: resources that use the role should depend on them. */
  public readonly grants: ReadonlyArray<ITerraformDependable>;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    if (props.roleName.length > MAX_ROLE_NAME_LENGTH) {
      throw new ValidationError(
        `roleName must be at most ${MAX_ROLE_NAME_LENGTH} characters, received "${props.roleName}" (${props.roleName.length})`,
        this,
      );
    }
    if (props.trust.length === 0) throw new ValidationError("trust needs at least one statement", this);
    this.role = new IamRole(this, "Resource", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: props.trust }),
    });
    this.grants = attachRolePolicies(this, this.role, props.managedPolicyArns, props.inlinePolicies);
  }
}
