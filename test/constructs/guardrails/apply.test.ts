import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { TerraformStack, Testing } from "cdktf";
import { applyGuardrails } from "../../../constructs/guardrails/apply";
import { GUARDRAIL_RULES } from "../../../constructs/guardrails/rules";
import { suppressGuardrail, suppressionsUnder } from "../../../constructs/guardrails/suppressions";
import { REQUIRED_TAG_KEYS } from "../../../stacks/tags";
import { findings } from "./guarded-stack";

/** A production stack, untagged, with one resource breaking each rule of the catalogue. */
function everythingWrong(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "prod-bad");
  new AwsProvider(stack, "aws", { region: "eu-west-3" });
  new HelmProvider(stack, "helm", {});
  new KubernetesProvider(stack, "kubernetes", {});
  applyGuardrails(stack, { requiredTagKeys: REQUIRED_TAG_KEYS, production: true });
  new S3Bucket(stack, "Bucket", { bucket: "b" });
  new LaunchTemplate(stack, "Template", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: {} }] });
  new DbInstance(stack, "Db", { engine: "postgres", instanceClass: "db.m5.large", allocatedStorage: 20 });
  new DynamodbTable(stack, "Table", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
  new EksCluster(stack, "Cluster", { name: "c", roleArn: "arn:role", vpcConfig: { subnetIds: ["s"] } });
  new VpcSecurityGroupIngressRule(stack, "Ingress", {
    securityGroupId: "sg",
    ipProtocol: "-1",
    cidrIpv6: "::/0",
  });
  new IamPolicy(stack, "Policy", {
    policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
  });
  new CloudwatchLogGroup(stack, "Logs", { name: "l" });
  new SqsQueue(stack, "Queue", { name: "q" });
  new Release(stack, "Release", {
    name: "r",
    chart: "app",
    repository: "https://charts.example.com",
    values: ["image: nginx\npassword: hunter22\n"],
  });
  new SecretV1(stack, "Secret", { metadata: { name: "s" }, data: { password: "hunter22" } });
  return stack;
}

describe("applyGuardrails", () => {
  it("registers every rule of the catalogue: a stack breaking each one gets a finding of each", () => {
    const rules = new Set(
      findings(everythingWrong()).map((message) => message.slice(1, message.indexOf("]"))),
    );
    expect(GUARDRAIL_RULES.length).toBe(22);
    expect([...rules].sort()).toEqual(GUARDRAIL_RULES.map((rule) => rule.id).sort());
  });

  it("fails synth with every finding, each naming the rule, the stack and construct path, and the Terraform type", () => {
    const stack = everythingWrong();
    expect(() => (stack.node.root as ReturnType<typeof Testing.app>).synth()).toThrow(
      /\[prod-bad\/Queue\] \[sqs-encryption\] prod-bad\/Queue \(aws_sqs_queue\): set kmsMasterKeyId/,
    );
  });

  it("keeps the signature other stacks call: production is optional and off by default", () => {
    const stack = new TerraformStack(Testing.app(), "ci");
    new AwsProvider(stack, "aws", { region: "eu-west-3" });
    applyGuardrails(stack, { requiredTagKeys: ["owner"] });
    new DbInstance(stack, "Db", {
      engine: "postgres",
      instanceClass: "db.m5.large",
      allocatedStorage: 20,
      storageEncrypted: true,
      kmsKeyId: "arn:key",
      publiclyAccessible: false,
      backupRetentionPeriod: 7,
      tags: { owner: "o" },
    });
    expect(findings(stack)).toEqual([]);
  });

  it("registers every suppression with its path, rule and reason, and marks those that let a finding through", () => {
    const stack = everythingWrong();
    const queue = stack.node.findChild("Queue");
    suppressGuardrail(queue, "sqs-encryption", "queue of a test, never deployed");
    suppressGuardrail(queue, "open-ingress", "nothing to open on a queue, stale");
    expect(findings(stack).some((message) => message.startsWith("[sqs-encryption]"))).toBe(false);
    expect(suppressionsUnder(stack.node.root)).toEqual([
      {
        path: "prod-bad/Queue",
        rule: "sqs-encryption",
        reason: "queue of a test, never deployed",
        used: true,
      },
      {
        path: "prod-bad/Queue",
        rule: "open-ingress",
        reason: "nothing to open on a queue, stale",
        used: false,
      },
    ]);
  });
});
