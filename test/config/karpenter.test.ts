import { parseEnvironment } from "../../config/define";
import { DEFAULT_KARPENTER_AMI_ALIAS, KARPENTER_CHART_VERSION } from "../../config/karpenter-schema";
import { PLATFORM_NODE_POOLS, TRINO_COORDINATOR_POOL, TRINO_WORKER_POOL } from "../../config/node-pools";
import { environment } from "../helpers/synth";

const dev = environment("dev");
const prod = environment("prod");

type Pool = Record<string, unknown>;
const withKarpenter = (env: typeof dev, changes: Record<string, unknown>) => ({
  ...env,
  karpenter: { ...env.karpenter, ...changes },
});
/** dev with its `default` pool changed. */
const withDefaultPool = (changes: Pool) =>
  withKarpenter(dev, {
    nodePools: { ...dev.karpenter.nodePools, default: { ...dev.karpenter.nodePools.default, ...changes } },
  });

describe("karpenter configuration", () => {
  it("gives Trino workers instances of at least 32 GiB, as README's NodePool table says (r5.xlarge has 32 GiB)", () => {
    const requirements = PLATFORM_NODE_POOLS[TRINO_WORKER_POOL].requirements ?? [];
    const memory = requirements.filter((r) => r.key === "karpenter.k8s.aws/instance-memory");
    expect(memory).toHaveLength(1);
    // Karpenter's instance-memory label is in MiB; `Gt` admits values strictly above its one value.
    const admits = (mib: number) => memory[0].operator === "Gt" && mib > Number(memory[0].values?.[0]);
    expect(admits(32 * 1024)).toBe(true);
    expect(admits(32 * 1024 - 1)).toBe(false);
  });

  it("applies the defaults: chart 1.14.1, Pod Identity, two replicas, a pinned AL2023 alias", () => {
    expect(dev.karpenter).toMatchObject({
      enabled: true,
      chartVersion: KARPENTER_CHART_VERSION,
      controllerIdentity: "pod-identity",
      replicas: 2,
      amiAlias: DEFAULT_KARPENTER_AMI_ALIAS,
      interruptionMessageRetentionSeconds: 300,
    });
    expect(KARPENTER_CHART_VERSION).toBe("1.14.1");
    expect(DEFAULT_KARPENTER_AMI_ALIAS).toMatch(/^al2023@v\d{8}$/);
  });

  it("gives every environment the platform's pools: default, Trino workers on Spot, Trino coordinator on demand", () => {
    expect(Object.keys(dev.karpenter.nodePools).sort()).toEqual(Object.keys(PLATFORM_NODE_POOLS).sort());
    const pools = dev.karpenter.nodePools;
    expect(pools.default).toMatchObject({
      capacityTypes: ["spot", "on-demand"],
      consolidationPolicy: "WhenEmpty",
      consolidateAfter: "5m",
      expireAfter: "720h",
    });
    expect(pools[TRINO_WORKER_POOL].capacityTypes).toEqual(["spot"]);
    expect(pools[TRINO_WORKER_POOL].instanceFamilies!.every((family) => family.startsWith("r"))).toBe(true);
    expect(pools[TRINO_COORDINATOR_POOL].capacityTypes).toEqual(["on-demand"]);
  });

  it("parses a pool written with defaults left out", () => {
    const env = parseEnvironment(withKarpenter(dev, { nodePools: { batch: { limits: { cpu: "10" } } } }));
    expect(env.karpenter.nodePools.batch).toEqual({
      capacityTypes: ["spot", "on-demand"],
      architectures: ["amd64"],
      limits: { cpu: "10" },
      consolidationPolicy: "WhenEmpty",
      consolidateAfter: "5m",
      budgets: [{ nodes: "10%" }],
      expireAfter: "720h",
    });
  });

  describe("refuses at synth what the NodePool CRD would refuse at apply", () => {
    it.each<[string, Pool, RegExp]>([
      [
        "an unknown requirement operator",
        { requirements: [{ key: "topology.kubernetes.io/zone", operator: "Contains", values: ["a"] }] },
        /environment "dev": karpenter\.nodePools\.default\.requirements\[0\]: operator "Contains": expected one of In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte, Lte/,
      ],
      [
        "In without values",
        { requirements: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [] }] },
        /karpenter\.nodePools\.default\.requirements\[0\]: operator In needs at least one value/,
      ],
      [
        "Gt with a non-integer",
        { requirements: [{ key: "karpenter.k8s.aws/instance-cpu", operator: "Gt", values: ["four"] }] },
        /requirements\[0\]: operator Gt needs a single non-negative integer value/,
      ],
      [
        "Exists with values",
        { requirements: [{ key: "example.com/gpu", operator: "Exists", values: ["yes"] }] },
        /requirements\[0\]: operator Exists takes no values/,
      ],
      [
        "minValues above the values listed",
        { requirements: [{ key: "example.com/tier", operator: "In", values: ["a"], minValues: 3 }] },
        /requirements\[0\]: minValues 3 is more than the 1 values listed/,
      ],
      [
        "a restricted requirement key",
        { requirements: [{ key: "karpenter.sh/nodepool", operator: "In", values: ["x"] }] },
        /label "karpenter\.sh\/nodepool" is restricted/,
      ],
      [
        "an unknown karpenter.k8s.aws key",
        { requirements: [{ key: "karpenter.k8s.aws/instance-colour", operator: "Exists" }] },
        /label domain "karpenter\.k8s\.aws" is restricted/,
      ],
      [
        "a requirement a dedicated option sets",
        { requirements: [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] }] },
        /requirements\[0\]\.key: is set by capacityTypes; use that option instead/,
      ],
      [
        "empty instance families",
        { instanceFamilies: [] },
        /karpenter\.nodePools\.default\.instanceFamilies: expected at least one instance family, or leave the field out to allow any, received \[\]/,
      ],
      [
        "an instance family that is not one",
        { instanceFamilies: ["r7i.large"] },
        /instanceFamilies\[0\]: expected an EC2 instance family such as r7i or m6id, received "r7i\.large"/,
      ],
      ["no capacity type", { capacityTypes: [] }, /capacityTypes: expected at least one capacity type/],
      ["no architecture", { architectures: [] }, /architectures: expected at least one architecture/],
      [
        "empty instance categories",
        { instanceCategories: [] },
        /instanceCategories: expected at least one instance category, or leave the field out/,
      ],
      [
        "an instance category that is not one",
        { instanceCategories: ["m5"] },
        /instanceCategories\[0\]: expected an instance category such as c, m or r, received "m5"/,
      ],
      [
        "generation 0",
        { minInstanceGeneration: 0 },
        /minInstanceGeneration: expected a whole number of at least 1, received 0/,
      ],
      [
        "NotIn without values",
        { requirements: [{ key: "topology.kubernetes.io/zone", operator: "NotIn" }] },
        /requirements\[0\]: operator NotIn needs at least one value/,
      ],
      [
        "a requirement value that is not a label value",
        { requirements: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["eu west"] }] },
        /requirements\[0\]: value "eu west": expected a label value/,
      ],
      [
        "minValues above 50",
        { requirements: [{ key: "example.com/tier", operator: "Exists", minValues: 51 }] },
        /requirements\[0\]: minValues 51: expected a whole number from 1 to 50/,
      ],
      [
        "a malformed requirement key",
        { requirements: [{ key: "not a key", operator: "Exists" }] },
        /requirements\[0\]: key "not a key": expected a label key/,
      ],
      [
        "kubernetes.io/hostname as a requirement",
        { requirements: [{ key: "kubernetes.io/hostname", operator: "Exists" }] },
        /label "kubernetes\.io\/hostname" is restricted/,
      ],
      [
        "another karpenter.sh key",
        { requirements: [{ key: "karpenter.sh/registered", operator: "Exists" }] },
        /label domain "karpenter\.sh" is restricted \(only karpenter\.sh\/capacity-type may be used\)/,
      ],
      [
        "a malformed label key",
        { labels: { "team name": "data" } },
        /labels\.team name: expected a label key/,
      ],
      [
        "terminationGracePeriod of Never",
        { terminationGracePeriod: "Never" },
        /terminationGracePeriod: expected a duration in s\/m\/h such as 24h, received "Never"/,
      ],
      [
        "more than 50 budgets",
        { budgets: Array.from({ length: 51 }, () => ({ nodes: "1" })) },
        /budgets: expected at most 50 budgets, received 51/,
      ],
      [
        "a budget schedule that is not cron",
        { budgets: [{ nodes: "0", schedule: "weekdays", duration: "8h" }] },
        /budgets\[0\]\.schedule: expected a cron expression of five fields/,
      ],
      [
        "a budget with an empty reasons list",
        { budgets: [{ nodes: "1", reasons: [] }] },
        /budgets\[0\]\.reasons: expected at least one reason, or leave the field out for all/,
      ],
      [
        "a consolidation policy the CRD does not know",
        { consolidationPolicy: "WhenIdle" },
        /karpenter\.nodePools\.default\.consolidationPolicy: .*WhenEmpty.*WhenEmptyOrUnderutilized.*Balanced/,
      ],
      [
        "consolidateAfter in days",
        { consolidateAfter: "1d" },
        /consolidateAfter: expected a duration in s\/m\/h such as 30s, 5m or 1h30m, or Never, received "1d"/,
      ],
      [
        "expireAfter in days",
        { expireAfter: "30d" },
        /expireAfter: expected a duration in s\/m\/h such as 720h, or Never, received "30d"/,
      ],
      [
        "a budget schedule without duration",
        { budgets: [{ nodes: "0", schedule: "@daily" }] },
        /budgets\[0\]: schedule and duration go together: set both or neither/,
      ],
      [
        "a budget over 100%",
        { budgets: [{ nodes: "150%" }] },
        /budgets\[0\]\.nodes: expected a node count such as 1, or a percentage from 0% to 100%, received "150%"/,
      ],
      [
        "a budget duration in seconds",
        { budgets: [{ nodes: "0", schedule: "@daily", duration: "30s" }] },
        /budgets\[0\]\.duration: expected hours and\/or minutes such as 8h, 30m or 1h30m, received "30s"/,
      ],
      [
        "a cpu limit that is not a quantity",
        { limits: { cpu: "lots", memory: "100Gi" } },
        /karpenter\.nodePools\.default\.limits\.cpu: expected a non-negative Kubernetes quantity such as 100, 1\.5 or 400Gi, received "lots"/,
      ],
      [
        "a memory limit with a bad unit",
        { limits: { cpu: "10", memory: "100GB" } },
        /limits\.memory: expected a non-negative Kubernetes quantity .*received "100GB"/,
      ],
      [
        "a negative limit",
        { limits: { cpu: "-1" } },
        /limits\.cpu: expected a non-negative Kubernetes quantity/,
      ],
      ["no limit at all", { limits: {} }, /limits: expected at least one limit \(cpu, memory\)/],
      ["a weight above 100", { weight: 101 }, /weight: expected a whole number from 1 to 100, received 101/],
      [
        "a label that overrides the pool label",
        { labels: { "node.dataplatform.io/pool": "other" } },
        /labels\.node\.dataplatform\.io\/pool: is set to the pool's name/,
      ],
      [
        "a label value too long",
        { labels: { team: "x".repeat(64) } },
        /labels\.team: expected a label value: at most 63/,
      ],
      [
        "a malformed taint key",
        { taints: [{ key: "dedicated to/trino", effect: "NoSchedule" }] },
        /taints\[0\]\.key: expected a taint key/,
      ],
      [
        "a taint value with a space",
        { taints: [{ key: "dedicated", value: "trino workers", effect: "NoSchedule" }] },
        /taints\[0\]\.value: expected a taint value/,
      ],
      [
        "an empty taint value",
        { taints: [{ key: "dedicated", value: "", effect: "NoSchedule" }] },
        /taints\[0\]\.value: expected a taint value.*received ""/,
      ],
      [
        "reserved capacity (the node class selects no reservation)",
        { capacityTypes: ["reserved"] },
        /karpenter\.nodePools\.default\.capacityTypes\[0\]: .*"spot".*"on-demand"/,
      ],
    ])("%s", (_, changes, message) => {
      expect(() => parseEnvironment(withDefaultPool(changes))).toThrow(message);
    });
  });

  it("refuses a NodePool name that is not a DNS label", () => {
    expect(() =>
      parseEnvironment(withKarpenter(dev, { nodePools: { Trino_Workers: { limits: { cpu: "1" } } } })),
    ).toThrow(/expected a NodePool name: lower-case letters, digits and hyphens/);
  });

  it.each(["system", "outpost"])("refuses a NodePool named %s (the node groups' pool label)", (name) => {
    expect(() =>
      parseEnvironment(withKarpenter(dev, { nodePools: { [name]: { limits: { cpu: "1" } } } })),
    ).toThrow(
      new RegExp(
        `environment "dev": karpenter\\.nodePools\\.${name}: is a name the node groups use \\(system, outpost\\)`,
      ),
    );
  });

  it("refuses a cluster name too long for the node role's IAM name", () => {
    const name = "a".repeat(50);
    expect(() => parseEnvironment({ ...dev, cluster: { ...dev.cluster, name } })).toThrow(
      /environment "dev": cluster\.name: expected a cluster name of at most 49 characters with Karpenter/,
    );
    expect(() =>
      parseEnvironment({ ...dev, cluster: { ...dev.cluster, name: "a".repeat(49) } }),
    ).not.toThrow();
  });

  it("accepts instance families with a hyphen (u-6tb1)", () => {
    expect(() => parseEnvironment(withDefaultPool({ instanceFamilies: ["u-6tb1", "x2iedn"] }))).not.toThrow();
  });

  it("refuses an environment without any NodePool", () => {
    expect(() => parseEnvironment(withKarpenter(dev, { nodePools: {} }))).toThrow(
      /karpenter\.nodePools: expected at least one NodePool/,
    );
  });

  it("refuses an AMI alias other than AL2023 latest or a release", () => {
    expect(() => parseEnvironment(withKarpenter(dev, { amiAlias: "bottlerocket@latest" }))).toThrow(
      /environment "dev": karpenter\.amiAlias: expected al2023@latest or a pinned release .*received "bottlerocket@latest"/,
    );
  });

  it("refuses @latest in production, accepts it elsewhere", () => {
    expect(() => parseEnvironment(withKarpenter(prod, { amiAlias: "al2023@latest" }))).toThrow(
      /environment "prod": karpenter\.amiAlias: expected a pinned release .* in a production environment/,
    );
    expect(parseEnvironment(withKarpenter(dev, { amiAlias: "al2023@latest" })).karpenter.amiAlias).toBe(
      "al2023@latest",
    );
  });

  it("refuses a single controller replica in production", () => {
    expect(() => parseEnvironment(withKarpenter(prod, { replicas: 1 }))).toThrow(
      /environment "prod": karpenter\.replicas: expected at least 2 in a production environment/,
    );
    expect(parseEnvironment(withKarpenter(dev, { replicas: 1 })).karpenter.replicas).toBe(1);
  });

  it("refuses a chart version that is not exact", () => {
    expect(() => parseEnvironment(withKarpenter(dev, { chartVersion: "1.14" }))).toThrow(
      /karpenter\.chartVersion: expected an exact chart version such as 1\.14\.1, received "1\.14"/,
    );
  });

  it("refuses an unknown controller identity", () => {
    expect(() => parseEnvironment(withKarpenter(dev, { controllerIdentity: "node-role" }))).toThrow(
      /karpenter\.controllerIdentity: .*pod-identity.*irsa/,
    );
  });

  it("checks NodePools only where Karpenter is enabled", () => {
    const pools = { nodePools: { broken: { limits: {} } } };
    expect(() => parseEnvironment(withKarpenter(dev, pools))).toThrow(/nodePools\.broken\.limits/);
    expect(() => parseEnvironment(withKarpenter(dev, { ...pools, enabled: false }))).not.toThrow();
  });
});
