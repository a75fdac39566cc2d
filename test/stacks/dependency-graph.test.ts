import { parseEnvironment } from "../../config/define";
import { buildApp, ENVIRONMENTS, synthAll, type Json } from "../helpers/synth";

type Graph = Map<string, Set<string>>;

/** The `${…}` expressions of a string, nested braces included. */
function expressionsIn(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("${"); start >= 0; start = text.indexOf("${", start + 2)) {
    if (start > 0 && text[start - 1] === "$") continue; // `$${` is an escaped literal
    let depth = 0;
    for (let i = start + 1; i < text.length; i += 1) {
      if (text[i] === "{") depth += 1;
      else if (text[i] === "}" && --depth === 0) {
        found.push(text.slice(start, i + 1));
        break;
      }
    }
  }
  return found;
}

const ADDRESS = /\b(data\.[a-z0-9_]+\.[A-Za-z0-9_-]+|local\.[A-Za-z0-9_-]+|[a-z0-9_]+\.[A-Za-z0-9_-]+)/g;

/** Terraform addresses (resources, data sources, locals) referenced in `${…}` expressions of a value. */
function referencesIn(value: unknown, known: ReadonlySet<string>, found: Set<string>): Set<string> {
  if (typeof value === "string") {
    for (const expression of expressionsIn(value)) {
      for (const match of expression.matchAll(ADDRESS)) if (known.has(match[1])) found.add(match[1]);
    }
  } else if (Array.isArray(value)) value.forEach((item) => referencesIn(item, known, found));
  else if (value !== null && typeof value === "object")
    Object.values(value).forEach((item) => referencesIn(item, known, found));
  return found;
}

/**
 * The dependency graph Terraform builds for a stack: `depends_on` and references, per resource, data
 * source and local value. Throws on a `depends_on` naming nothing in the stack.
 */
function dependencyGraph(json: string): Graph {
  const stack = JSON.parse(json) as {
    resource?: Record<string, Record<string, Record<string, unknown>>>;
    data?: Record<string, Record<string, Record<string, unknown>>>;
    locals?: Record<string, unknown>;
  };
  const blocks: Array<readonly [string, unknown]> = [
    ...Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as const),
    ),
    ...Object.entries(stack.data ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => [`data.${type}.${name}`, body] as const),
    ),
    ...Object.entries(stack.locals ?? {}).map(([name, value]) => [`local.${name}`, value] as const),
  ];
  const known = new Set(blocks.map(([address]) => address));
  return new Map(
    blocks.map(([address, body]) => {
      const edges = referencesIn(body, known, new Set());
      const dependsOn = (body as { depends_on?: string[] } | undefined)?.depends_on ?? [];
      for (const dependency of dependsOn) {
        if (!known.has(dependency))
          throw new Error(`${address}: depends_on ${dependency}, which the stack does not have`);
        edges.add(dependency);
      }
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

/** Whether `to` is reachable from `from` in the graph. */
function reaches(graph: Graph, from: string, to: string): boolean {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (node === to) return true;
    if (seen.has(node)) continue;
    seen.add(node);
    queue.push(...(graph.get(node) ?? []));
  }
  return false;
}

const single = (value: unknown): Json | undefined =>
  (Array.isArray(value) ? value[0] : value) as Json | undefined;

/**
 * Each namespaced Kubernetes object of a stack (kubernetes_* resources, manifests, Helm releases) whose
 * namespace the stack creates, and whether it waits for that namespace, directly or not.
 */
function namespaceWaits(json: string): Array<{ address: string; namespace: string; waits: boolean }> {
  const graph = dependencyGraph(json);
  const resources = (JSON.parse(json) as { resource?: Record<string, Record<string, Json>> }).resource ?? {};
  const namespaces = new Map(
    Object.entries(resources.kubernetes_namespace_v1 ?? {}).map(([name, body]) => [
      single(body.metadata)?.name as string,
      `kubernetes_namespace_v1.${name}`,
    ]),
  );
  return Object.entries(resources)
    .filter(([type]) => type !== "kubernetes_namespace_v1")
    .flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => {
        const namespace =
          type === "helm_release"
            ? (body.namespace as string | undefined)
            : ((single(body.metadata)?.namespace ?? single(single(body.manifest)?.metadata)?.namespace) as
                string | undefined);
        const address = `${type}.${name}`;
        const target = namespace ? namespaces.get(namespace) : undefined;
        return {
          address,
          namespace: namespace ?? "",
          waits: target ? reaches(graph, address, target) : true,
          target,
        };
      }),
    )
    .filter((entry) => entry.target !== undefined)
    .map(({ address, namespace, waits }) => ({ address, namespace, waits }));
}

