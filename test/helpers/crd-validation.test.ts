import {
  SCHEMAS_DIR_ENV,
  assertValidAgainstCrd,
  celCompileErrors,
  celRules,
  crdValidator,
  kubernetesCel,
  loadCrd,
  schemaFile,
  schemasDir,
} from "./crd-validation";

const NODE_POOLS = "karpenter.sh_nodepools.yaml";
const NODE_CLASSES = "karpenter.k8s.aws_ec2nodeclasses.yaml";
const NODE_CLAIMS = "karpenter.sh_nodeclaims.yaml";

const validateNodePool = crdValidator("karpenter", NODE_POOLS);
const validateNodeClass = crdValidator("karpenter", NODE_CLASSES);

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
  minValues?: number;
}

function nodePool() {
  return {
    apiVersion: "karpenter.sh/v1",
    kind: "NodePool",
    metadata: { name: "default" },
    spec: {
      template: {
        metadata: { labels: { "data-platform/pool": "general" } as Record<string, string> },
        spec: {
          nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
          requirements: [
            { key: "kubernetes.io/arch", operator: "In", values: ["amd64", "arm64"] },
            { key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] },
            { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["5"] },
          ] as Requirement[],
          expireAfter: "720h",
        },
      },
      weight: 10,
      limits: { cpu: 64, memory: "256Gi" } as Record<string, number | string>,
      disruption: {
        consolidationPolicy: "WhenEmpty",
        consolidateAfter: "1m",
        budgets: [{ nodes: "10%" }] as Array<Record<string, string>>,
      },
    },
  };
}

function nodeClass() {
  return {
    apiVersion: "karpenter.k8s.aws/v1",
    kind: "EC2NodeClass",
    metadata: { name: "default" },
    spec: {
      role: "KarpenterNodeRole-data-platform",
      amiSelectorTerms: [{ alias: "al2023@latest" }],
      subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "data-platform" } }],
      securityGroupSelectorTerms: [{ tags: { "karpenter.sh/discovery": "data-platform" } }],
    } as Record<string, unknown>,
  };
}

/** The only error of a validation, failing the test when there is not exactly one. */
function onlyError(errors: string[]): string {
  expect(errors).toHaveLength(1);
  return errors[0];
}

function requirements(...reqs: Requirement[]) {
  const m = nodePool();
  m.spec.template.spec.requirements = reqs;
  return m;
}

