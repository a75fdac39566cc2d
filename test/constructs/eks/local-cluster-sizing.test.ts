import { controlPlaneInstanceTypeFor } from "../../../constructs/eks/local-cluster-sizing";

describe("local cluster control-plane sizing", () => {
  it.each([
    [1, "m5.large"],
    [20, "m5.large"],
    [21, "m5.xlarge"],
    [100, "m5.xlarge"],
    [101, "m5.2xlarge"],
    [250, "m5.2xlarge"],
    [251, "m5.4xlarge"],
    [500, "m5.4xlarge"],
  ])("sizes a cluster of %i nodes with %s", (nodes, type) => {
    expect(controlPlaneInstanceTypeFor(nodes)).toBe(type);
  });

  it("refuses more nodes than a local cluster supports", () => {
    expect(() => controlPlaneInstanceTypeFor(501)).toThrow(/sized for at most 500 nodes, received 501/);
  });

  it("refuses a count that is not a positive whole number", () => {
    expect(() => controlPlaneInstanceTypeFor(0)).toThrow(/whole number from 1, received 0/);
  });
});
