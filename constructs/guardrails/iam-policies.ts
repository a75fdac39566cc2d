import { TerraformDataSource, TerraformResource, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, blocksOf, isToken, referenceOf } from "./attributes";
import { reportViolation } from "./report";

/** One statement of a policy document, in IAM JSON's shape. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Readonly<Record<string, unknown>>;
}

/**
 * How a document is judged. `identity`: what a principal may do, every check. `resource`: a policy on
 * a resource (bucket, key, queue…): its `Resource` can only be that resource (a key policy must even
 * say `"*"`, meaning "this key"), so only actions are judged. `trust`: who may assume a role, actions
 * only.
 */
export type PolicyKind = "identity" | "resource" | "trust";

/** Resource policies by Terraform type: the attribute that holds the document. */
const RESOURCE_POLICIES: Readonly<Record<string, string>> = {
  aws_s3_bucket_policy: "policy",
  aws_kms_key: "policy",
  aws_kms_key_policy: "policy",
  aws_sqs_queue: "policy",
  aws_sqs_queue_policy: "policy",
  aws_sns_topic: "policy",
  aws_sns_topic_policy: "policy",
  aws_secretsmanager_secret: "policy",
  aws_secretsmanager_secret_policy: "policy",
  aws_ecr_repository_policy: "policy",
  aws_cloudwatch_log_resource_policy: "policy_document",
};
/** Identity policies by Terraform type: the attribute that holds the document. */
const IDENTITY_POLICIES: Readonly<Record<string, string>> = {
  aws_iam_policy: "policy",
  aws_iam_role_policy: "policy",
  aws_iam_user_policy: "policy",
  aws_iam_group_policy: "policy",
};
/** Attachments by Terraform type: the attribute that holds the policy ARN(s). */
const ATTACHMENTS: Readonly<Record<string, string>> = {
  aws_iam_role_policy_attachment: "policy_arn",
  aws_iam_user_policy_attachment: "policy_arn",
  aws_iam_group_policy_attachment: "policy_arn",
  aws_iam_policy_attachment: "policy_arn",
  aws_iam_role_policy_attachments_exclusive: "policy_arns",
};

/**
 * AWS-managed policies that grant every action (`AdministratorAccess`: `"Action": "*"`) or all but a
 * few (`PowerUserAccess`: `NotAction` in an Allow).
 */
const ADMIN_POLICY = /:iam::aws:policy\/(AdministratorAccess|PowerUserAccess)$/;

/**
 * Action names (after `service:`) that only read, by prefix: anything else is a write for
 * `iam-wildcard-resource`, `*` included. Read here means IAM's "Read" and "List" access levels named
 * the usual way; `kms:Decrypt`, `sts:AssumeRole`, `s3:PutObject` are writes.
 */
const READ_ACTION =
  /^(describe|get|list|head|batchget|batchdescribe|query|scan|search|select|lookup|filter|view)/;

const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (item): item is string => typeof item === "string",
  );

/** Whether an action only reads (`ec2:Describe*`, `s3:GetObject`). */
export function isReadAction(action: string): boolean {
  const name = action.slice(action.indexOf(":") + 1).toLowerCase();
  return READ_ACTION.test(name);
}

/**
 * The statements of a literal JSON policy (`JSON.stringify` output, tokens inside strings parse as
 * text); undefined when the document is not literal JSON (a token such as a data source's `json`).
 */
export function statementsOf(policy: unknown): PolicyStatement[] | undefined {
  if (typeof policy !== "string") return undefined;
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    return undefined;
  }
  const statement = (document as { Statement?: unknown } | null)?.Statement;
  if (statement === undefined) return [];
  return (Array.isArray(statement) ? statement : [statement]).filter(
    (s): s is PolicyStatement => typeof s === "object" && s !== null,
  );
}

/** The statements of an `aws_iam_policy_document` data source, in IAM JSON's shape. */
function dataDocumentStatements(document: Readonly<Record<string, unknown>>): PolicyStatement[] {
  return blocksOf(document.statement).map((s) => ({
    Sid: typeof s.sid === "string" ? s.sid : undefined,
    Effect: typeof s.effect === "string" ? s.effect : "Allow",
    Action: s.actions === undefined ? undefined : asList(s.actions),
    NotAction: s.not_actions === undefined ? undefined : asList(s.not_actions),
    Resource: s.resources === undefined ? undefined : asList(s.resources),
    NotResource: s.not_resources === undefined ? undefined : asList(s.not_resources),
    Condition: blocksOf(s.condition).length > 0 ? { terraform: s.condition } : undefined,
  }));
}

