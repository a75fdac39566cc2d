import { buildApp, synthAll } from "../helpers/synth";

type Graph = Map<string, Set<string>>;

/** Terraform addresses referenced in `${…}` expressions of a value (resources, data sources, modules aside). */
function referencesIn(value: unknown, known: ReadonlySet<string>, found: Set<string>): Set<string> {
  if (typeof value === "string") {
    for (const expression of value.match(/\$\{[^}]*\}/g) ?? []) {
      for (const match of expression.matchAll(
        /\b(data\.[a-z0-9_]+\.[A-Za-z0-9_-]+|[a-z0-9_]+\.[A-Za-z0-9_-]+)/g,
      )) {
        if (known.has(match[1])) found.add(match[1]);
      }
    }
  } else if (Array.isArray(value)) value.forEach((item) => referencesIn(item, known, found));
  else if (value !== null && typeof value === "object")
    Object.values(value).forEach((item) => referencesIn(item, known, found));
  return found;
}

/** The dependency graph Terraform builds for a stack: `depends_on` and references, per resource and data source. */
function dependencyGraph(json: string): Graph {
  const stack = JSON.parse(json) as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  const blocks = [
    ...Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as const),
    ),
    ...Object.entries(stack.data ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => [`data.${type}.${name}`, body] as const),
    ),
  ];
  const known = new Set(blocks.map(([address]) => address));
  return new Map(
    blocks.map(([address, body]) => {
      const edges = referencesIn(body, known, new Set());
      for (const dependency of (body.depends_on as string[] | undefined) ?? []) edges.add(dependency);
      edges.delete(address);
      return [address, edges] as const;
    }),
  );
}

/** A cycle of the graph as a list of addresses, or undefined. */
function cycleOf(graph: Graph): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "visiting") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "visiting");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("the dependency graph of every stack", () => {
  let synths: Map<string, string>;

  beforeAll(() => {
    synths = synthAll(buildApp());
  });

  it("has no cycle (Terraform refuses to plan one)", () => {
    expect(synths.size).toBeGreaterThan(20);
    const cycles = [...synths].flatMap(([stack, json]) => {
      const cycle = cycleOf(dependencyGraph(json));
      return cycle ? [`${stack}: ${cycle.join(" -> ")}`] : [];
    });
    expect(cycles).toEqual([]);
  });

  it("and the check finds one through depends_on and references", () => {
    const cyclic = JSON.stringify({
      resource: {
        helm_release: { root: { depends_on: ["kubernetes_secret_v1.secret"] } },
        kubernetes_secret_v1: { secret: { data: { a: "${helm_release.root.id}" } } },
        kubernetes_namespace_v1: { ns: {} },
      },
    });
    expect(cycleOf(dependencyGraph(cyclic))).toEqual([
      "helm_release.root",
      "kubernetes_secret_v1.secret",
      "helm_release.root",
    ]);
  });
});
