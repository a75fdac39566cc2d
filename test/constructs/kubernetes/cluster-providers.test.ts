import { getTokenArgs } from "../../../constructs/kubernetes/cluster-providers";

describe("cluster providers", () => {
  const connection = {
    clusterName: "demo",
    endpoint: "https://x",
    certificateAuthorityData: "Q0E=",
    region: "eu-west-3",
  };

  it("gets tokens by cluster name in the region", () => {
    expect(getTokenArgs(connection)).toEqual([
      "eks",
      "get-token",
      "--cluster-name",
      "demo",
      "--region",
      "eu-west-3",
      "--output",
      "json",
    ]);
  });

  it("gets tokens by cluster id for a local cluster on an Outpost", () => {
    expect(getTokenArgs({ ...connection, localClusterId: "0a1b" }).slice(2, 4)).toEqual([
      "--cluster-id",
      "0a1b",
    ]);
  });
});