/** The findings of one document, as `[rule, message]`. */
export function policyFindings(
  statements: ReadonlyArray<PolicyStatement>,
  kind: PolicyKind,
): Array<["iam-wildcard-action" | "iam-wildcard-resource", string]> {
  const findings: Array<["iam-wildcard-action" | "iam-wildcard-resource", string]> = [];
  statements.forEach((statement, i) => {
    if (statement.Effect !== "Allow") return;
    const name = statement.Sid ? `statement "${statement.Sid}"` : `statement ${i + 1}`;
    const actions = asList(statement.Action);
    if (actions.some((action) => action === "*" || action === "*:*")) {
      findings.push([
        "iam-wildcard-action",
        `${name} allows "Action": "*": list the actions the principal needs`,
      ]);
    }
    if (statement.NotAction !== undefined) {
      findings.push([
        "iam-wildcard-action",
        `${name} allows NotAction (every action but those listed): list the actions the principal needs`,
      ]);
    }
    if (kind !== "identity") return;
    const conditioned =
      typeof statement.Condition === "object" &&
      statement.Condition !== null &&
      Object.keys(statement.Condition).length > 0;
    const everywhere = asList(statement.Resource).includes("*") || statement.NotResource !== undefined;
    const writes =
      statement.NotAction !== undefined ? ["(NotAction)"] : actions.filter((a) => !isReadAction(a));
    if (everywhere && !conditioned && writes.length > 0) {
      findings.push([
        "iam-wildcard-resource",
        `${name} allows ${writes.join(", ")} on "Resource": "*" without a Condition: name the resources (ARNs) or add a Condition that scopes them`,
      ]);
    }
  });
  return findings;
}

/**
 * Fails synth on over-broad IAM: any policy document allowing every action (`"Action": "*"`,
 * `"*:*"`, `NotAction` in an Allow) or an `AdministratorAccess`/`PowerUserAccess` attachment
 * (`iam-wildcard-action`), and identity policies allowing write actions on `"Resource": "*"` (or
 * `NotResource`) without a Condition (`iam-wildcard-resource`). Documents are the literal JSON the
 * project writes (`JSON.stringify`, tokens inside strings); a document that is a reference to an
 * `aws_iam_policy_document` data source of the same stack is read from the data source; any other
 * non-literal document is not judged.
 */
export class IamPolicies implements IAspect {
  private readonly documents = new WeakMap<TerraformStack, Map<string, TerraformDataSource>>();

  visit(node: IConstruct): void {
    if (node instanceof TerraformStack) {
      this.documents.delete(node);
      return;
    }
    if (!(node instanceof TerraformResource)) return;
    const type = node.terraformResourceType;
    if (type === "aws_iam_role") {
      const role = attributesOf(node);
      this.judge(node, role.assume_role_policy, "trust", "assume_role_policy ");
      blocksOf(role.inline_policy).forEach((inline) =>
        this.judge(node, inline.policy, "identity", `inline_policy ${String(inline.name ?? "")} `),
      );
      this.judgeAttachments(node, role.managed_policy_arns);
    } else if (type in IDENTITY_POLICIES) {
      this.judge(node, attributesOf(node)[IDENTITY_POLICIES[type]], "identity", "");
    } else if (type in RESOURCE_POLICIES) {
      this.judge(node, attributesOf(node)[RESOURCE_POLICIES[type]], "resource", "");
    } else if (type in ATTACHMENTS) {
      this.judgeAttachments(node, attributesOf(node)[ATTACHMENTS[type]]);
    }
  }

  private judge(node: TerraformResource, policy: unknown, kind: PolicyKind, where: string): void {
    if (policy === undefined) return;
    const statements = statementsOf(policy) ?? this.dataDocument(node, policy);
    if (!statements) return;
    for (const [rule, message] of policyFindings(statements, kind)) {
      reportViolation(node, rule, `${where}${message}`);
    }
  }

  private judgeAttachments(node: TerraformResource, arns: unknown): void {
    const admin = asList(arns).filter((arn) => !isToken(arn) && ADMIN_POLICY.test(arn));
    if (admin.length > 0) {
      reportViolation(
        node,
        "iam-wildcard-action",
        `attaches ${admin.join(", ")}, which allows (nearly) every action: attach policies that list what the role needs`,
      );
    }
  }

  /** The statements of the `aws_iam_policy_document` data source a policy refers to (`….json`). */
  private dataDocument(node: TerraformResource, policy: unknown): PolicyStatement[] | undefined {
    const reference = referenceOf(policy);
    if (!reference || reference.attribute !== "json") return undefined;
    if (!reference.address.startsWith("data.aws_iam_policy_document.")) return undefined;
    const stack = TerraformStack.of(node);
    let documents = this.documents.get(stack);
    if (!documents) {
      documents = new Map();
      for (const construct of stack.node.findAll()) {
        if (
          construct instanceof TerraformDataSource &&
          construct.terraformResourceType === "aws_iam_policy_document"
        ) {
          documents.set(`data.aws_iam_policy_document.${construct.friendlyUniqueId}`, construct);
        }
      }
      this.documents.set(stack, documents);
    }
    const source = documents.get(reference.address);
    return source ? dataDocumentStatements(attributesOf(source)) : undefined;
  }
}
