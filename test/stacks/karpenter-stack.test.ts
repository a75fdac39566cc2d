import { parse as parseYaml } from "yaml";
import { unknownValuesKeys } from "../helpers/chart-values";
import { crdValidator, schemaFile } from "../helpers/crd-validation";
import {
  buildApp,
  environment,
  errorAnnotations,
  namedResourcesOf,
  onlyResource,
  parse,
  refAt,
  resourcesOf,
  stacksOf,
  synthAll,
  type Json,
} from "../helpers/synth";

const KARPENTER_ENVIRONMENTS = ["dev", "lab", "outpost", "prod"];
/** Validators of Karpenter 1.14.1's own CRDs (../shared/schemas/karpenter), by kind. */
const VALIDATORS: Record<string, (manifest: unknown) => string[]> = {
  NodePool: crdValidator("karpenter", "karpenter.sh_nodepools.yaml"),
  EC2NodeClass: crdValidator("karpenter", "karpenter.k8s.aws_ec2nodeclasses.yaml"),
};

/** Values of the shape Terraform puts in place of each kind of reference at apply time. */
const SAMPLE_VALUES: ReadonlyArray<[RegExp, string]> = [
  [/aws_subnet.*\.id|Subnet.*id\)?$/, "subnet-0a1b2c3d4e5f67890"],
  [/aws_iam_role\.NodeRole_\w+\.name$/, "dataplatform-dev-karpenter-node"],
  [
    /aws_kms_key.*arn$|kms_key\w*arn$/,
    "arn:aws:kms:eu-west-3:111111111111:key/00000000-0000-0000-0000-000000000000",
  ],
];

/** A manifest with each `${reference}` replaced by a sample value; an unknown reference fails the test. */
function withSampleValues(value: unknown): unknown {
  if (typeof value === "string" && value.startsWith("${")) {
    const reference = value.slice(2, -1);
    const sample = SAMPLE_VALUES.find(([pattern]) => pattern.test(reference));
    if (!sample) throw new Error(`no sample value for the reference ${value}`);
    return sample[1];
  }
  if (Array.isArray(value)) return value.map(withSampleValues);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSampleValues(v)]));
  return value;
}

