import {
  cidrContains,
  cidrsOverlap,
  defaultPrefixLengths,
  planSubnets,
} from "../../../constructs/network/subnet-plan";

const AZS = ["eu-west-3a", "eu-west-3b", "eu-west-3c"];

describe("subnet plan", () => {
  it("derives tier sizes from the VPC prefix", () => {
    expect(defaultPrefixLengths(16)).toEqual({ private: 19, public: 24, intra: 28 });
    expect(defaultPrefixLengths(20)).toEqual({ private: 23, public: 27, intra: 28 });
  });

  it("carves a /16 into /19 private, /24 public and /28 intra subnets, one per AZ", () => {
    const plan = planSubnets({ vpcCidr: "10.30.0.0/16", availabilityZones: AZS });
    expect(plan.private.map((s) => s.cidr)).toEqual(["10.30.0.0/19", "10.30.32.0/19", "10.30.64.0/19"]);
    expect(plan.public.map((s) => s.cidr)).toEqual(["10.30.96.0/24", "10.30.97.0/24", "10.30.98.0/24"]);
    expect(plan.intra.map((s) => s.cidr)).toEqual(["10.30.99.0/28", "10.30.99.16/28", "10.30.99.32/28"]);
    expect(plan.private.map((s) => s.availabilityZone)).toEqual(AZS);
  });

  it("keeps every subnet inside the VPC and apart from every other", () => {
    const plan = planSubnets({ vpcCidr: "172.16.0.0/20", availabilityZones: [...AZS, "eu-west-3d"] });
    const all = [...plan.private, ...plan.public, ...plan.intra].map((s) => s.cidr);
    all.forEach((cidr, i) => {
      expect(cidrContains("172.16.0.0/20", cidr)).toBe(true);
      all.slice(i + 1).forEach((other) => expect(cidrsOverlap(cidr, other)).toBe(false));
    });
  });

  it("steps around a reserved range such as the Outpost subnet", () => {
    const plan = planSubnets({
      vpcCidr: "10.40.0.0/16",
      availabilityZones: AZS.slice(0, 2),
      reserved: ["10.40.32.0/22"],
    });
    const all = [...plan.private, ...plan.public, ...plan.intra].map((s) => s.cidr);
    all.forEach((cidr) => expect(cidrsOverlap(cidr, "10.40.32.0/22")).toBe(false));
    expect(plan.private[1].cidr).toBe("10.40.64.0/19");
  });

  it("honours explicit prefix lengths", () => {
    const plan = planSubnets({
      vpcCidr: "10.0.0.0/16",
      availabilityZones: AZS,
      prefixLengths: { private: 18, public: 26 },
    });
    expect(plan.private[2].cidr).toBe("10.0.128.0/18");
    expect(plan.public[0].cidr).toBe("10.0.192.0/26");
  });

  it("refuses subnets larger than the VPC", () => {
    expect(() =>
      planSubnets({ vpcCidr: "10.0.0.0/20", availabilityZones: AZS, prefixLengths: { private: 20 } }),
    ).toThrow(/private subnets of \/20 cannot be carved from a \/20 VPC/);
  });

  it("refuses subnets that do not fit together", () => {
    expect(() =>
      planSubnets({ vpcCidr: "10.0.0.0/20", availabilityZones: AZS, prefixLengths: { private: 21 } }),
    ).toThrow(/3 AZs of private \/21, public \/27 and intra \/28 subnets do not fit in 10\.0\.0\.0\/20/);
  });

  it("refuses a CIDR off its network boundary", () => {
    expect(() => planSubnets({ vpcCidr: "10.0.0.1/16", availabilityZones: AZS })).toThrow(
      /"10\.0\.0\.1\/16" does not start on its network boundary/,
    );
  });
});
