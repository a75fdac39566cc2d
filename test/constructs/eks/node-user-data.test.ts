import { parse as parseYaml } from "yaml";
import { nodeadmUserData } from "../../../constructs/eks/node-user-data";
import { al2023AmiParameter } from "../../../constructs/eks/self-managed-nodes";

const join = {
  clusterName: "demo",
  apiServerEndpoint: "https://ABC.gr7.eu-west-3.eks.amazonaws.com",
  certificateAuthority: "Q0EK",
  serviceCidr: "172.20.0.0/16",
  labels: { "node.dataplatform.io/pool": "outpost" },
};

/** The NodeConfig document inside the MIME user data. */
function nodeConfigOf(userData: string): Record<string, unknown> {
  const part = userData.split("--NODEADM")[1];
  return parseYaml(part.split("\n\n").slice(1).join("\n\n")) as Record<string, unknown>;
}

describe("nodeadm user data", () => {
  it("is MIME multi-part with a NodeConfig part", () => {
    const userData = nodeadmUserData(join);
    expect(userData).toMatch(/^MIME-Version: 1\.0\nContent-Type: multipart\/mixed; boundary=NODEADM\n/);
    expect(userData).toContain("Content-Type: application/node.eks.aws");
    expect(userData.trimEnd().endsWith("--NODEADM--")).toBe(true);
  });

  it("carries the cluster's endpoint, CA, service CIDR and the node labels", () => {
    expect(nodeConfigOf(nodeadmUserData(join))).toEqual({
      apiVersion: "node.eks.aws/v1alpha1",
      kind: "NodeConfig",
      spec: {
        cluster: {
          name: "demo",
          apiServerEndpoint: "https://ABC.gr7.eu-west-3.eks.amazonaws.com",
          certificateAuthority: "Q0EK",
          cidr: "172.20.0.0/16",
        },
        kubelet: { flags: ["--node-labels=node.dataplatform.io/pool=outpost"] },
      },
    });
  });

  it("adds the Outpost settings for a local cluster", () => {
    const config = nodeConfigOf(nodeadmUserData({ ...join, outpostClusterId: "0a1b2c3d" }));
    expect((config.spec as { cluster: Record<string, unknown> }).cluster).toMatchObject({
      enableOutpost: true,
      id: "0a1b2c3d",
    });
  });

  it("names the recommended or a pinned EKS-optimised AL2023 AMI", () => {
    expect(al2023AmiParameter("1.34", "recommended")).toBe(
      "/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/x86_64/standard/recommended/image_id",
    );
    expect(al2023AmiParameter("1.34", "v20251112")).toBe(
      "/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/x86_64/standard/amazon-eks-node-al2023-x86_64-standard-1.34-v20251112/image_id",
    );
  });
});
