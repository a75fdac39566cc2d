import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { defaultServiceCidrFor, EksCluster, type EksClusterProps } from "../../../constructs/eks/eks-cluster";
import { NodeLaunchTemplate } from "../../../constructs/eks/node-launch-template";
import { SelfManagedNodes } from "../../../constructs/eks/self-managed-nodes";
import { SystemNodeGroup } from "../../../constructs/eks/system-node-group";
import { ServiceRole, serviceTrust } from "../../../constructs/iam/service-role";
import { AwsAuthConfigMap } from "../../../constructs/kubernetes/aws-auth";

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "test");
  new AwsProvider(s, "aws", { region: "eu-west-3" });
  return s;
}

const clusterProps: EksClusterProps = {
  clusterName: "demo",
  kubernetesVersion: "1.34",
  vpcId: "vpc-1",
  controlPlaneSubnetIds: ["subnet-a", "subnet-b"],
  accountId: "111111111111",
  region: "eu-west-3",
  adminPrincipalArns: ["arn:aws:iam::111111111111:role/admin"],
  logRetentionInDays: 90,
  logsKmsKeyArn: "arn:aws:kms:eu-west-3:111111111111:key/logs",
  secretsKmsKeyArn: "arn:aws:kms:eu-west-3:111111111111:key/secrets",
};

const sizes = { minSize: 2, desiredSize: 2, maxSize: 3 };
const common = { clusterName: "demo", region: "eu-west-3", securityGroupIds: ["sg-1"], kmsKeyArn: "arn:key" };

describe("EKS constructs refuse what they cannot build", () => {
  it("a public endpoint without an allowlist", () => {
    expect(() => new EksCluster(stack(), "Cluster", { ...clusterProps, endpointPublicAccess: true })).toThrow(
      /test\/Cluster: endpointPublicAccess needs publicAccessCidrs \(an allowlist\), received none/,
    );
  });

  it("a public endpoint open to the internet", () => {
    expect(
      () =>
        new EksCluster(stack(), "Cluster", {
          ...clusterProps,
          endpointPublicAccess: true,
          publicAccessCidrs: ["0.0.0.0/0"],
        }),
    ).toThrow(/publicAccessCidrs must not open the API to the internet, received 0\.0\.0\.0\/0/);
  });

  it("a regional control plane without envelope encryption", () => {
    expect(
      () => new EksCluster(stack(), "Cluster", { ...clusterProps, secretsKmsKeyArn: undefined }),
    ).toThrow(/secretsKmsKeyArn is required for a regional control plane/);
  });

  it("envelope encryption on a local cluster", () => {
    expect(
      () =>
        new EksCluster(stack(), "Cluster", { ...clusterProps, localCluster: { outpostArn: "arn:outpost" } }),
    ).toThrow(/a local cluster has a private endpoint only and no secrets encryption/);
  });

  it("a cluster nobody administers", () => {
    expect(() => new EksCluster(stack(), "Cluster", { ...clusterProps, adminPrincipalArns: [] })).toThrow(
      /adminPrincipalArns needs at least one principal/,
    );
  });

  it("a system node group below two nodes or out of order", () => {
    const props = {
      ...common,
      subnetIds: ["subnet-a"],
      instanceTypes: ["m6i.large"],
      amiType: "AL2023_x86_64_STANDARD",
      diskSizeGiB: 50,
    };
    expect(
      () => new SystemNodeGroup(stack(), "System", { ...props, ...sizes, minSize: 1, desiredSize: 1 }),
    ).toThrow(/sizes must satisfy 2 ≤ minSize ≤ desiredSize ≤ maxSize, received 1\/1\/3/);
    expect(() => new SystemNodeGroup(stack(), "System", { ...props, ...sizes, desiredSize: 4 })).toThrow(
      /received 2\/4\/3/,
    );
  });

  it("self-managed nodes out of order", () => {
    const s = stack();
    expect(
      () =>
        new SelfManagedNodes(s, "Nodes", {
          ...common,
          ...sizes,
          minSize: 3,
          name: "outpost",
          cluster: { fqn: "aws_eks_cluster.demo" },
          kubernetesVersion: "1.34",
          subnetIds: ["subnet-o"],
          instanceType: "m5.xlarge",
          rootVolumeType: "gp2",
          rootVolumeSizeGiB: 50,
          join: {
            clusterName: "demo",
            apiServerEndpoint: "https://x",
            certificateAuthority: "Q0E=",
            serviceCidr: "172.20.0.0/16",
            labels: {},
          },
        }),
    ).toThrow(/sizes must satisfy minSize ≤ desiredSize ≤ maxSize, received 3\/2\/3/);
  });

  it("an IMDS hop limit outside 1–64", () => {
    expect(
      () =>
        new NodeLaunchTemplate(stack(), "Template", {
          name: "demo",
          description: "demo",
          securityGroupIds: ["sg-1"],
          kmsKeyArn: "arn:key",
          rootVolumeSizeGiB: 20,
          metadataHopLimit: 0,
        }),
    ).toThrow(/metadataHopLimit must be a whole number from 1 to 64, received 0/);
  });

  it("an IAM role name longer than 64 characters", () => {
    expect(
      () =>
        new ServiceRole(stack(), "Role", {
          roleName: "r".repeat(65),
          description: "too long",
          trust: [serviceTrust("ec2.amazonaws.com")],
        }),
    ).toThrow(/roleName must be at most 64 characters/);
  });
});