describe("NodePool against the Karpenter CRD", () => {
  it("accepts a minimal valid NodePool", () => {
    expect(validateNodePool(nodePool())).toEqual([]);
  });

  it("applies the CRD's defaults before validating (a budget's nodes defaults to 10%)", () => {
    const m = nodePool();
    m.spec.disruption.budgets = [{ schedule: "0 9 * * mon-fri", duration: "8h" }];
    expect(validateNodePool(m)).toEqual([]);
  });

  it("checks apiVersion, kind and metadata.name", () => {
    const m = {
      ...nodePool(),
      apiVersion: "karpenter.sh/v1beta1",
      kind: "Nodepool",
      metadata: { name: "Bad_Name" },
    };
    expect(validateNodePool(m)).toEqual([
      '/apiVersion: must be "karpenter.sh/v1", received "karpenter.sh/v1beta1"',
      '/kind: must be "NodePool", received "Nodepool"',
      `/metadata/name: must be a DNS subdomain, received "Bad_Name"`,
    ]);
    expect(validateNodePool({ ...nodePool(), metadata: {} })).toEqual(["/metadata/name: is required"]);
  });

  it("refuses an unknown requirement operator (enum)", () => {
    const errors = validateNodePool(
      requirements({ key: "kubernetes.io/os", operator: "Contains", values: ["l"] }),
    );
    expect(onlyError(errors)).toBe(
      '/spec/template/spec/requirements/0/operator: must be one of "Gte", "Lte", "In", "NotIn", "Exists", ' +
        '"DoesNotExist", "Gt", "Lt", received "Contains"',
    );
  });

  it("refuses operator In without values (CEL)", () => {
    const errors = validateNodePool(requirements({ key: "kubernetes.io/os", operator: "In", values: [] }));
    expect(onlyError(errors)).toMatch(
      /^\/spec\/template\/spec\/requirements: requirements with operator 'In' must have a value defined \(rule: self\.all\(/,
    );
  });

  it("refuses operator Gt with two values (CEL)", () => {
    const errors = validateNodePool(
      requirements({ key: "karpenter.k8s.aws/instance-cpu", operator: "Gt", values: ["4", "8"] }),
    );
    expect(onlyError(errors)).toMatch(
      /^\/spec\/template\/spec\/requirements: requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value \(rule: /,
    );
  });

  it("counts a rule that throws (int('abc')) as a failure, with the evaluation error", () => {
    const errors = validateNodePool(
      requirements({ key: "karpenter.k8s.aws/instance-cpu", operator: "Gt", values: ["abc"] }),
    );
    expect(onlyError(errors)).toContain(
      "must have a single positive integer value [evaluation error: int() type error: cannot convert to int] (rule: ",
    );
  });

  it("compares integer fields as CEL ints (minValues)", () => {
    const m = requirements({ key: "kubernetes.io/arch", operator: "In", values: ["amd64"], minValues: 2 });
    expect(onlyError(validateNodePool(m))).toMatch(
      /^\/spec\/template\/spec\/requirements: requirements with 'minValues' must have at least that many values/,
    );
  });

  it("refuses a budget with a schedule but no duration (CEL)", () => {
    const m = nodePool();
    m.spec.disruption.budgets = [{ nodes: "1", schedule: "@daily" }];
    expect(onlyError(validateNodePool(m))).toBe(
      "/spec/disruption/budgets: 'schedule' must be set with 'duration' (rule: self.all(x, has(x.schedule) == has(x.duration)))",
    );
  });

  it("refuses duplicates in an x-kubernetes-list-type set", () => {
    const m = nodePool();
    const budget = { nodes: "1", reasons: ["Empty", "Empty"] } as unknown as Record<string, string>;
    m.spec.disruption.budgets = [budget];
    expect(onlyError(validateNodePool(m))).toBe(
      '/spec/disruption/budgets/0/reasons: duplicate entry "Empty" in a list of type set',
    );
  });

  it("refuses consolidationPolicy WhenIdle (enum)", () => {
    const m = nodePool();
    m.spec.disruption.consolidationPolicy = "WhenIdle";
    expect(onlyError(validateNodePool(m))).toBe(
      '/spec/disruption/consolidationPolicy: must be one of "WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced", received "WhenIdle"',
    );
  });

  it("refuses a limit that is not a quantity (pattern)", () => {
    const m = nodePool();
    m.spec.limits.cpu = "lots";
    expect(onlyError(validateNodePool(m))).toMatch(
      /^\/spec\/limits\/cpu: must match pattern "\^\(\\\+\|-\)\?/,
    );
  });

  it("refuses an unknown field (pruning)", () => {
    const m = nodePool();
    expect(onlyError(validateNodePool({ ...m, spec: { ...m.spec, foo: "bar" } }))).toBe(
      '/spec: unknown field "foo"',
    );
  });

  it("refuses the restricted label karpenter.sh/nodepool in the template (CEL)", () => {
    const m = nodePool();
    m.spec.template.metadata.labels["karpenter.sh/nodepool"] = "other";
    expect(onlyError(validateNodePool(m))).toBe(
      '/spec/template/metadata/labels: label "karpenter.sh/nodepool" is restricted (rule: self.all(x, x != "karpenter.sh/nodepool"))',
    );
  });

  it("assertValidAgainstCrd throws with every error, and passes a valid NodePool", () => {
    expect(() => assertValidAgainstCrd(nodePool(), "karpenter", NODE_POOLS)).not.toThrow();
    const m = nodePool();
    m.spec.disruption.consolidationPolicy = "WhenIdle";
    expect(() => assertValidAgainstCrd(m, "karpenter", NODE_POOLS)).toThrow(
      /invalid karpenter\/karpenter\.sh_nodepools\.yaml resource:\n {2}\/spec\/disruption\/consolidationPolicy: must be one of/,
    );
  });
});

describe("EC2NodeClass against the Karpenter CRD", () => {
  it("accepts a minimal valid EC2NodeClass", () => {
    expect(validateNodeClass(nodeClass())).toEqual([]);
  });

  it("refuses an alias of an unsupported family (CEL)", () => {
    const m = nodeClass();
    m.spec.amiSelectorTerms = [{ alias: "ubuntu@latest" }];
    expect(onlyError(validateNodeClass(m))).toMatch(
      /^\/spec\/amiSelectorTerms\/0\/alias: family is not supported, must be one of the following: 'al2', 'al2023', .* \(rule: self\.split\('@'\)\[0\] in /,
    );
  });

  it("refuses both role and instanceProfile (CEL)", () => {
    const m = nodeClass();
    m.spec.instanceProfile = "KarpenterNodeInstanceProfile";
    expect(onlyError(validateNodeClass(m))).toMatch(
      /^\/spec: must specify exactly one of \['role', 'instanceProfile'\] \(rule: \(has\(self\.role\) && !has\(self\.instanceProfile\)\)/,
    );
  });
});

describe("CEL rules of the Karpenter CRDs", () => {
  it.each([NODE_POOLS, NODE_CLASSES, NODE_CLAIMS])("every rule of %s compiles", (file) => {
    const rules = celRules(loadCrd("karpenter", file).spec.versions[0].schema!.openAPIV3Schema!);
    expect(rules.filter(({ rule }) => !rule.rule.includes("oldSelf")).length).toBeGreaterThan(5);
    expect(celCompileErrors("karpenter", file)).toEqual([]);
  });

  it("has the Kubernetes regex library's find() next to split()", () => {
    expect(kubernetesCel().evaluate("self.find('^[^@]+')", { self: "al2023@latest" })).toBe("al2023");
    expect(kubernetesCel().evaluate("self.find('[0-9]+')", { self: "none" })).toBe("");
    expect(kubernetesCel().evaluate("self.split('@')[1]", { self: "al2023@latest" })).toBe("latest");
  });
});

describe("schema location", () => {
  const saved = process.env.DATA_PLATFORM_SCHEMAS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.DATA_PLATFORM_SCHEMAS_DIR;
    else process.env.DATA_PLATFORM_SCHEMAS_DIR = saved;
  });

  it("refuses a missing schemas directory, naming it and the environment variable", () => {
    expect(SCHEMAS_DIR_ENV).toBe("DATA_PLATFORM_SCHEMAS_DIR");
    process.env.DATA_PLATFORM_SCHEMAS_DIR = "/nonexistent/schemas-dir";
    const expected =
      /schemas directory \/nonexistent\/schemas-dir \(from DATA_PLATFORM_SCHEMAS_DIR\) does not exist/;
    expect(() => schemasDir()).toThrow(expected);
    expect(() => crdValidator("karpenter", NODE_POOLS)).toThrow(expected);
  });

  it("refuses a missing schema file, naming it", () => {
    expect(() => schemaFile("karpenter", "nope.yaml")).toThrow(
      /schema file \/.*\/karpenter\/nope\.yaml does not exist/,
    );
  });
});
