import { parse as parseYaml } from "yaml";
import { parseEnvironment } from "../../config/define";
import { unknownValuesKeys } from "../helpers/chart-values";
import { schemaFile } from "../helpers/crd-validation";
import {
  buildApp,
  environment,
  namedResourcesOf,
  onlyResource,
  refAt,
  resourcesOf,
  synthAll,
  type Json,
} from "../helpers/synth";

const KARPENTER_ENVIRONMENTS = ["dev", "lab", "outpost", "prod"];

/**
 * Actions by statement of Karpenter 1.14's reference CloudFormation template (NodeLifecycle,
 * IAMIntegration, EKSIntegration, Interruption, ResourceDiscovery policies), plus the decryption
 * of the queue this project encrypts with a customer-managed key.
 */
const REFERENCE_ACTIONS: Record<string, string[]> = {
  AllowScopedEC2InstanceAccessActions: ["ec2:CreateFleet", "ec2:RunInstances"],
  AllowScopedEC2LaunchTemplateAccessActions: ["ec2:CreateFleet", "ec2:RunInstances"],
  AllowScopedEC2InstanceActionsWithTags: ["ec2:CreateFleet", "ec2:CreateLaunchTemplate", "ec2:RunInstances"],
  AllowScopedResourceCreationTagging: ["ec2:CreateTags"],
  AllowScopedResourceTagging: ["ec2:CreateTags"],
  AllowScopedDeletion: ["ec2:DeleteLaunchTemplate", "ec2:TerminateInstances"],
  AllowPassingInstanceRole: ["iam:PassRole"],
  AllowScopedInstanceProfileCreationActions: ["iam:CreateInstanceProfile"],
  AllowScopedInstanceProfileTagActions: ["iam:TagInstanceProfile"],
  AllowScopedInstanceProfileActions: [
    "iam:AddRoleToInstanceProfile",
    "iam:DeleteInstanceProfile",
    "iam:RemoveRoleFromInstanceProfile",
  ],
  AllowAPIServerEndpointDiscovery: ["eks:DescribeCluster"],
  AllowInterruptionQueueActions: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
  AllowInterruptionQueueDecryption: ["kms:Decrypt"],
  AllowRegionalReadActions: [
    "ec2:DescribeCapacityReservations",
    "ec2:DescribeImages",
    "ec2:DescribeInstanceStatus",
    "ec2:DescribeInstanceTypeOfferings",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeInstances",
    "ec2:DescribeLaunchTemplates",
    "ec2:DescribePlacementGroups",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSpotPriceHistory",
    "ec2:DescribeSubnets",
  ],
  AllowSSMReadActions: ["ssm:GetParameter"],
  AllowPricingReadActions: ["pricing:GetProducts"],
  AllowUnscopedInstanceProfileListAction: ["iam:ListInstanceProfiles"],
  AllowInstanceProfileReadActions: ["iam:GetInstanceProfile"],
};

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}
const statementsOf = (document: unknown) =>
  (JSON.parse(document as string) as { Statement: Statement[] }).Statement;
const actionsOf = (statement: Statement) => [statement.Action].flat();

