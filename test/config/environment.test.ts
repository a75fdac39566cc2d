import { parseEnvironment } from "../../config/define";
import { environment } from "../helpers/synth";

const dev = environment("dev");
const outpost = environment("outpost");
const onprem = environment("onprem");
const devNetwork = dev.network!;

/** A copy of dev with some fields replaced (config objects are frozen). */
function devWith(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...dev, ...changes };
}

function devNetworkWith(changes: Record<string, unknown>): Record<string, unknown> {
  return devWith({ network: { ...devNetwork, ...changes } });
}

describe("environment configuration", () => {
  it("parses dev with defaults applied and derived names", () => {
    expect(dev.state).toEqual({ useLockfile: true });
    expect(dev.karpenter.enabled).toBe(true);
    expect(dev.production).toBe(false);
    expect(dev.tags).toEqual({});
    expect(dev.network?.subnetPrefixLengths).toEqual({});
    expect(dev.resourcePrefix).toBe("dataplatform-dev");
    expect(dev.clusterName).toBe("dataplatform-dev");
  });

  it.each([
    ["dev", "regional", "single", 2, "s3", "rds", "small", true],
    ["prod", "regional", "per-az", 3, "s3", "rds", "standard", true],
    ["outpost", "outpost-extended", "single", 2, "s3", "rds", "standard", true],
    ["outpost-local", "outpost-local", "single", 2, "s3", "rds", "standard", false],
    ["lab", "regional", "single", 2, "minio", "in-cluster", "small", true],
  ])(
    "ships %s as a %s cluster, %s NAT over %i AZs, %s + %s, %s profile, Karpenter %s",
    (name, mode, nat, azs, store, db, size, karpenter) => {
      const env = environment(name);
      expect(env.cluster.mode).toBe(mode);
      expect(env.network?.natGateways).toBe(nat);
      expect(env.network?.availabilityZones).toHaveLength(azs);
      expect(env.data).toMatchObject({ objectStore: store, database: db, sizeProfile: size });
      expect(env.karpenter.enabled).toBe(karpenter);
    },
  );

  it("ships prod with production protections and every default endpoint", () => {
    const prod = environment("prod");
    expect(prod.production).toBe(true);
    expect(prod.network?.flowLogRetentionDays).toBeGreaterThanOrEqual(365);
    expect(prod.network?.interfaceEndpoints).toEqual(
      expect.arrayContaining(["ecr.api", "ecr.dkr", "sts", "eks-auth", "sqs"]),
    );
  });

  it("ships onprem as a brought cluster without network, Karpenter or RDS", () => {
    expect(onprem.cluster).toMatchObject({ mode: "kubeconfig", context: "kubernetes-admin@cluster.local" });
    expect(onprem.network).toBeUndefined();
    expect(onprem.karpenter.enabled).toBe(false);
    expect(onprem.data).toMatchObject({ objectStore: "minio", database: "in-cluster", sizeProfile: "small" });
  });

  it("ships both Outpost environments with the default instance-family allowlist", () => {
    expect(outpost.outpost?.instanceFamilies).toEqual(["m5", "c5", "r5", "g4dn", "i3en"]);
    expect(environment("outpost-local").outpost?.availabilityZone).toBe("eu-west-1a");
  });

  it("freezes parsed configuration", () => {
    expect(Object.isFrozen(dev)).toBe(true);
    expect(Object.isFrozen(dev.network)).toBe(true);
  });

  describe("refuses", () => {
    it("an environment name unusable in AWS names", () => {
      expect(() => parseEnvironment(devWith({ name: "Dev_1" }))).toThrow(
        /environment "Dev_1": name: expected an environment name: lower-case letters.*received "Dev_1"/,
      );
    });

    it("a project and environment name too long for derived resource names", () => {
      expect(() => parseEnvironment(devWith({ project: "platform-analytics", name: "integration" }))).toThrow(
        /environment "integration": name: "<project>-<name>" must be at most 28 characters/,
      );
    });

    it("an account id that is not 12 digits", () => {
      expect(() => parseEnvironment(devWith({ accountId: "1234" }))).toThrow(
        /environment "dev": accountId: expected a 12-digit AWS account id, received "1234"/,
      );
    });

    it("a malformed region", () => {
      expect(() => parseEnvironment(devWith({ region: "paris" }))).toThrow(
        /environment "dev": region: expected an AWS region such as eu-west-3, received "paris"/,
      );
    });

    it("an unknown field, listing the allowed ones", () => {
      expect(() => parseEnvironment(devWith({ vpcCidr: "10.0.0.0/16" }))).toThrow(
        /environment "dev": \(root\): Unrecognized key: "vpcCidr"; allowed: name, project, accountId, region, /,
      );
      expect(() => parseEnvironment(devNetworkWith({ nat: "single" }))).toThrow(
        /environment "dev": network: Unrecognized key: "nat"; allowed: cidr, availabilityZones, natGateways, /,
      );
    });

    it("a cluster name unusable in AWS names", () => {
      expect(() => parseEnvironment(devWith({ cluster: { mode: "regional", name: "My Cluster" } }))).toThrow(
        /environment "dev": cluster\.name: expected a cluster name: lower-case letters.*received "My Cluster"/,
      );
    });

    it("a brought cluster without kubeconfig path or context", () => {
      expect(() =>
        parseEnvironment({ ...onprem, cluster: { mode: "kubeconfig", kubeconfigPath: "", context: "" } }),
      ).toThrow(
        /environment "onprem": cluster\.kubeconfigPath: expected the path of a kubeconfig file, received ""(.|\n)*cluster\.context: expected a kubeconfig context name, received ""/,
      );
    });

    it("a NAT mode that does not exist", () => {
      expect(() => parseEnvironment(devNetworkWith({ natGateways: "none" }))).toThrow(
        /environment "dev": network\.natGateways: Invalid option: expected one of "single"\|"per-az", received "none"/,
      );
    });

    it("more than six availability zones", () => {
      const azs = ["a", "b", "c", "d", "e", "f", "g"].map((l) => `eu-west-3${l}`);
      expect(() => parseEnvironment(devNetworkWith({ availabilityZones: azs }))).toThrow(
        /environment "dev": network\.availabilityZones: expected 2 to 6 availability zones, received \["eu-west-3a"/,
      );
    });

    it("fewer than three availability zones in production", () => {
      const prod = environment("prod");
      expect(() =>
        parseEnvironment({
          ...prod,
          network: { ...prod.network, availabilityZones: ["eu-west-3a", "eu-west-3b"] },
        }),
      ).toThrow(
        /environment "prod": network\.availabilityZones: expected at least 3 availability zones in a production environment .*received \["eu-west-3a","eu-west-3b"\]/,
      );
    });

    it("short flow-log retention in production", () => {
      const prod = environment("prod");
      expect(() =>
        parseEnvironment({ ...prod, network: { ...prod.network, flowLogRetentionDays: 90 } }),
      ).toThrow(
        /environment "prod": network\.flowLogRetentionDays: expected at least 365 days in a production environment, received 90/,
      );
    });

    it("an interface endpoint listed twice", () => {
      expect(() => parseEnvironment(devNetworkWith({ interfaceEndpoints: ["sts", "sts"] }))).toThrow(
        /environment "dev": network\.interfaceEndpoints: expected each endpoint at most once, received \["sts","sts"\]/,
      );
    });

    it("public subnets too small for a load balancer", () => {
      expect(() => parseEnvironment(devNetworkWith({ subnetPrefixLengths: { public: 28 } }))).toThrow(
        /environment "dev": network\.subnetPrefixLengths\.public: expected a prefix length from 16 to 27 \(an application load balancer needs a \/27\), received 28/,
      );
    });

    it("tags that AWS reserves or that the stacks manage", () => {
      expect(() => parseEnvironment(devWith({ tags: { "aws:team": "x" } }))).toThrow(
        /environment "dev": tags\.aws:team: expected a tag key not starting with "aws:"/,
      );
      expect(() => parseEnvironment(devWith({ tags: { owner: "someone-else" } }))).toThrow(
        /environment "dev": tags\.owner: expected a tag key other than environment, project, managed-by, owner, cost-center/,
      );
    });

    it("an unknown cluster mode", () => {
      expect(() => parseEnvironment(devWith({ cluster: { mode: "fargate" } }))).toThrow(
        /environment "dev": cluster\.mode: expected cluster\.mode to be one of "regional", "outpost-extended", "outpost-local", "kubeconfig", received "fargate"/,
      );
    });

    it("a VPC CIDR that is not a CIDR", () => {
      expect(() => parseEnvironment(devNetworkWith({ cidr: "10.20.0.0" }))).toThrow(
        /environment "dev": network\.cidr: expected an IPv4 CIDR such as 10\.20\.0\.0\/16, received "10\.20\.0\.0"/,
      );
    });

    it("a VPC CIDR that does not start on its network boundary", () => {
      expect(() => parseEnvironment(devNetworkWith({ cidr: "10.20.1.0/16" }))).toThrow(
        /environment "dev": network\.cidr: expected a valid IPv4 CIDR: "10\.20\.1\.0\/16" does not start on its network boundary, received "10\.20\.1\.0\/16"/,
      );
    });

    it("a VPC CIDR too small for nodes and pods", () => {
      expect(() => parseEnvironment(devNetworkWith({ cidr: "10.20.0.0/24" }))).toThrow(
        /environment "dev": network\.cidr: expected a \/16–\/20 IPv4 CIDR \(room for nodes and pods\), received "10\.20\.0\.0\/24"/,
      );
    });

    it("a VPC CIDR outside private address space", () => {
      expect(() => parseEnvironment(devNetworkWith({ cidr: "8.8.0.0/16" }))).toThrow(
        /environment "dev": network\.cidr: expected private address space \(10\.0\.0\.0\/8, .*received "8\.8\.0\.0\/16"/,
      );
    });

    it("fewer than two availability zones", () => {
      expect(() => parseEnvironment(devNetworkWith({ availabilityZones: ["eu-west-3a"] }))).toThrow(
        /environment "dev": network\.availabilityZones: expected 2 to 6 availability zones \(EKS needs subnets in at least two\), received \["eu-west-3a"\]/,
      );
    });

    it("an availability zone of another region", () => {
      expect(() =>
        parseEnvironment(devNetworkWith({ availabilityZones: ["eu-west-3a", "eu-west-1b"] })),
      ).toThrow(
        /environment "dev": network\.availabilityZones\[1\]: expected an Availability Zone of eu-west-3, one of: eu-west-3a, eu-west-3b, eu-west-3c \(that is a zone of eu-west-1, not of eu-west-3\), received "eu-west-1b"/,
      );
    });

    it("an availability zone listed twice", () => {
      expect(() =>
        parseEnvironment(devNetworkWith({ availabilityZones: ["eu-west-3a", "eu-west-3a"] })),
      ).toThrow(/environment "dev": network\.availabilityZones\[1\]: is listed twice, received "eu-west-3a"/);
    });

    it("a single NAT gateway in production", () => {
      expect(() => parseEnvironment(devWith({ production: true }))).toThrow(
        /environment "dev": network\.natGateways: expected "per-az" in a production environment .*received "single"/,
      );
    });

    it("a flow-log retention CloudWatch does not offer", () => {
      expect(() => parseEnvironment(devNetworkWith({ flowLogRetentionDays: 31 }))).toThrow(
        /environment "dev": network\.flowLogRetentionDays: expected one of CloudWatch's retention periods: 1, 3, .*received 31/,
      );
    });

    it("an unknown interface endpoint", () => {
      expect(() =>
        parseEnvironment(devNetworkWith({ interfaceEndpoints: ["ecr.api", "s3-express"] })),
      ).toThrow(
        /environment "dev": network\.interfaceEndpoints\[1\]: Invalid option: expected one of "autoscaling"\|.*received "s3-express"/,
      );
    });

    it("subnet prefix lengths outside 16–28", () => {
      expect(() => parseEnvironment(devNetworkWith({ subnetPrefixLengths: { intra: 29 } }))).toThrow(
        /environment "dev": network\.subnetPrefixLengths\.intra: expected a prefix length from 16 to 28, received 29/,
      );
    });

    it("subnets that do not fit in the VPC", () => {
      expect(() =>
        parseEnvironment(devNetworkWith({ cidr: "10.20.0.0/20", subnetPrefixLengths: { private: 21 } })),
      ).toThrow(
        /environment "dev": network\.subnetPrefixLengths: the subnets cannot be planned: 2 AZs of private \/21, public \/27 and intra \/28 subnets do not fit in 10\.20\.0\.0\/20; .*received \{"private":21\}/,
      );
    });

    it("a missing network block outside kubeconfig mode", () => {
      expect(() => parseEnvironment(devWith({ network: undefined }))).toThrow(
        /environment "dev": network: is required when cluster\.mode is "regional", received nothing/,
      );
    });

    it("a network block in kubeconfig mode", () => {
      expect(() => parseEnvironment({ ...onprem, network: devNetwork })).toThrow(
        /environment "onprem": network: must be left out when cluster\.mode is "kubeconfig"/,
      );
    });

    it("an Outpost mode without its Outpost", () => {
      expect(() => parseEnvironment({ ...outpost, outpost: undefined })).toThrow(
        /environment "outpost": outpost: is required when cluster\.mode is "outpost-extended": give the Outpost's arn, availabilityZone and subnetCidr, received nothing/,
      );
    });

    it("an Outpost block in a regional environment", () => {
      expect(() => parseEnvironment(devWith({ outpost: outpost.outpost }))).toThrow(
        /environment "dev": outpost: is only used by cluster\.mode "outpost-extended" or "outpost-local", not "regional"/,
      );
    });

    it("a malformed Outpost ARN", () => {
      expect(() => parseEnvironment({ ...outpost, outpost: { ...outpost.outpost, arn: "op-123" } })).toThrow(
        /environment "outpost": outpost\.arn: expected an Outpost ARN: .*received "op-123"/,
      );
    });

    it("an Outpost of another region", () => {
      const arn = "arn:aws:outposts:eu-west-1:111111111111:outpost/op-0a1b2c3d4e5f60718";
      expect(() => parseEnvironment({ ...outpost, outpost: { ...outpost.outpost, arn } })).toThrow(
        /environment "outpost": outpost\.arn: expected an Outpost in region eu-west-3, received "arn:aws:outposts:eu-west-1:/,
      );
    });

    it("an Outpost availability zone of another region", () => {
      expect(() =>
        parseEnvironment({ ...outpost, outpost: { ...outpost.outpost, availabilityZone: "us-east-1a" } }),
      ).toThrow(
        /environment "outpost": outpost\.availabilityZone: expected an Availability Zone of eu-west-3, one of: eu-west-3a, eu-west-3b, eu-west-3c \(that is a zone of us-east-1, not of eu-west-3\), received "us-east-1a"/,
      );
    });

    it("an Outpost in an availability zone the VPC does not span", () => {
      expect(() =>
        parseEnvironment({ ...outpost, outpost: { ...outpost.outpost, availabilityZone: "eu-west-3c" } }),
      ).toThrow(
        /environment "outpost": outpost\.availabilityZone: expected one of network\.availabilityZones \(eu-west-3a, eu-west-3b\): .*received "eu-west-3c"/,
      );
    });

    it("an Outpost subnet CIDR that is malformed or off its boundary", () => {
      expect(() =>
        parseEnvironment({ ...outpost, outpost: { ...outpost.outpost, subnetCidr: "10.40.200.0" } }),
      ).toThrow(
        /environment "outpost": outpost\.subnetCidr: expected an IPv4 CIDR such as 10\.20\.0\.0\/16, received "10\.40\.200\.0"/,
      );
      expect(() =>
        parseEnvironment({ ...outpost, outpost: { ...outpost.outpost, subnetCidr: "10.40.201.0/22" } }),
      ).toThrow(
        /environment "outpost": outpost\.subnetCidr: expected a valid IPv4 CIDR: "10\.40\.201\.0\/22" does not start on its network boundary/,
      );
    });

    it("an Outpost subnet smaller than AWS allows", () => {
      expect(() =>
        parseEnvironment({ ...outpost, outpost: { ...outpost.outpost, subnetCidr: "10.40.200.0/30" } }),
      ).toThrow(
        /environment "outpost": outpost\.subnetCidr: expected a \/16–\/28 CIDR \(what AWS accepts for a subnet\), received "10\.40\.200\.0\/30"/,
      );
    });

    it("an Outpost subnet outside the VPC", () => {
      expect(() =>
        parseEnvironment({ ...outpost, outpost: { ...outpost.outpost, subnetCidr: "10.99.0.0/24" } }),
      ).toThrow(
        /environment "outpost": outpost\.subnetCidr: expected a CIDR inside the VPC \(10\.40\.0\.0\/16\), received "10\.99\.0\.0\/24"/,
      );
    });

    it("an Outpost subnet that leaves no room for the computed subnets", () => {
      expect(() =>
        parseEnvironment({ ...outpost, outpost: { ...outpost.outpost, subnetCidr: "10.40.0.0/16" } }),
      ).toThrow(
        /environment "outpost": outpost\.subnetCidr: leaves no room for the computed subnets .*received "10\.40\.0\.0\/16"/,
      );
    });

    it("Karpenter on an Outpost local cluster, saying why", () => {
      const local = environment("outpost-local");
      expect(() => parseEnvironment({ ...local, karpenter: { enabled: true } })).toThrow(
        /environment "outpost-local": karpenter\.enabled: must be false when cluster\.mode is "outpost-local": Karpenter needs EC2 Fleet/,
      );
    });

    it("Karpenter or RDS with a brought cluster", () => {
      expect(() => parseEnvironment({ ...onprem, karpenter: { enabled: true } })).toThrow(
        /environment "onprem": karpenter\.enabled: must be false when cluster\.mode is "kubeconfig"/,
      );
      expect(() => parseEnvironment({ ...onprem, data: { ...onprem.data, database: "rds" } })).toThrow(
        /environment "onprem": data\.database: expected "in-cluster" when cluster\.mode is "kubeconfig"/,
      );
    });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      "an empty owner",
      { owner: "" },
      /environment "dev": owner: expected an owner \(team or person\), received ""/,
    ],
    [
      "an empty cost centre",
      { costCenter: "" },
      /environment "dev": costCenter: expected a cost centre, received ""/,
    ],
    [
      "a tag value longer than AWS allows",
      { tags: { team: "x".repeat(257) } },
      /environment "dev": tags\.team: expected a tag value of at most 256 characters/,
    ],
    [
      "an object store that does not exist",
      { data: { objectStore: "gcs", database: "rds" } },
      /environment "dev": data\.objectStore: Invalid option: expected one of "s3"\|"minio", received "gcs"/,
    ],
    [
      "a database that does not exist",
      { data: { objectStore: "s3", database: "mysql" } },
      /environment "dev": data\.database: Invalid option: expected one of "rds"\|"in-cluster", received "mysql"/,
    ],
    [
      "a small-profile divisor below 1",
      { data: { objectStore: "s3", database: "rds", smallProfileDivisor: 0.5 } },
      /environment "dev": data\.smallProfileDivisor: expected a divisor of at least 1 \(1 keeps the standard sizes\), received 0\.5/,
    ],
  ])("refuses %s", (_, changes, message) => {
    expect(() => parseEnvironment(devWith(changes))).toThrow(message);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      "an empty instance-family allowlist",
      { instanceFamilies: [] },
      /environment "outpost": outpost\.instanceFamilies: expected at least one instance family, received \[\]/,
    ],
    [
      "an instance family that is not one",
      { instanceFamilies: ["M5.large"] },
      /environment "outpost": outpost\.instanceFamilies\[0\]: expected an instance family such as m5, received "M5\.large"/,
    ],
  ])("refuses %s on an Outpost", (_, changes, message) => {
    expect(() => parseEnvironment({ ...outpost, outpost: { ...outpost.outpost, ...changes } })).toThrow(
      message,
    );
  });

  it("refuses a region AWS does not have, listing the regions", () => {
    expect(() => parseEnvironment(devWith({ region: "eu-north-9" }))).toThrow(
      /environment "dev": region: expected an AWS Region code, one of: .*eu-west-3.*\(config\/catalogue\/regions\.ts\), received "eu-north-9"/,
    );
  });

  it("refuses an availability zone its region does not have", () => {
    expect(() =>
      parseEnvironment(devNetworkWith({ availabilityZones: ["eu-west-3a", "eu-west-3d"] })),
    ).toThrow(
      /network\.availabilityZones\[1\]: expected an Availability Zone of eu-west-3, one of: eu-west-3a, eu-west-3b, eu-west-3c, received "eu-west-3d"/,
    );
  });

  it("refuses extra tags AWS would refuse: characters, length, aws: prefix in a value", () => {
    expect(() => parseEnvironment(devWith({ tags: { "team#1": "data" } }))).toThrow(
      /tags\.team#1: .*, received "team#1"/,
    );
    expect(() => parseEnvironment(devWith({ tags: { team: "x".repeat(257) } }))).toThrow(/tags\.team: .*256/);
    expect(() => parseEnvironment(devWith({ tags: { ["k".repeat(129)]: "v" } }))).toThrow(/128/);
  });

  it("refuses more extra tags than leave room for the managed ones", () => {
    // 50 per resource (AWS), 5 managed, 10 kept for what resources write themselves.
    const tags = Object.fromEntries(Array.from({ length: 36 }, (_, i) => [`tag-${i}`, "v"]));
    expect(() => parseEnvironment(devWith({ tags }))).toThrow(
      /environment "dev": tags: expected at most 35 tags: AWS allows 50 per resource, 5 are the managed ones and up to 10 are written by resources themselves/,
    );
  });

  it("refuses an owner that cannot be a tag value", () => {
    expect(() => parseEnvironment(devWith({ owner: "data <team>" }))).toThrow(
      /environment "dev": owner: .*received "data <team>"/,
    );
  });

  it("lists every problem of an environment in one error", () => {
    expect(() => parseEnvironment(devWith({ accountId: "x", region: "nowhere" }))).toThrow(
      /2 problems in the configuration:\n {2}environment "dev": accountId: .*\n {2}environment "dev": region: /,
    );
  });
});
