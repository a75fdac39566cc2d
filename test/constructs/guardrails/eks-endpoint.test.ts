import { EksCluster, type EksClusterVpcConfig } from "@cdktf/provider-aws/lib/eks-cluster";
import { findings, guardedStack } from "./guarded-stack";

describe("EKS endpoint guardrails", () => {
  const cluster = (vpcConfig: Partial<EksClusterVpcConfig>) => {
    const stack = guardedStack();
    new EksCluster(stack, "Cluster", {
      name: "c",
      roleArn: "arn:role",
      vpcConfig: { subnetIds: ["s"], ...vpcConfig },
    });
    return findings(stack);
  };

  it("pass a private-only endpoint and a public one behind an allowlist", () => {
    expect(cluster({ endpointPrivateAccess: true, endpointPublicAccess: false })).toEqual([]);
    expect(
      cluster({
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ["203.0.113.0/24"],
      }),
    ).toEqual([]);
  });

  it("fail EKS's defaults: no private endpoint, and a public one open to 0.0.0.0/0", () => {
    expect(cluster({})).toEqual([
      "[eks-private-endpoint] guarded/Cluster (aws_eks_cluster): set vpcConfig.endpointPrivateAccess = true",
      expect.stringMatching(
        /^\[eks-public-endpoint\] guarded\/Cluster \(aws_eks_cluster\): the public endpoint is open to the internet \(no publicAccessCidrs: EKS uses 0\.0\.0\.0\/0\)/,
      ),
    ]);
  });

  it("fail a public endpoint whose allowlist holds a /0", () => {
    expect(
      cluster({
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0"],
      }),
    ).toEqual([expect.stringMatching(/^\[eks-public-endpoint\] .*publicAccessCidrs includes a \/0/)]);
  });
});
