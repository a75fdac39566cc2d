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
  it("parses every shipped environment with defaults applied", () => {
    expect(dev.state).toEqual({ backend: "state", useLockfile: true });
    expect(dev.karpenter.enabled).toBe(true);
    expect(dev.clusterName).toBe("dataplatform-dev");
    expect(environment("prod").network?.interfaceEndpoints).toContain("ecr.dkr");
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

    it("an unknown field", () => {
      expect(() => parseEnvironment(devWith({ vpcCidr: "10.0.0.0/16" }))).toThrow(
        /environment "dev": \(root\): Unrecognized key: "vpcCidr"/,
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
        /environment "dev": network\.availabilityZones\[1\]: expected an availability zone of region eu-west-3 \(e\.g\. eu-west-3a\), received "eu-west-1b"/,
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
        /environment "outpost": outpost\.availabilityZone: expected an availability zone of region eu-west-3, received "us-east-1a"/,
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

  it("lists every problem of an environment in one error", () => {
    expect(() => parseEnvironment(devWith({ accountId: "x", region: "nowhere" }))).toThrow(
      /2 problems in the configuration:\n {2}environment "dev": accountId: .*\n {2}environment "dev": region: /,
    );
  });
});
