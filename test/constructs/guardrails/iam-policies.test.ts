import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { isReadAction, policyFindings, statementsOf } from "../../../constructs/guardrails/iam-policies";
import { suppressGuardrail } from "../../../constructs/guardrails/suppressions";
import { EncryptionKey } from "../../../constructs/kms/encryption-key";
import { findings, guardedStack } from "./guarded-stack";

const policy = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const trust = policy({
  Effect: "Allow",
  Principal: { Service: "ec2.amazonaws.com" },
  Action: "sts:AssumeRole",
});

describe("IAM guardrails", () => {
  it("fail an identity policy allowing every action, as * or *:*", () => {
    const stack = guardedStack();
    new IamPolicy(stack, "Admin", {
      policy: policy({ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" }),
    });
    new IamPolicy(stack, "Colon", {
      policy: policy({ Effect: "Allow", Action: ["*:*"], Resource: "arn:aws:s3:::b" }),
    });
    const errors = findings(stack, "iam-wildcard-action");
    expect(errors).toEqual([
      '[iam-wildcard-action] guarded/Admin (aws_iam_policy): statement "All" allows "Action": "*": list the actions the principal needs',
      '[iam-wildcard-action] guarded/Colon (aws_iam_policy): statement 1 allows "Action": "*": list the actions the principal needs',
    ]);
  });

  it("fail write actions on every resource without a Condition, in role and inline policies", () => {
    const stack = guardedStack();
    const role = new IamRole(stack, "Role", {
      assumeRolePolicy: trust,
      inlinePolicy: [
        {
          name: "writes",
          policy: policy({ Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: "*" }),
        },
      ],
    });
    new IamRolePolicy(stack, "Keys", {
      role: role.name,
      policy: policy({ Sid: "Decrypt", Effect: "Allow", Action: "kms:Decrypt", Resource: ["*"] }),
    });
    expect(findings(stack)).toEqual([
      '[iam-wildcard-resource] guarded/Role (aws_iam_role): inline_policy writes statement 1 allows s3:PutObject on "Resource": "*" without a Condition: name the resources (ARNs) or add a Condition that scopes them',
      expect.stringMatching(
        /^\[iam-wildcard-resource\] guarded\/Keys \(aws_iam_role_policy\): statement "Decrypt" allows kms:Decrypt on "Resource": "\*"/,
      ),
    ]);
  });

  it("pass reads on every resource, conditioned writes, named resources and Deny statements", () => {
    const stack = guardedStack();
    new IamPolicy(stack, "Fine", {
      policy: policy(
        {
          Effect: "Allow",
          Action: ["ec2:Describe*", "pricing:GetProducts", "iam:ListInstanceProfiles"],
          Resource: "*",
        },
        {
          Effect: "Allow",
          Action: "ec2:CreateFleet",
          Resource: "*",
          Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-3" } },
        },
        { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" },
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ),
    });
    expect(findings(stack)).toEqual([]);
  });

  it("judge resource policies on actions only: a key policy's Resource * is the key itself", () => {
    const stack = guardedStack();
    new EncryptionKey(stack, "Key", {
      description: "k",
      aliasName: "k",
      accountId: "111111111111",
      region: "eu-west-3",
    });
    new S3BucketPolicy(stack, "Open", {
      bucket: "b",
      policy: policy({ Effect: "Allow", Principal: "*", Action: "*", Resource: "arn:aws:s3:::b/*" }),
    });
    expect(findings(stack)).toEqual([
      '[iam-wildcard-action] guarded/Open (aws_s3_bucket_policy): statement 1 allows "Action": "*": list the actions the principal needs',
    ]);
  });

  it("fail NotAction and NotResource in an Allow, and a trust policy allowing every action", () => {
    const stack = guardedStack();
    new IamPolicy(stack, "Not", {
      policy: policy(
        { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" },
        { Effect: "Allow", Action: "s3:DeleteObject", NotResource: "arn:aws:s3:::keep/*" },
      ),
    });
    new IamRole(stack, "Trusting", {
      assumeRolePolicy: policy({
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: "*",
      }),
    });
    expect(findings(stack).map((e) => e.replace(/: (list|name) .*$/, ""))).toEqual([
      "[iam-wildcard-action] guarded/Not (aws_iam_policy): statement 1 allows NotAction (every action but those listed)",
      '[iam-wildcard-resource] guarded/Not (aws_iam_policy): statement 2 allows s3:DeleteObject on "Resource": "*" without a Condition',
      '[iam-wildcard-action] guarded/Trusting (aws_iam_role): assume_role_policy statement 1 allows "Action": "*"',
    ]);
  });

  it("fail AdministratorAccess and PowerUserAccess attachments, and let a documented one through", () => {
    const stack = guardedStack();
    new IamRole(stack, "Managed", {
      assumeRolePolicy: trust,
      managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"],
    });
    new IamRolePolicyAttachment(stack, "Admin", {
      role: "r",
      policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    const bounded = new IamRolePolicyAttachment(stack, "Bounded", {
      role: "deployer",
      policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    suppressGuardrail(
      bounded,
      "iam-wildcard-action",
      "deploy role, bounded by the deployer permissions boundary",
    );
    new IamRolePolicyAttachment(stack, "ReadOnly", {
      role: "r",
      policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
    });
    expect(findings(stack)).toEqual([
      expect.stringMatching(
        /^\[iam-wildcard-action\] guarded\/Managed \(aws_iam_role\): attaches arn:aws:iam::aws:policy\/PowerUserAccess/,
      ),
      expect.stringMatching(
        /^\[iam-wildcard-action\] guarded\/Admin \(aws_iam_role_policy_attachment\): attaches arn:aws:iam::aws:policy\/AdministratorAccess/,
      ),
    ]);
  });

  it("read a policy from the aws_iam_policy_document data source it refers to", () => {
    const stack = guardedStack();
    const document = new DataAwsIamPolicyDocument(stack, "Document", {
      statement: [{ effect: "Allow", actions: ["s3:PutObject"], resources: ["*"] }],
    });
    new IamPolicy(stack, "FromDocument", { policy: document.json });
    expect(findings(stack)).toEqual([
      expect.stringMatching(
        /^\[iam-wildcard-resource\] guarded\/FromDocument \(aws_iam_policy\): statement 1 allows s3:PutObject on "Resource": "\*"/,
      ),
    ]);
  });

  it("parses literal JSON with tokens inside strings, and skips documents that are not literal", () => {
    expect(
      statementsOf(
        '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${TfToken[TOKEN.1]}"}]}',
      ),
    ).toHaveLength(1);
    expect(statementsOf("${TfToken[TOKEN.2]}")).toBeUndefined();
    expect(policyFindings([{ Effect: "Allow", Action: "s3:*", Resource: "*" }], "identity")).toHaveLength(1);
    expect(policyFindings([{ Effect: "Allow", Action: "s3:*", Resource: "*" }], "resource")).toEqual([]);
  });

  it("counts Describe/Get/List/… as reads and everything else, wildcards included, as writes", () => {
    const reads = [
      "ec2:DescribeInstances",
      "ec2:Describe*",
      "s3:GetObject",
      "s3:ListBucket",
      "dynamodb:Query",
      "logs:FilterLogEvents",
    ];
    const writes = ["s3:PutObject", "s3:*", "kms:Decrypt", "sts:AssumeRole", "ec2:RunInstances", "*"];
    expect(reads.filter(isReadAction)).toEqual(reads);
    expect(writes.filter(isReadAction)).toEqual([]);
  });
});