describe("EKS service CIDR defaults", () => {
  it("follow EKS: 172.20.0.0/16 for a VPC in 10.0.0.0/8, else 10.100.0.0/16", () => {
    expect(defaultServiceCidrFor("10.50.0.0/16")).toBe("172.20.0.0/16");
    expect(defaultServiceCidrFor("192.168.0.0/16")).toBe("10.100.0.0/16");
  });
});

describe("aws-auth ConfigMap", () => {
  let synth: {
    locals: Record<string, unknown>;
    resource: { kubernetes_config_map_v1_data: Record<string, Record<string, unknown>> };
    data: { kubernetes_config_map_v1: Record<string, Record<string, unknown>> };
  };
  const local = (prefix: string) =>
    Object.entries(synth.locals).find(([name]) => name.startsWith(prefix)) ?? ["", undefined];

  beforeAll(() => {
    const s = stack();
    const provider = new KubernetesProvider(s, "kubernetes", {});
    new AwsAuthConfigMap(s, "AwsAuth", {
      provider,
      nodeRoleArns: ["arn:aws:iam::111111111111:role/node"],
      adminPrincipalArns: [
        "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/admin",
        "arn:aws:iam::111111111111:user/alice",
      ],
    });
    synth = JSON.parse(Testing.synth(s));
  });

  it("maps node roles to the node groups, admin roles (without path) and users to system:masters", () => {
    expect(local("AwsAuth_Roles")[1]).toEqual([
      {
        rolearn: "arn:aws:iam::111111111111:role/node",
        username: "system:node:{{EC2PrivateDNSName}}",
        groups: ["system:bootstrappers", "system:nodes"],
      },
      {
        rolearn: "arn:aws:iam::111111111111:role/admin",
        username: "admin:{{SessionName}}",
        groups: ["system:masters"],
      },
    ]);
    expect(local("AwsAuth_Users")[1]).toEqual([
      { userarn: "arn:aws:iam::111111111111:user/alice", username: "alice", groups: ["system:masters"] },
    ]);
  });

  it("takes over only its keys of the ConfigMap EKS created, never creating it", () => {
    expect(Object.keys(synth.resource)).toEqual(["kubernetes_config_map_v1_data"]);
    const [data] = Object.values(synth.resource.kubernetes_config_map_v1_data);
    expect(data).toMatchObject({ metadata: { name: "aws-auth", namespace: "kube-system" }, force: true });
    expect(Object.keys(data.data as object).sort()).toEqual(["mapRoles", "mapUsers"]);
  });

  it("keeps the entries of other principals and replaces those of ours", () => {
    const [readName] = Object.keys(synth.data.kubernetes_config_map_v1);
    const [data] = Object.values(synth.resource.kubernetes_config_map_v1_data);
    const [roles] = local("AwsAuth_Roles");
    const current = `coalesce(try(yamldecode(lookup(data.kubernetes_config_map_v1.${readName}.data, "mapRoles", "[]")), []), [])`;
    expect((data.data as Record<string, string>).mapRoles).toBe(
      `\${yamlencode(concat([for entry in ${current} : entry if !contains([for m in local.${roles} : m.rolearn], try(entry.rolearn, ""))], local.${roles}))}`,
    );
  });
});

describe("EKS cluster upgrade policy", () => {
  const supportType = (props: Partial<EksClusterProps>) => {
    const s = stack();
    new EksCluster(s, "Cluster", { ...clusterProps, ...props });
    const cluster = Object.values(JSON.parse(Testing.synth(s)).resource.aws_eks_cluster)[0] as {
      upgrade_policy?: { support_type: string };
    };
    return cluster.upgrade_policy?.support_type;
  };

  it("lets EKS upgrade at the end of standard support unless told otherwise", () => {
    expect(supportType({})).toBe("STANDARD");
  });

  it("keeps the version in extended support when asked", () => {
    expect(supportType({ upgradePolicy: "EXTENDED" })).toBe("EXTENDED");
  });
});