describe("karpenter stacks: IAM and interruption queue", () => {
  let synths: Map<string, string>;
  const karpenter = (env: string) => synths.get(`${env}-karpenter`)!;
  const controllerStatements = (env: string) =>
    statementsOf(onlyResource(karpenter(env), "aws_iam_role_policy").policy);
  const statement = (env: string, sid: string) => controllerStatements(env).find((s) => s.Sid === sid)!;
  const nodeClass = (env: string) =>
    resourcesOf(karpenter(env), "kubernetes_manifest")
      .map((m) => m.manifest as Json)
      .find((m) => m.kind === "EC2NodeClass")!;

  beforeAll(() => {
    synths = synthAll(buildApp(KARPENTER_ENVIRONMENTS.map(environment)));
  });

  describe("controller IAM", () => {
    it("trusts EKS Pod Identity only, with session tags", () => {
      const role = Object.entries(namedResourcesOf(karpenter("dev"), "aws_iam_role")).find(([name]) =>
        name.startsWith("Controller_Role"),
      )![1];
      expect(role.name).toBe("dataplatform-dev-karpenter");
      expect(statementsOf(role.assume_role_policy)).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
        },
      ]);
    });

    it("associates the role with kube-system/karpenter", () => {
      expect(onlyResource(karpenter("dev"), "aws_eks_pod_identity_association")).toMatchObject({
        cluster_name: "dataplatform-dev",
        namespace: "kube-system",
        service_account: "karpenter",
        role_arn: refAt(karpenter("dev"), "aws_iam_role", "Controller_Role", "arn"),
      });
    });

    it.each(KARPENTER_ENVIRONMENTS)(
      "%s: grants no wildcard action and writes the policy as literal JSON",
      (env) => {
        const statements = controllerStatements(env);
        for (const s of statements) {
          expect(s.Effect).toBe("Allow");
          for (const action of actionsOf(s)) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
        }
      },
    );

    it("grants, statement by statement, the actions of Karpenter 1.14's reference policy and no other", () => {
      const bySid = Object.fromEntries(controllerStatements("dev").map((s) => [s.Sid, actionsOf(s).sort()]));
      expect(bySid).toEqual(REFERENCE_ACTIONS);
    });

    it("decrypts with the queue's key only, only through SQS", () => {
      expect(statement("dev", "AllowInterruptionQueueDecryption")).toEqual({
        Sid: "AllowInterruptionQueueDecryption",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: refAt(karpenter("dev"), "aws_kms_key", "InterruptionQueue_Key", "arn"),
        Condition: { StringEquals: { "kms:ViaService": "sqs.eu-west-3.amazonaws.com" } },
      });
    });

    it("passes only the node role, only to EC2", () => {
      const passRole = controllerStatements("dev").filter((s) => actionsOf(s).includes("iam:PassRole"));
      expect(passRole).toEqual([
        {
          Sid: "AllowPassingInstanceRole",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: refAt(karpenter("dev"), "aws_iam_role", "NodeRole", "arn"),
          Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
        },
      ]);
    });

    it("scopes launches, tagging and deletion to this cluster's and a NodePool's tags, in this region", () => {
      const cluster = "kubernetes.io/cluster/dataplatform-dev";
      for (const sid of [
        "AllowScopedEC2LaunchTemplateAccessActions",
        "AllowScopedResourceTagging",
        "AllowScopedDeletion",
      ]) {
        const s = statement("dev", sid);
        expect(s.Condition!.StringEquals[`aws:ResourceTag/${cluster}`]).toBe("owned");
        expect(s.Condition!.StringLike["aws:ResourceTag/karpenter.sh/nodepool"]).toBe("*");
      }
      for (const sid of ["AllowScopedEC2InstanceActionsWithTags", "AllowScopedResourceCreationTagging"]) {
        const s = statement("dev", sid);
        expect(s.Condition!.StringEquals[`aws:RequestTag/${cluster}`]).toBe("owned");
        expect(s.Condition!.StringLike["aws:RequestTag/karpenter.sh/nodepool"]).toBe("*");
      }
      expect(actionsOf(statement("dev", "AllowScopedDeletion")).sort()).toEqual([
        "ec2:DeleteLaunchTemplate",
        "ec2:TerminateInstances",
      ]);
      const ec2Resources = controllerStatements("dev")
        .filter((s) => actionsOf(s).some((a) => a.startsWith("ec2:")) && s.Resource !== "*")
        .flatMap((s) => [s.Resource!].flat());
      for (const arn of ec2Resources) expect(arn).toMatch(/^arn:aws:ec2:eu-west-3:/);
      expect(statement("dev", "AllowRegionalReadActions").Condition).toEqual({
        StringEquals: { "aws:RequestedRegion": "eu-west-3" },
      });
    });

    it("reads SSM under /aws/service only, queue messages of its own queue only, its own cluster only", () => {
      expect(statement("dev", "AllowSSMReadActions").Resource).toBe(
        "arn:aws:ssm:eu-west-3::parameter/aws/service/*",
      );
      expect(statement("dev", "AllowInterruptionQueueActions")).toMatchObject({
        Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
        Resource: refAt(karpenter("dev"), "aws_sqs_queue", "InterruptionQueue", "arn"),
      });
      expect(statement("dev", "AllowAPIServerEndpointDiscovery").Resource).toBe(
        `arn:aws:eks:eu-west-3:${environment("dev").accountId}:cluster/dataplatform-dev`,
      );
      expect(actionsOf(statement("dev", "AllowPricingReadActions"))).toEqual(["pricing:GetProducts"]);
    });
  });

  describe("IRSA on request", () => {
    let irsa: string;
    beforeAll(() => {
      const dev = environment("dev");
      const env = parseEnvironment({ ...dev, karpenter: { ...dev.karpenter, controllerIdentity: "irsa" } });
      irsa = synthAll(buildApp([env])).get("dev-karpenter")!;
    });

    it("trusts the cluster's OIDC provider for kube-system:karpenter only, and annotates the service account", () => {
      const role = Object.entries(namedResourcesOf(irsa, "aws_iam_role")).find(([name]) =>
        name.startsWith("Controller_Role"),
      )![1];
      const [trust] = statementsOf(role.assume_role_policy);
      expect(trust.Action).toBe("sts:AssumeRoleWithWebIdentity");
      expect(trust.Principal).toEqual({
        Federated: expect.stringMatching(/terraform_remote_state.*oidc|OidcProvider/i),
      });
      const host = Object.keys(trust.Condition!.StringEquals)[0].replace(/:(sub|aud)$/, "");
      expect(trust.Condition!.StringEquals).toEqual({
        [`${host}:sub`]: "system:serviceaccount:kube-system:karpenter",
        [`${host}:aud`]: "sts.amazonaws.com",
      });
      expect(resourcesOf(irsa, "aws_eks_pod_identity_association")).toEqual([]);
      const values = parseYaml((onlyResource(irsa, "helm_release").values as string[])[0]) as Json;
      expect(unknownValuesKeys(values, schemaFile("karpenter", "values.yaml"))).toEqual([]);
      expect((values.serviceAccount as Json).annotations).toEqual({
        "eks.amazonaws.com/role-arn": refAt(irsa, "aws_iam_role", "Controller_Role", "arn"),
      });
    });
  });

  describe("node role", () => {
    it("carries the worker, ECR pull, CNI and SSM policies and joins through an EC2_LINUX access entry", () => {
      const attachments = resourcesOf(karpenter("dev"), "aws_iam_role_policy_attachment").map((a) =>
        String(a.policy_arn).split("/").pop(),
      );
      expect(attachments.sort()).toEqual([
        "AmazonEC2ContainerRegistryPullOnly",
        "AmazonEKSWorkerNodePolicy",
        "AmazonEKS_CNI_Policy",
        "AmazonSSMManagedInstanceCore",
      ]);
      expect(onlyResource(karpenter("dev"), "aws_eks_access_entry")).toMatchObject({
        cluster_name: "dataplatform-dev",
        type: "EC2_LINUX",
        principal_arn: refAt(karpenter("dev"), "aws_iam_role", "NodeRole", "arn"),
      });
      expect(nodeClass("dev").spec).toMatchObject({
        role: refAt(karpenter("dev"), "aws_iam_role", "NodeRole", "name"),
      });
    });
  });

  describe("interruption queue", () => {
    it("encrypts the queue with its own rotating customer-managed key and keeps messages 5 minutes", () => {
      const queue = onlyResource(karpenter("dev"), "aws_sqs_queue");
      expect(queue).toMatchObject({
        name: "dataplatform-dev-karpenter",
        message_retention_seconds: 300,
        kms_master_key_id: refAt(karpenter("dev"), "aws_kms_key", "InterruptionQueue_Key", "arn"),
      });
      expect(onlyResource(karpenter("dev"), "aws_kms_key").enable_key_rotation).toBe(true);
      const eventBridgeUse = statementsOf(onlyResource(karpenter("dev"), "aws_kms_key").policy).find(
        (s) => s.Sid === "EventBridgeSendsToTheQueue",
      )!;
      expect(eventBridgeUse.Principal).toEqual({ Service: "events.amazonaws.com" });
      expect(actionsOf(eventBridgeUse).sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
      expect(eventBridgeUse.Condition).toEqual(FROM_THE_FIVE_RULES);
    });

    /** The five rules of dev, as EventBridge writes a rule ARN: arn:aws:events:<region>:<account>:rule/<name>. */
    const FROM_THE_FIVE_RULES = {
      ArnEquals: {
        "aws:SourceArn": [
          "ScheduledChange",
          "SpotInterruption",
          "Rebalance",
          "InstanceStateChange",
          "CapacityReservationInterruption",
        ].map((id) => `arn:aws:events:eu-west-3:111111111111:rule/dataplatform-dev-karpenter-${id}`),
      },
      StringEquals: { "aws:SourceAccount": "111111111111" },
    };

    it("names, in both policies, rules that exist", () => {
      const names = resourcesOf(karpenter("dev"), "aws_cloudwatch_event_rule").map((r) => r.name as string);
      expect(names).toHaveLength(5);
      const arns = FROM_THE_FIVE_RULES.ArnEquals["aws:SourceArn"];
      expect(arns.map((arn) => arn.split("rule/")[1]).sort()).toEqual([...names].sort());
    });

    it("lets only this account's interruption rules and SQS send, and denies any call without TLS", () => {
      const queueArn = refAt(karpenter("dev"), "aws_sqs_queue", "InterruptionQueue", "arn");
      const statements = statementsOf(onlyResource(karpenter("dev"), "aws_sqs_queue_policy").policy);
      expect(statements).toEqual([
        {
          Sid: "EventBridgeRulesOnly",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queueArn,
          Condition: FROM_THE_FIVE_RULES,
        },
        {
          Sid: "SqsService",
          Effect: "Allow",
          Principal: { Service: "sqs.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queueArn,
        },
        {
          Sid: "DenyHTTP",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: queueArn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]);
    });

    it("routes the five interruption events to the queue", () => {
      const patterns = resourcesOf(karpenter("dev"), "aws_cloudwatch_event_rule").map((rule) =>
        JSON.parse(rule.event_pattern as string),
      );
      expect(patterns).toHaveLength(5);
      expect(patterns).toEqual(
        expect.arrayContaining([
          { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
          { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
          { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
          { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
          { source: ["aws.ec2"], "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"] },
        ]),
      );

      const queueArn = refAt(karpenter("dev"), "aws_sqs_queue", "InterruptionQueue", "arn");
      const targets = resourcesOf(karpenter("dev"), "aws_cloudwatch_event_target");
      expect(targets).toHaveLength(5);
      for (const target of targets) expect(target.arn).toBe(queueArn);
    });
  });
});
