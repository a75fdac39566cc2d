import {
  environment,
  buildApp,
  onlyResource,
  parse,
  refAt,
  resourceAt,
  resourcesOf,
  synthAll,
  type Json,
} from "../helpers/synth";

/** The user data of a launch template, decoded from its `base64encode("…")` expression. */
function userDataOf(template: Json): string {
  const match = /^\$\{base64encode\("([\s\S]*)"\)\}$/.exec(template.user_data as string);
  if (!match) throw new Error("user data is not a base64encode() of a literal template");
  return JSON.parse(`"${match[1]}"`) as string;
}

const policyArns = (json: string, prefix: string) =>
  Object.entries(parse(json).resource?.aws_iam_role_policy_attachment ?? {})
    .filter(([name]) => name.startsWith(prefix))
    .map(([, a]) => a.policy_arn);

describe("eks stacks on an Outpost", () => {
  let synths: Map<string, string>;
  const eks = (env: string) => synths.get(`${env}-eks`)!;

  beforeAll(() => {
    synths = synthAll(buildApp([environment("outpost"), environment("outpost-local")]));
  });

  describe("outpost-extended (outpost)", () => {
    it("keeps the system managed node group in the regional private subnets", () => {
      const group = onlyResource(eks("outpost"), "aws_eks_node_group");
      for (const subnet of group.subnet_ids as string[]) expect(subnet).toMatch(/PrivateSubnet/);
    });

    it("runs the Outpost workers as a self-managed Auto Scaling group in the Outpost subnet", () => {
      const group = onlyResource(eks("outpost"), "aws_autoscaling_group");
      expect(group.vpc_zone_identifier).toEqual([expect.stringMatching(/OutpostSubnet/)]);
      expect(group.mixed_instances_policy).toBeUndefined();
      expect(group.launch_template).toEqual({
        id: refAt(eks("outpost"), "aws_launch_template", "OutpostNodes", "id"),
        version: refAt(eks("outpost"), "aws_launch_template", "OutpostNodes", "latest_version"),
      });
    });

    it("launches On-Demand Outpost instance types with a gp2 encrypted root volume and IMDSv2", () => {
      const template = resourceAt(eks("outpost"), "aws_launch_template", "OutpostNodes").body;
      expect(template.instance_type).toBe("m5.xlarge");
      expect(template.instance_market_options).toBeUndefined();
      // Two hops: the EBS CSI node plugin reads the Outpost ARN from IMDS inside its pod.
      expect(template.metadata_options).toMatchObject({
        http_tokens: "required",
        http_put_response_hop_limit: 2,
      });
      // The regional system nodes keep one hop: their pods have IRSA / Pod Identity.
      expect(
        resourceAt(eks("outpost"), "aws_launch_template", "SystemNodes").body.metadata_options,
      ).toMatchObject({ http_put_response_hop_limit: 1 });
      expect(template.block_device_mappings).toEqual([
        { device_name: "/dev/xvda", ebs: expect.objectContaining({ volume_type: "gp2", encrypted: "true" }) },
      ]);
      expect(template.key_name).toBeUndefined();
    });

    it("boots the EKS-optimised AL2023 AMI and joins through nodeadm, without Outpost-local settings", () => {
      const json = eks("outpost");
      const ami = Object.values(parse(json).data?.aws_ssm_parameter ?? {})[0];
      expect(ami.name).toBe(
        "/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id",
      );
      const userData = userDataOf(resourceAt(json, "aws_launch_template", "OutpostNodes").body);
      expect(userData).toContain("kind: NodeConfig");
      expect(userData).toContain(
        `apiServerEndpoint: ${refAt(json, "aws_eks_cluster", "Cluster", "endpoint")}`,
      );
      expect(userData).toContain("--node-labels=node.dataplatform.io/pool=outpost");
      expect(userData).not.toContain("enableOutpost");
    });

    it("registers the Outpost node role with an EC2_LINUX access entry and no policy", () => {
      const json = eks("outpost");
      const entry = resourcesOf(json, "aws_eks_access_entry").find((e) => e.type === "EC2_LINUX");
      expect(entry?.principal_arn).toBe(refAt(json, "aws_iam_role", "OutpostNodes_NodeRole", "arn"));
      for (const association of resourcesOf(json, "aws_eks_access_policy_association")) {
        expect(association.principal_arn).not.toBe(entry?.principal_arn);
      }
    });

    it("makes an encrypted gp2 StorageClass the default (gp3 does not exist on the rack)", () => {
      expect(onlyResource(eks("outpost"), "kubernetes_storage_class_v1")).toMatchObject({
        metadata: {
          name: "gp2-encrypted",
          annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        parameters: { type: "gp2", encrypted: "true" },
        volume_binding_mode: "WaitForFirstConsumer",
        allow_volume_expansion: true,
      });
    });
  });

  describe("outpost-local", () => {
    it("runs the control plane on the rack, sized from the expected node count", () => {
      const cluster = onlyResource(eks("outpost-local"), "aws_eks_cluster");
      expect(cluster.outpost_config).toEqual({
        control_plane_instance_type: "m5.large",
        outpost_arns: [environment("outpost-local").outpost!.arn],
      });
      expect((cluster.vpc_config as Json).subnet_ids).toEqual([expect.stringMatching(/OutpostSubnet/)]);
      expect(cluster.version).toBe("1.32");
    });

    it("keeps the endpoint private, with no envelope encryption, OIDC, add-ons or managed node groups", () => {
      const json = eks("outpost-local");
      const cluster = onlyResource(json, "aws_eks_cluster");
      expect(cluster.vpc_config).toMatchObject({
        endpoint_private_access: true,
        endpoint_public_access: false,
      });
      expect(cluster.encryption_config).toBeUndefined();
      for (const type of [
        "aws_eks_node_group",
        "aws_eks_addon",
        "aws_iam_openid_connect_provider",
        "aws_eks_access_entry",
      ]) {
        expect(resourcesOf(json, type)).toEqual([]);
      }
    });

    it("uses CONFIG_MAP authentication, the only mode a local cluster accepts, and maps nodes and admins", () => {
      const json = eks("outpost-local");
      expect(onlyResource(json, "aws_eks_cluster").access_config).toEqual({
        authentication_mode: "CONFIG_MAP",
        bootstrap_cluster_creator_admin_permissions: true,
      });
      // EKS created aws-auth: its keys are taken over, after the cluster exists, never the ConfigMap.
      expect(resourcesOf(json, "kubernetes_config_map_v1")).toEqual([]);
      const awsAuth = onlyResource(json, "kubernetes_config_map_v1_data");
      expect(awsAuth).toMatchObject({
        metadata: { name: "aws-auth", namespace: "kube-system" },
        force: true,
      });
      const read = Object.values(parse(json).data?.kubernetes_config_map_v1 ?? {});
      expect(read).toHaveLength(1);
      expect(read[0].depends_on).toEqual([expect.stringMatching(/^aws_eks_cluster\.Cluster/)]);
      const roles = Object.entries(parse(json).locals ?? {}).find(([name]) =>
        name.startsWith("AwsAuth_Roles"),
      );
      const entries = roles?.[1] as unknown as Array<Record<string, unknown>>;
      expect(entries.map((entry) => entry.rolearn)).toEqual([
        refAt(json, "aws_iam_role", "OutpostNodes_NodeRole", "arn"),
        "arn:aws:iam::111111111111:role/platform-admin",
        "arn:aws:iam::111111111111:role/platform-deployer",
        "arn:aws:iam::111111111111:role/platform-ci-plan",
      ]);
      expect(entries[0].groups).toEqual(["system:bootstrappers", "system:nodes"]);
      expect(entries.map((entry) => entry.groups)).toEqual([
        ["system:bootstrappers", "system:nodes"],
        ["system:masters"],
        ["system:masters"],
        ["dataplatform:cluster-viewers"],
      ]);
    });

    it("binds the viewers' group to a read-only ClusterRole (no access policies on a local cluster)", () => {
      const json = eks("outpost-local");
      const role = onlyResource(json, "kubernetes_cluster_role_v1");
      const rules = role.rule as Array<Record<string, string[]>>;
      expect(rules).toHaveLength(2);
      for (const rule of rules)
        expect(rule.verbs.every((v) => ["get", "list", "watch"].includes(v))).toBe(true);
      const binding = onlyResource(json, "kubernetes_cluster_role_binding_v1");
      expect(binding.subject).toEqual([
        { kind: "Group", name: "dataplatform:cluster-viewers", api_group: "rbac.authorization.k8s.io" },
      ]);
    });

    it("gives the cluster role AmazonEKSLocalOutpostClusterPolicy", () => {
      expect(policyArns(eks("outpost-local"), "Cluster_Role")).toEqual([
        "arn:aws:iam::aws:policy/AmazonEKSLocalOutpostClusterPolicy",
      ]);
    });

    it("puts the CNI and EBS CSI permissions on the node role, as a cluster without IRSA needs", () => {
      expect(policyArns(eks("outpost-local"), "OutpostNodes_NodeRole")).toEqual(
        expect.arrayContaining([
          "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
          "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
        ]),
      );
    });

    it("bootstraps nodes with nodeadm's Outpost settings and IMDS reachable from pods", () => {
      const json = eks("outpost-local");
      const template = resourceAt(json, "aws_launch_template", "OutpostNodes").body;
      const userData = userDataOf(template);
      expect(userData).toContain("enableOutpost: true");
      expect(userData).toContain(`id: ${refAt(json, "aws_eks_cluster", "Cluster", "cluster_id")}`);
      // EKS's default for a VPC in 10.0.0.0/8, unless the cluster reports its own.
      const serviceCidr = Object.entries(parse(json).locals ?? {}).find(([name]) =>
        name.startsWith("Cluster_ServiceCidr"),
      );
      expect(userData).toContain(`cidr: \${local.${serviceCidr?.[0]}}`);
      expect(serviceCidr?.[1]).toMatch(
        /^\$\{coalesce\(try\(aws_eks_cluster\.\w+\.kubernetes_network_config\[0\]\.service_ipv4_cidr, ""\), "172\.20\.0\.0\/16"\)\}$/,
      );
      expect(template.metadata_options).toMatchObject({
        http_tokens: "required",
        http_put_response_hop_limit: 2,
      });
      expect(template.block_device_mappings).toEqual([
        { device_name: "/dev/xvda", ebs: expect.objectContaining({ volume_type: "gp2" }) },
      ]);
    });

    it("installs the pinned EBS CSI chart, then an encrypted gp2 default StorageClass", () => {
      const json = eks("outpost-local");
      const release = onlyResource(json, "helm_release");
      expect(release).toMatchObject({
        chart: "aws-ebs-csi-driver",
        repository: "https://kubernetes-sigs.github.io/aws-ebs-csi-driver",
        version: "2.52.1",
        namespace: "kube-system",
      });
      const storageClass = onlyResource(json, "kubernetes_storage_class_v1");
      expect(storageClass).toMatchObject({ parameters: { type: "gp2", encrypted: "true" } });
      expect(storageClass.depends_on).toContain(
        `helm_release.${resourceAt(json, "helm_release", "EbsCsiDriver").name}`,
      );
    });

    it("signs Kubernetes tokens with the local cluster id", () => {
      const [kubernetes] = parse(eks("outpost-local")).provider!.kubernetes;
      const args = (kubernetes.exec as Array<{ args: string[] }>)[0].args;
      expect(args.slice(0, 4)).toEqual([
        "eks",
        "get-token",
        "--cluster-id",
        refAt(eks("outpost-local"), "aws_eks_cluster", "Cluster", "cluster_id"),
      ]);
    });
  });
});