describe("the dependency graph of every stack", () => {
  let synths: Map<string, string>;
  let argoCd: Map<string, string>;
  const cyclesOf = (stacks: Map<string, string>) =>
    [...stacks].flatMap(([stack, json]) => {
      const cycle = cycleOf(dependencyGraph(json));
      return cycle ? [`${stack}: ${cycle.join(" -> ")}`] : [];
    });

  beforeAll(() => {
    synths = synthAll(buildApp());
    // Every environment once more, its Kubernetes layer delivered by Argo CD.
    argoCd = synthAll(
      buildApp(ENVIRONMENTS.map((env) => parseEnvironment({ ...env, delivery: { kubernetes: "argocd" } }))),
    );
  });

  it("has no cycle (Terraform refuses to plan one)", () => {
    expect(synths.size).toBeGreaterThan(20);
    expect(cyclesOf(synths)).toEqual([]);
  });

  it('names replace_triggered_by targets as plain addresses of the stack (Terraform refuses "${…}" there)', () => {
    const entries = [...synths, ...argoCd].flatMap(([stack, json]) =>
      Object.values((JSON.parse(json) as { resource?: Record<string, Record<string, Json>> }).resource ?? {})
        .flatMap((byName) => Object.values(byName))
        .flatMap(
          (body) =>
            ((body.lifecycle as Json | undefined)?.replace_triggered_by as string[] | undefined) ?? [],
        )
        .map((target) => ({ stack, target, known: dependencyGraph(json).has(target) })),
    );
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries)
      expect(entry).toEqual({ ...entry, target: expect.not.stringContaining("${"), known: true });
  });

  it("has none either with every environment delivered by Argo CD", () => {
    expect(argoCd.size).toBe(synths.size);
    expect(cyclesOf(argoCd)).toEqual([]);
  });

  it("creates every namespaced object after its namespace, with either delivery (a fresh apply would race it)", () => {
    const entries = [...synths, ...argoCd].flatMap(([stack, json]) =>
      namespaceWaits(json).map((entry) => ({ stack, ...entry })),
    );
    expect(entries.length).toBeGreaterThan(100);
    for (const entry of entries) expect(entry).toEqual({ ...entry, waits: true });
  });

  it("and the namespace check sees an object that does not wait", () => {
    const json = JSON.stringify({
      resource: {
        kubernetes_namespace_v1: { ns: { metadata: { name: "airflow" } } },
        kubernetes_secret_v1: {
          late: { metadata: { name: "a", namespace: "airflow" }, depends_on: ["kubernetes_namespace_v1.ns"] },
          early: { metadata: { name: "b", namespace: "airflow" } },
        },
      },
    });
    expect(namespaceWaits(json)).toEqual([
      { address: "kubernetes_secret_v1.late", namespace: "airflow", waits: true },
      { address: "kubernetes_secret_v1.early", namespace: "airflow", waits: false },
    ]);
  });

  it("and the check finds one through depends_on, references and locals, and refuses a dangling depends_on", () => {
    const throughLocal = JSON.stringify({
      locals: { name: "${aws_iam_role.role.name}-x" },
      resource: { aws_iam_role: { role: { tags: { a: "${local.name}" } } } },
    });
    expect(cycleOf(dependencyGraph(throughLocal))).toEqual([
      "aws_iam_role.role",
      "local.name",
      "aws_iam_role.role",
    ]);
    const nested = JSON.stringify({
      resource: {
        a_b: { x: { v: "${jsonencode({ k = 1 }) == a_c.z.id}", w: "$${a_c.gone.id}" } },
        a_c: { z: {} },
      },
    });
    expect([...dependencyGraph(nested).get("a_b.x")!]).toEqual(["a_c.z"]);
    expect(() =>
      dependencyGraph(JSON.stringify({ resource: { a_b: { x: { depends_on: ["a_b.gone"] } } } })),
    ).toThrow(/a_b\.x: depends_on a_b\.gone, which the stack does not have/);
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