describe("karpenter stacks", () => {
  let synths: Map<string, string>;
  const karpenter = (env: string) => synths.get(`${env}-karpenter`)!;
  const manifests = (env: string) =>
    resourcesOf(karpenter(env), "kubernetes_manifest").map((m) => m.manifest as Json);
  const nodeClass = (env: string) => manifests(env).find((m) => m.kind === "EC2NodeClass")!;
  const nodePool = (env: string, name: string) =>
    manifests(env).find((m) => m.kind === "NodePool" && (m.metadata as Json).name === name)!;
  const helmValues = (env: string) =>
    parseYaml((onlyResource(karpenter(env), "helm_release").values as string[])[0]) as Json;

  beforeAll(() => {
    synths = synthAll(buildApp());
  });

  it.each(KARPENTER_ENVIRONMENTS)("%s-karpenter matches the reviewed snapshot", (env) => {
    expect(karpenter(env)).toMatchSnapshot();
  });

  it("builds no karpenter stack where Karpenter is disabled (outpost-local)", () => {
    expect(environment("outpost-local").karpenter.enabled).toBe(false);
    expect(synths.has("outpost-local-eks")).toBe(true);
    expect(synths.has("outpost-local-karpenter")).toBe(false);
  });

  it("raises no guardrail error", () => {
    const stacks = stacksOf(buildApp([environment("dev"), environment("outpost")]));
    for (const env of ["dev", "outpost"])
      expect(errorAnnotations(stacks.get(`${env}-karpenter`)!)).toEqual([]);
  });

  it.each(KARPENTER_ENVIRONMENTS)("%s-karpenter keeps its state under <env>/karpenter.tfstate", (env) => {
    const backend = parse(karpenter(env)).terraform?.backend as { s3: Json };
    expect(backend.s3.key).toBe(`${env}/karpenter.tfstate`);
  });

  describe("against Karpenter 1.14.1's CRDs", () => {
    it.each(KARPENTER_ENVIRONMENTS)(
      "%s: every NodePool and EC2NodeClass passes the v1 schema and its CEL rules",
      (env) => {
        const all = manifests(env);
        expect(all.map((m) => m.kind).sort()).toEqual([
          "EC2NodeClass",
          ...Array(Object.keys(environment(env).karpenter.nodePools).length).fill("NodePool"),
        ]);
        for (const manifest of all)
          expect(VALIDATORS[manifest.kind as string](withSampleValues(manifest))).toEqual([]);
      },
    );

    it("catches an invalid NodePool and an invalid EC2NodeClass (the check can fail)", () => {
      const pool = structuredClone(nodePool("dev", "default"));
      const requirements = ((pool.spec as Json).template as { spec: { requirements: Json[] } }).spec
        .requirements;
      requirements[0].operator = "Contains";
      (pool.spec as Json).disruption = { consolidationPolicy: "WhenIdle", consolidateAfter: "5m" };
      const poolErrors = VALIDATORS.NodePool(withSampleValues(pool)).join("\n");
      expect(poolErrors).toMatch(/requirements\/0\/operator: must be one of .*received "Contains"/);
      expect(poolErrors).toMatch(/disruption\/consolidationPolicy: must be one of .*received "WhenIdle"/);

      const nodeClassCopy = structuredClone(nodeClass("dev"));
      (nodeClassCopy.spec as Json).amiSelectorTerms = [{ alias: "ubuntu@latest" }];
      expect(VALIDATORS.EC2NodeClass(withSampleValues(nodeClassCopy)).join("\n")).toMatch(
        /amiSelectorTerms\/0\/alias: .*family/i,
      );
    });

    it.each(KARPENTER_ENVIRONMENTS)("%s: every Helm value is a key of the chart's values.yaml", (env) => {
      expect(unknownValuesKeys(helmValues(env), schemaFile("karpenter", "values.yaml"))).toEqual([]);
    });

    it("reports a Helm value the chart does not have (the check can fail)", () => {
      const values = { ...helmValues("dev"), webhook: { enabled: false } };
      expect(unknownValuesKeys(values, schemaFile("karpenter", "values.yaml"))).toEqual(["webhook.enabled"]);
    });
  });

  describe("helm release", () => {
    it("installs the pinned OCI chart without its CRDs (the eks stack's karpenter-crd release owns them)", () => {
      expect(onlyResource(karpenter("dev"), "helm_release")).toMatchObject({
        name: "karpenter",
        namespace: "kube-system",
        repository: "oci://public.ecr.aws/karpenter",
        chart: "karpenter",
        version: "1.14.1",
        skip_crds: true,
        atomic: true,
      });
    });

    it("sets the cluster, its endpoint and the queue, two replicas, on the tainted system nodes", () => {
      expect(helmValues("dev")).toMatchObject({
        replicas: 2,
        serviceAccount: { name: "karpenter" },
        settings: {
          clusterName: "dataplatform-dev",
          interruptionQueue: `\${aws_sqs_queue.${Object.keys(namedResourcesOf(karpenter("dev"), "aws_sqs_queue"))[0]}.name}`,
        },
        nodeSelector: { "node.dataplatform.io/pool": "system" },
        tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }],
      });
      const settings = helmValues("dev").settings as Json;
      // The eks stack's endpoint, unmarked as sensitive so `cdktf diff` shows the values.
      expect(settings.clusterEndpoint).toMatch(
        /^\$\{nonsensitive\(data\.terraform_remote_state\.cross-stack-reference-input-dev-eks\.outputs\.[^)]+endpoint\)\}$/,
      );
    });
  });

  describe("EC2NodeClass default", () => {
    it.each(KARPENTER_ENVIRONMENTS)(
      "%s: pinned AL2023 alias, IMDSv2 with one hop, encrypted gp3 root volume",
      (env) => {
        const spec = nodeClass(env).spec as Json;
        expect(spec.amiSelectorTerms).toEqual([{ alias: environment(env).karpenter.amiAlias }]);
        expect(spec.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
        expect(spec.blockDeviceMappings).toEqual([
          {
            deviceName: "/dev/xvda",
            rootVolume: true,
            ebs: expect.objectContaining({
              encrypted: true,
              volumeType: "gp3",
              kmsKeyID: expect.stringMatching(/^\$\{/),
            }),
          },
        ]);
        expect(spec.securityGroupSelectorTerms).toEqual([
          { tags: { "karpenter.sh/discovery": environment(env).clusterName } },
        ]);
        expect(spec.tags).toMatchObject({ environment: env, project: "dataplatform" });
      },
    );

    it("selects subnets by the discovery tag in the region", () => {
      expect((nodeClass("dev").spec as Json).subnetSelectorTerms).toEqual([
        { tags: { "karpenter.sh/discovery": "dataplatform-dev" } },
      ]);
    });

    it("names the regional private subnets on an Outpost-extended cluster, never the rack's subnet", () => {
      const network = synths.get("outpost-network")!;
      const outputs = parse(network).output!;
      const terms = (nodeClass("outpost").spec as Json).subnetSelectorTerms as Array<{ id: string }>;
      expect(terms).toHaveLength(environment("outpost").network!.availabilityZones.length);
      const outpostSubnet = refAt(network, "aws_subnet", "Network_OutpostSubnet", "id");
      for (const term of terms) {
        // `${data.terraform_remote_state.<network>.outputs.<name>}` → the network stack's output <name>.
        const output = /\.outputs\.([^}]+)\}$/.exec(term.id)![1];
        expect(outputs[output].value).toMatch(
          /^\$\{aws_subnet\.Network_PrivateSubnet-eu-west-3[a-c]_\w+\.id\}$/,
        );
        expect(outputs[output].value).not.toBe(outpostSubnet);
      }
    });
  });

  describe("NodePools", () => {
    it.each(KARPENTER_ENVIRONMENTS)(
      "%s: one NodePool per configured pool, each after the EC2NodeClass",
      (env) => {
        const pools = Object.entries(namedResourcesOf(karpenter(env), "kubernetes_manifest")).filter(
          ([, m]) => (m.manifest as Json).kind === "NodePool",
        );
        expect(pools.map(([, m]) => ((m.manifest as Json).metadata as Json).name).sort()).toEqual(
          Object.keys(environment(env).karpenter.nodePools).sort(),
        );
        for (const [, pool] of pools)
          expect(pool.depends_on).toEqual(["kubernetes_manifest.NodeClass-default"]);
      },
    );

    it("makes the default pool Spot and On-Demand on Nitro, WhenEmpty with explicit consolidateAfter, budgets, expiry, limits", () => {
      const pool = nodePool("dev", "default");
      const spec = pool.spec as Json;
      const template = (spec.template as Json).spec as Json;
      expect(template.requirements).toEqual(
        expect.arrayContaining([
          { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] },
          { key: "karpenter.k8s.aws/instance-hypervisor", operator: "In", values: ["nitro"] },
        ]),
      );
      expect(spec.disruption).toMatchObject({ consolidationPolicy: "WhenEmpty", consolidateAfter: "5m" });
      expect((spec.disruption as Json).budgets).toContainEqual({ nodes: "10%" });
      expect(template.expireAfter).toBe("720h");
      expect(spec.limits).toEqual({ cpu: "200", memory: "800Gi" });
    });

    it("taints and labels the Trino pools so only Trino lands there", () => {
      for (const name of ["trino-worker", "trino-coordinator"]) {
        const pool = nodePool("dev", name);
        const template = (pool.spec as Json).template as Json;
        expect((template.metadata as Json).labels).toMatchObject({ "node.dataplatform.io/pool": name });
        expect((template.spec as Json).taints).toEqual([
          { key: "node.dataplatform.io/dedicated", value: name, effect: "NoSchedule" },
        ]);
      }
    });

    it("applies every manifest after the controller release and with the cluster's kubernetes provider", () => {
      const all = namedResourcesOf(karpenter("dev"), "kubernetes_manifest");
      expect(all["NodeClass-default"].depends_on).toContain(
        `helm_release.${Object.keys(namedResourcesOf(karpenter("dev"), "helm_release"))[0]}`,
      );
      for (const manifest of Object.values(all)) expect(manifest.provider).toBe("kubernetes");
      const kubernetes = parse(karpenter("dev")).provider!.kubernetes[0];
      expect(kubernetes.config_path).toBeUndefined();
      expect(JSON.stringify(kubernetes.exec)).toContain("get-token");
    });
  });
});
