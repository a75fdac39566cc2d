import { Testing, TerraformStack } from "cdktf";
import {
  type ec2NodeClassIssues,
  ec2NodeClassManifest,
} from "../../../../constructs/addons/karpenter/node-class";
import {
  nodePoolManifest,
  nodePoolRequirements,
  type NodePoolOptions,
} from "../../../../constructs/addons/karpenter/node-pool";
import { InterruptionQueue } from "../../../../constructs/addons/karpenter/interruption-queue";
import { crdValidator } from "../../../helpers/crd-validation";

const validateNodePool = crdValidator("karpenter", "karpenter.sh_nodepools.yaml");
const validateNodeClass = crdValidator("karpenter", "karpenter.k8s.aws_ec2nodeclasses.yaml");

const MINIMAL: NodePoolOptions = {
  capacityTypes: ["on-demand"],
  architectures: ["arm64"],
  limits: { cpu: "8" },
  consolidationPolicy: "WhenEmpty",
  consolidateAfter: "30s",
  budgets: [{ nodes: "1" }],
  expireAfter: "Never",
};

const NODE_CLASS = {
  roleName: "dataplatform-dev-karpenter-node",
  amiAlias: "al2023@v20260728",
  subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "dataplatform-dev" } }],
  securityGroupSelectorTerms: [{ id: "sg-0a1b2c3d4e5f67890" }],
  kmsKeyArn: "arn:aws:kms:eu-west-3:111111111111:key/00000000-0000-0000-0000-000000000000",
};

describe("NodePool manifests", () => {
  it("builds a CRD-valid NodePool from the fewest options", () => {
    expect(validateNodePool(nodePoolManifest("small", "default", MINIMAL))).toEqual([]);
  });

  it("builds a CRD-valid NodePool from every option", () => {
    const manifest = nodePoolManifest("everything", "default", {
      ...MINIMAL,
      capacityTypes: ["spot", "on-demand"],
      architectures: ["amd64", "arm64"],
      instanceCategories: ["c", "m"],
      instanceFamilies: ["c7i", "m7i", "c7g", "u-6tb1"],
      minInstanceGeneration: 7,
      requirements: [
        {
          key: "karpenter.k8s.aws/instance-size",
          operator: "In",
          values: ["xlarge", "2xlarge"],
          minValues: 2,
        },
        { key: "karpenter.k8s.aws/instance-memory", operator: "Gte", values: ["16384"] },
        { key: "example.com/gpu", operator: "DoesNotExist" },
      ],
      labels: { team: "analytics" },
      taints: [{ key: "example.com/dedicated", value: "analytics", effect: "NoSchedule" }],
      limits: { cpu: "1.5k", memory: "4Ti", nodes: "20" },
      consolidationPolicy: "Balanced",
      budgets: [
        { nodes: "20%", reasons: ["Empty", "Drifted"] },
        { nodes: "0", schedule: "0 22 * * *", duration: "1h30m" },
      ],
      terminationGracePeriod: "2h",
      weight: 50,
    });
    expect(validateNodePool(manifest)).toEqual([]);
  });

  it("always requires Nitro and turns the oldest generation into a Gt requirement", () => {
    expect(nodePoolRequirements({ ...MINIMAL, minInstanceGeneration: 6 })).toEqual(
      expect.arrayContaining([
        { key: "karpenter.k8s.aws/instance-hypervisor", operator: "In", values: ["nitro"] },
        { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["5"] },
      ]),
    );
  });

  it("refuses options the CRD would refuse, naming the pool and each field", () => {
    expect(() =>
      nodePoolManifest("bad", "default", {
        ...MINIMAL,
        requirements: [{ key: "topology.kubernetes.io/zone", operator: "Near", values: ["a"] }],
        limits: { cpu: "many" },
      }),
    ).toThrow(
      /NodePool "bad" is invalid:\n {2}requirements\[0\]: operator "Near": expected one of .*\n {2}limits\.cpu: expected a non-negative Kubernetes quantity/,
    );
  });
});

describe("EC2NodeClass manifests", () => {
  it("builds a CRD-valid EC2NodeClass: IMDSv2, encrypted root volume", () => {
    const manifest = ec2NodeClassManifest("default", { ...NODE_CLASS, tags: { team: "data" } });
    expect(validateNodeClass(manifest)).toEqual([]);
    expect(manifest.spec).toMatchObject({
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ rootVolume: true, ebs: { encrypted: true, kmsKeyID: NODE_CLASS.kmsKeyArn } }],
    });
  });

  it.each<[string, Partial<typeof NODE_CLASS> & Record<string, unknown>, RegExp]>([
    [
      "another AMI family",
      { amiAlias: "bottlerocket@latest" },
      /amiAlias: expected al2023@latest or a pinned release/,
    ],
    ["an alias without version", { amiAlias: "al2023" }, /amiAlias: expected al2023@latest/],
    [
      "a tag Karpenter sets",
      { tags: { "karpenter.sh/nodepool": "x" } },
      /tags\.karpenter\.sh\/nodepool: Karpenter sets this tag itself/,
    ],
    [
      "a cluster ownership tag",
      { tags: { "kubernetes.io/cluster/x": "owned" } },
      /Karpenter sets this tag itself/,
    ],
    ["no subnet selector", { subnetSelectorTerms: [] }, /subnetSelectorTerms: expected at least one term/],
    ["a hop limit of 0", { metadataHopLimit: 0 }, /metadataHopLimit: expected 1 to 64, received 0/],
    [
      "a 10 GiB root volume",
      { rootVolumeSizeGiB: 10 },
      /rootVolumeSizeGiB: expected 20 to 16384, received 10/,
    ],
    [
      "no security group selector",
      { securityGroupSelectorTerms: [] },
      /securityGroupSelectorTerms: expected at least one term/,
    ],
    [
      "an empty tag value",
      { tags: { team: "" } },
      /tags: keys and values must not be empty, received \{"team":""\}/,
    ],
  ])("refuses %s", (_, changes, message) => {
    const options = { ...NODE_CLASS, ...changes } as Parameters<typeof ec2NodeClassIssues>[0];
    expect(() => ec2NodeClassManifest("default", options)).toThrow(message);
  });
});

describe("InterruptionQueue", () => {
  it("refuses a retention SQS does not accept", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    expect(
      () =>
        new InterruptionQueue(stack, "Queue", {
          queueName: "q",
          accountId: "111111111111",
          region: "eu-west-3",
          messageRetentionSeconds: 30,
        }),
    ).toThrow(/test\/Queue: messageRetentionSeconds must be 60 to 1209600, received 30/);
  });
});
