import { Testing } from "cdktf";
import { Network, type NetworkProps } from "../../../constructs/network/network";
import { VpcFlowLog } from "../../../constructs/network/vpc-flow-log";

const PROPS: NetworkProps = {
  namePrefix: "t",
  cidr: "10.0.0.0/16",
  availabilityZones: ["eu-west-3a", "eu-west-3b"],
  natGateways: "single",
  accountId: "123456789012",
  region: "eu-west-3",
  clusterName: "t",
  flowLogRetentionInDays: 30,
  logsKmsKeyArn: "arn",
};

describe("Network", () => {
  it("refuses an Outpost subnet in an AZ the VPC does not span", () => {
    expect(
      () =>
        new Network(Testing.app(), "Network", {
          ...PROPS,
          outpost: { outpostArn: "arn", availabilityZone: "eu-west-3c", cidr: "10.0.200.0/24" },
        }),
    ).toThrow(
      /Network: outpost\.availabilityZone must be one of eu-west-3a, eu-west-3b .*received eu-west-3c/,
    );
  });

  it("refuses a plan that does not fit, with the construct path", () => {
    expect(
      () =>
        new Network(Testing.app(), "Network", {
          ...PROPS,
          cidr: "10.0.0.0/20",
          subnetPrefixLengths: { private: 21 },
        }),
    ).toThrow(
      /Network: 2 AZs of private \/21, public \/27 and intra \/28 subnets do not fit in 10\.0\.0\.0\/20/,
    );
  });
});

describe("VpcFlowLog", () => {
  it("refuses an aggregation interval flow logs do not offer", () => {
    expect(
      () =>
        new VpcFlowLog(Testing.app(), "FlowLog", {
          vpcId: "v",
          logGroupName: "g",
          retentionInDays: 30,
          kmsKeyArn: "k",
          roleName: "r",
          accountId: "123456789012",
          region: "eu-west-3",
          maxAggregationInterval: 120,
        }),
    ).toThrow(/FlowLog: maxAggregationInterval must be 60 or 600 seconds, received 120/);
  });
});
