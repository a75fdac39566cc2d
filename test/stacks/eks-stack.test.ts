import { ADDON_VERSIONS } from "../../config/kubernetes-versions";
import { CLUSTER_ADMINS, CLUSTER_VIEWERS } from "../../config/organisation";
import {
  buildApp,
  environment,
  errorAnnotations,
  namedResourcesOf,
  onlyResource,
  parse,
  refAt,
  resourceAt,
  resourcesOf,
  stacksOf,
  synthAll,
  type Json,
} from "../helpers/synth";

const EKS_ENVIRONMENTS = ["dev", "lab", "outpost", "outpost-local", "prod"];
const REGIONAL_CONTROL_PLANES = ["dev", "lab", "outpost", "prod"];

const policyOf = (resource: Json, field = "policy") => JSON.parse(resource[field] as string) as Json;

describe("eks stacks", () => {
  let synths: Map<string, string>;
  const eks = (env: string) => synths.get(`${env}-eks`)!;

  beforeAll(() => {
    synths = synthAll(buildApp());
  });

  it.each(EKS_ENVIRONMENTS)("%s-eks matches the reviewed snapshot", (env) => {
    expect(eks(env)).toMatchSnapshot();
  });

  it("raises no guardrail error in any stack", () => {
    for (const stack of stacksOf(buildApp()).values()) expect(errorAnnotations(stack)).toEqual([]);
  });

  it.each(EKS_ENVIRONMENTS)("%s-eks keeps its state under <env>/eks.tfstate", (env) => {
    const backend = parse(eks(env)).terraform?.backend as { s3: Json };
    expect(backend.s3.key).toBe(`${env}/eks.tfstate`);
  });

  it.each(EKS_ENVIRONMENTS)("%s-eks writes every depends_on as a plain resource address", (env) => {
    for (const resources of Object.values(parse(eks(env)).resource ?? {})) {
      for (const body of Object.values(resources)) {
        for (const entry of (body.depends_on as string[] | undefined) ?? []) {
          expect(entry).toMatch(/^(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+$/);
        }
      }
    }
  });

  it.each(EKS_ENVIRONMENTS)("%s-eks writes every IAM and key policy as literal JSON", (env) => {
    const documents = [
      ...resourcesOf(eks(env), "aws_iam_role").map((r) => r.assume_role_policy),
      ...resourcesOf(eks(env), "aws_iam_role_policy").map((r) => r.policy),
      ...resourcesOf(eks(env), "aws_kms_key").map((r) => r.policy),
    ];
    expect(documents.length).toBeGreaterThan(3);
    for (const document of documents) {
      expect(JSON.parse(document as string)).toMatchObject({ Version: "2012-10-17" });
    }
  });

  it.each(EKS_ENVIRONMENTS)("%s-eks outputs what the later layers need", (env) => {
    const outputs = Object.keys(parse(eks(env)).output ?? {});
    expect(outputs).toEqual(
      expect.arrayContaining([
        "cluster_name",
        "cluster_endpoint",
        "cluster_certificate_authority_data",
        "node_security_group_id",
        "node_role_arns",
      ]),
    );
    expect(outputs.includes("oidc_provider_arn")).toBe(env !== "outpost-local");
    expect(outputs.includes("database_secret_arn")).toBe(env !== "lab");
  });

  describe("regional control plane", () => {
    it.each(REGIONAL_CONTROL_PLANES)("%s encrypts secrets with its own rotating CMK", (env) => {
      const cluster = onlyResource(eks(env), "aws_eks_cluster");
      expect(cluster.encryption_config).toEqual({
        resources: ["secrets"],
        provider: { key_arn: refAt(eks(env), "aws_kms_key", "SecretsKey", "arn") },
      });
      expect(resourceAt(eks(env), "aws_kms_key", "SecretsKey").body.enable_key_rotation).toBe(true);
    });

    it.each(REGIONAL_CONTROL_PLANES)(
      "%s ships all five control-plane log types to an encrypted log group",
      (env) => {
        const cluster = onlyResource(eks(env), "aws_eks_cluster");
        expect(cluster.enabled_cluster_log_types).toEqual([
          "api",
          "audit",
          "authenticator",
          "controllerManager",
          "scheduler",
        ]);
        const group = resourceAt(eks(env), "aws_cloudwatch_log_group", "Cluster_LogGroup").body;
        expect(group.name).toBe(`/aws/eks/${cluster.name as string}/cluster`);
        expect(group.kms_key_id).toMatch(/cross-stack-output-aws_kms_keyLogsKey/);
        expect(group.retention_in_days).toBe(env === "prod" ? 365 : 90);
      },
    );

    it.each(REGIONAL_CONTROL_PLANES)(
      "%s keeps the endpoint private and places it in the intra subnets",
      (env) => {
        const vpc = onlyResource(eks(env), "aws_eks_cluster").vpc_config as Json;
        expect(vpc).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
        expect(vpc.public_access_cidrs).toBeUndefined();
        expect(vpc.subnet_ids as string[]).toHaveLength(env === "prod" ? 3 : 2);
        for (const subnet of vpc.subnet_ids as string[]) expect(subnet).toMatch(/IntraSubnet/);
      },
    );

    it.each(REGIONAL_CONTROL_PLANES)("%s uses access entries only, with no implicit creator admin", (env) => {
      const cluster = onlyResource(eks(env), "aws_eks_cluster");
      expect(cluster.access_config).toEqual({
        authentication_mode: "API",
        bootstrap_cluster_creator_admin_permissions: false,
      });
      expect(cluster.bootstrap_self_managed_addons).toBe(false);
      const entries = resourcesOf(eks(env), "aws_eks_access_entry").filter((e) => e.type === "STANDARD");
      expect(entries.map((e) => e.principal_arn)).toEqual([...CLUSTER_ADMINS, ...CLUSTER_VIEWERS]);
      const associations = resourcesOf(eks(env), "aws_eks_access_policy_association");
      expect(associations).toHaveLength(CLUSTER_ADMINS.length + CLUSTER_VIEWERS.length);
      for (const association of associations) {
        expect(association.access_scope).toEqual({ type: "cluster" });
      }
      const policies = associations.map((a) => (a.policy_arn as string).split("/").pop());
      expect(policies).toEqual([
        ...CLUSTER_ADMINS.map(() => "AmazonEKSClusterAdminPolicy"),
        // The CI plan role reads every object, Secrets included (Helm keeps releases there), and writes none.
        ...CLUSTER_VIEWERS.map(() => "AmazonEKSAdminViewPolicy"),
      ]);
    });

    it.each(REGIONAL_CONTROL_PLANES)("%s has an IAM OIDC provider for IRSA", (env) => {
      const oidc = onlyResource(eks(env), "aws_iam_openid_connect_provider");
      expect(oidc.client_id_list).toEqual(["sts.amazonaws.com"]);
      expect(oidc.url).toBe(refAt(eks(env), "aws_eks_cluster", "Cluster", "identity[0].oidc[0].issuer"));
    });

    it("keeps production keys from terraform destroy, and only there", () => {
      for (const key of ["SecretsKey", "EbsKey", "DatabaseKey"]) {
        expect((resourceAt(eks("prod"), "aws_kms_key", key).body.lifecycle as Json).prevent_destroy).toBe(
          true,
        );
        expect((resourceAt(eks("dev"), "aws_kms_key", key).body.lifecycle as Json).prevent_destroy).toBe(
          false,
        );
      }
    });

    it("protects the production cluster from deletion, and only it", () => {
      expect(onlyResource(eks("prod"), "aws_eks_cluster").deletion_protection).toBe(true);
      expect(onlyResource(eks("dev"), "aws_eks_cluster").deletion_protection).toBe(false);
    });

    it("gives the cluster role the cluster policy and use of the secrets key only", () => {
      const json = eks("dev");
      const role = resourceAt(json, "aws_iam_role", "Cluster_Role").body;
      expect(policyOf(role, "assume_role_policy").Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
        },
      ]);
      const attachments = resourcesOf(json, "aws_iam_role_policy_attachment").map(
        (a) => a.policy_arn as string,
      );
      expect(attachments).toContain("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy");
      const inline = policyOf(onlyResource(json, "aws_iam_role_policy"));
      expect(inline.Statement).toEqual([
        expect.objectContaining({ Resource: refAt(json, "aws_kms_key", "SecretsKey", "arn") }),
      ]);
    });
  });

  describe("managed add-ons", () => {
    it.each(REGIONAL_CONTROL_PLANES)(
      "%s installs the five add-ons at the versions pinned for 1.35",
      (env) => {
        const versions = Object.fromEntries(
          resourcesOf(eks(env), "aws_eks_addon").map((a) => [
            a.addon_name as string,
            a.addon_version as string,
          ]),
        );
        const pinned = ADDON_VERSIONS["1.35"];
        expect(versions).toEqual({
          "vpc-cni": pinned.vpcCni,
          coredns: pinned.coredns,
          "kube-proxy": pinned.kubeProxy,
          "eks-pod-identity-agent": pinned.podIdentityAgent,
          "aws-ebs-csi-driver": pinned.ebsCsiDriver,
        });
      },
    );

    it("gives the EBS CSI driver its own Pod Identity role with AmazonEBSCSIDriverPolicy", () => {
      const json = eks("dev");
      const addon = resourceAt(json, "aws_eks_addon", "Addons_EbsCsiDriver").body;
      const roleArn = refAt(json, "aws_iam_role", "Addons_EbsCsiDriverRole", "arn");
      expect(addon.pod_identity_association).toEqual([
        { role_arn: roleArn, service_account: "ebs-csi-controller-sa" },
      ]);
      const role = resourceAt(json, "aws_iam_role", "Addons_EbsCsiDriverRole").body;
      expect(policyOf(role, "assume_role_policy").Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
        },
      ]);
      expect(
        resourceAt(json, "aws_iam_role_policy_attachment", "Addons_EbsCsiDriverRole").body.policy_arn,
      ).toBe("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
    });

    it("gives the VPC CNI an IRSA role bound to kube-system/aws-node, keeping CNI rights off the nodes", () => {
      const json = eks("dev");
      const role = resourceAt(json, "aws_iam_role", "Addons_VpcCniRole").body;
      const [trust] = policyOf(role, "assume_role_policy").Statement as Json[];
      expect(trust.Action).toBe("sts:AssumeRoleWithWebIdentity");
      expect(JSON.stringify(trust.Condition)).toContain("system:serviceaccount:kube-system:aws-node");
      const nodePolicies = Object.entries(namedResourcesOf(json, "aws_iam_role_policy_attachment"))
        .filter(([name]) => name.startsWith("SystemNodes"))
        .map(([, a]) => a.policy_arn);
      expect(nodePolicies).not.toContain("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
    });

    it("creates the CNI, kube-proxy and Pod Identity agent before nodes, CoreDNS and the EBS CSI driver after", () => {
      const json = eks("dev");
      const nodeGroup = resourceAt(json, "aws_eks_node_group", "SystemNodes").body;
      for (const addon of ["VpcCni", "KubeProxy", "PodIdentityAgent"]) {
        expect(nodeGroup.depends_on).toContain(
          `aws_eks_addon.${resourceAt(json, "aws_eks_addon", `Addons_${addon}`).name}`,
        );
      }
      const nodeGroupAddress = `aws_eks_node_group.${resourceAt(json, "aws_eks_node_group", "SystemNodes").name}`;
      for (const addon of ["CoreDns", "EbsCsiDriver"]) {
        expect(resourceAt(json, "aws_eks_addon", `Addons_${addon}`).body.depends_on).toContain(
          nodeGroupAddress,
        );
      }
    });

    it("places CoreDNS and the EBS CSI controller on the tainted system nodes", () => {
      const json = eks("dev");
      const placement = {
        nodeSelector: { "node.dataplatform.io/pool": "system" },
        tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
      };
      expect(
        JSON.parse(resourceAt(json, "aws_eks_addon", "Addons_CoreDns").body.configuration_values as string),
      ).toEqual(placement);
      expect(
        JSON.parse(
          resourceAt(json, "aws_eks_addon", "Addons_EbsCsiDriver").body.configuration_values as string,
        ),
      ).toEqual({ controller: placement });
    });
  });

  describe("system node group", () => {
    it.each(REGIONAL_CONTROL_PLANES)(
      "%s runs at least two On-Demand AL2023 nodes, labelled and tainted",
      (env) => {
        const group = resourceAt(eks(env), "aws_eks_node_group", "SystemNodes").body;
        expect(group).toMatchObject({
          node_group_name_prefix: "system-",
          ami_type: "AL2023_x86_64_STANDARD",
          capacity_type: "ON_DEMAND",
          labels: { "node.dataplatform.io/pool": "system" },
          taint: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
        });
        expect((group.scaling_config as Json).min_size).toBeGreaterThanOrEqual(2);
        expect(group.remote_access).toBeUndefined();
        expect((group.lifecycle as Json).create_before_destroy).toBe(true);
        for (const subnet of group.subnet_ids as string[]) expect(subnet).toMatch(/PrivateSubnet/);
      },
    );

    it.each(REGIONAL_CONTROL_PLANES)(
      "%s launches nodes with IMDSv2, an encrypted root volume and no SSH key",
      (env) => {
        const template = resourceAt(eks(env), "aws_launch_template", "SystemNodes").body;
        expect(template.metadata_options).toMatchObject({
          http_tokens: "required",
          http_put_response_hop_limit: 1,
        });
        expect(template.block_device_mappings).toEqual([
          {
            device_name: "/dev/xvda",
            ebs: expect.objectContaining({
              encrypted: "true",
              volume_type: "gp3",
              kms_key_id: refAt(eks(env), "aws_kms_key", "EbsKey", "arn"),
            }),
          },
        ]);
        expect(template.key_name).toBeUndefined();
        expect(template.image_id).toBeUndefined();
        expect(template.vpc_security_group_ids).toEqual([
          refAt(eks(env), "aws_security_group", "Cluster_SecurityGroups_Node", "id"),
        ]);
      },
    );
  });

  describe("security groups", () => {
    it.each(EKS_ENVIRONMENTS)(
      "%s describes every rule and admits only security groups and the VPC",
      (env) => {
        const json = eks(env);
        const clusterSg = refAt(json, "aws_security_group", "Cluster_SecurityGroups_Cluster", "id");
        for (const rule of resourcesOf(json, "aws_vpc_security_group_ingress_rule")) {
          expect(rule.description).toEqual(expect.any(String));
          if (rule.cidr_ipv4 === undefined) {
            expect(rule.referenced_security_group_id).toEqual(expect.any(String));
          } else {
            expect(rule).toMatchObject({
              cidr_ipv4: environment(env).network!.cidr,
              security_group_id: clusterSg,
              from_port: 443,
            });
          }
        }
      },
    );

    it("lets Terraform and operators inside the VPC reach the private API endpoint", () => {
      const json = eks("dev");
      expect(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).toContainEqual(
        expect.objectContaining({
          security_group_id: refAt(json, "aws_security_group", "Cluster_SecurityGroups_Cluster", "id"),
          cidr_ipv4: "10.20.0.0/16",
          from_port: 443,
          to_port: 443,
        }),
      );
    });

    it("admits the nodes to the API and the control plane to the kubelet", () => {
      const json = eks("dev");
      const clusterSg = refAt(json, "aws_security_group", "Cluster_SecurityGroups_Cluster", "id");
      const nodeSg = refAt(json, "aws_security_group", "Cluster_SecurityGroups_Node", "id");
      const rules = resourcesOf(json, "aws_vpc_security_group_ingress_rule");
      expect(rules).toContainEqual(
        expect.objectContaining({
          security_group_id: clusterSg,
          referenced_security_group_id: nodeSg,
          from_port: 443,
        }),
      );
      expect(rules).toContainEqual(
        expect.objectContaining({
          security_group_id: nodeSg,
          referenced_security_group_id: clusterSg,
          from_port: 10250,
        }),
      );
    });

    it("tags the node security group for Karpenter discovery", () => {
      const group = resourceAt(eks("dev"), "aws_security_group", "Cluster_SecurityGroups_Node").body;
      expect((group.tags as Json)["karpenter.sh/discovery"]).toBe("dataplatform-dev");
    });
  });

  describe("storage and providers", () => {
    it.each(["dev", "lab", "prod"])(
      "%s makes an encrypted, expandable gp3 the default StorageClass",
      (env) => {
        const storageClass = onlyResource(eks(env), "kubernetes_storage_class_v1");
        expect(storageClass).toMatchObject({
          metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
          storage_provisioner: "ebs.csi.aws.com",
          volume_binding_mode: "WaitForFirstConsumer",
          allow_volume_expansion: true,
          parameters: {
            type: "gp3",
            encrypted: "true",
            kmsKeyId: refAt(eks(env), "aws_kms_key", "EbsKey", "arn"),
          },
          reclaim_policy: env === "prod" ? "Retain" : "Delete",
        });
      },
    );

    it("configures the kubernetes provider from the cluster with aws eks get-token, never a kubeconfig", () => {
      const [kubernetes] = parse(eks("dev")).provider!.kubernetes;
      expect(kubernetes.host).toBe(refAt(eks("dev"), "aws_eks_cluster", "Cluster", "endpoint"));
      expect(kubernetes.config_path).toBeUndefined();
      expect(kubernetes.exec).toEqual([
        {
          api_version: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: [
            "eks",
            "get-token",
            "--cluster-name",
            refAt(eks("dev"), "aws_eks_cluster", "Cluster", "name"),
            "--region",
            "eu-west-3",
            "--output",
            "json",
          ],
        },
      ]);
    });

    it("installs Karpenter's CRDs from the karpenter-crd chart, pinned, where Karpenter runs", () => {
      const release = onlyResource(eks("dev"), "helm_release");
      expect(release).toMatchObject({
        name: "karpenter-crd",
        namespace: "kube-system",
        repository: "oci://public.ecr.aws/karpenter",
        chart: "karpenter-crd",
        version: environment("dev").karpenter.chartVersion,
      });
      expect(environment("dev").karpenter.chartVersion).toBe("1.14.1");
      expect(parse(eks("dev")).provider!.helm).toHaveLength(1);
    });

    it("lets EC2 use the EBS key for this account only", () => {
      const key = resourceAt(eks("dev"), "aws_kms_key", "EbsKey").body;
      const statement = (policyOf(key).Statement as Json[]).find(
        (s) => s.Sid === "EbsThroughEc2InThisAccount",
      );
      expect(statement?.Condition).toEqual({
        StringEquals: {
          "kms:CallerAccount": "111111111111",
          "kms:ViaService": "ec2.eu-west-3.amazonaws.com",
        },
      });
    });
  });
});
