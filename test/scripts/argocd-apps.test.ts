import { spawnSync } from "node:child_process";
import { join } from "node:path";

const MODULE = join(__dirname, "../../scripts/argocd-apps.mjs");

/** Calls an export of scripts/argocd-apps.mjs in a node process (jest's CommonJS VM cannot import ES modules). */
function call(fn: "argocdAppsObjects" | "projectViolations", ...args: unknown[]): unknown {
  const source = `
    import * as m from ${JSON.stringify(MODULE)};
    const args = JSON.parse(process.argv[1]);
    if (args[3]) args[3] = new Map(args[3]);
    process.stdout.write(JSON.stringify(m[${JSON.stringify(fn)}](...args)));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", source, JSON.stringify(args)], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

const project = {
  metadata: { name: "keda" },
  spec: {
    destinations: [{ namespace: "keda" }, { namespace: "kube-system" }],
    clusterResourceWhitelist: [{ group: "rbac.authorization.k8s.io", kind: "ClusterRole" }],
  },
};

describe("scripts/argocd-apps.mjs (verify's argocd-apps chart and AppProject check)", () => {
  it("renders Applications and AppProjects as the chart's templates do, leaving out empty fields", () => {
    expect(
      call("argocdAppsObjects", {
        applications: {
          a: {
            namespace: "argocd",
            project: "p",
            additionalAnnotations: { "argocd.argoproj.io/sync-wave": 1 },
            finalizers: [],
            source: { chart: "c" },
            destination: { server: "s", namespace: "n" },
            ignoreDifferences: [],
          },
          off: null,
        },
        projects: { p: { namespace: "argocd", description: "d", sourceRepos: ["r"], roles: [] } },
      }),
    ).toEqual([
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { annotations: { "argocd.argoproj.io/sync-wave": "1" }, name: "a", namespace: "argocd" },
        spec: { project: "p", source: { chart: "c" }, destination: { server: "s", namespace: "n" } },
      },
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "AppProject",
        metadata: { name: "p", namespace: "argocd" },
        spec: { description: "d", sourceRepos: ["r"] },
      },
    ]);
  });

  it("renders item templates once per item, printing an escaped `{{` as helm template of the chart does", () => {
    // Expected output taken from `helm template` of argocd-apps 2.0.5 over the same values.
    const template = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a", namespace: "b" },
      data: { s: "echo \"{{`{{`}} .x }}\" '{{`{{`}}y'\nline2: {{`{{`}}{{`{{`}}", "k: {{`{{`}}": "v" },
    };
    expect(call("argocdAppsObjects", { itemTemplates: [{ items: [{}], template }] })).toEqual([
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "a", namespace: "b" },
        data: { s: "echo \"{{ .x }}\" '{{y'\nline2: {{{{", "k: {{": "v" },
      },
    ]);
    expect(call("argocdAppsObjects", { itemTemplates: [{ items: [{}, {}], template }] })).toHaveLength(2);
  });

  it("refuses an item template holding a template action (its output is not guessed)", () => {
    const template = { kind: "ConfigMap", metadata: { name: "{{ .name }}" } };
    expect(() =>
      call("argocdAppsObjects", { itemTemplates: [{ items: [{ name: "x" }], template }] }),
    ).toThrow(/itemTemplates: a template action would run/);
    expect(() =>
      call("argocdAppsObjects", { itemTemplates: [{ items: [{}], template: "kind: ConfigMap" }] }),
    ).toThrow(/only object templates are expanded here/);
  });

  it("passes objects inside the project", () => {
    const objects = [
      { apiVersion: "v1", kind: "Service", metadata: { name: "s" } },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "r", namespace: "kube-system" },
      },
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "c" } },
      { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "o" } },
    ];
    expect(
      call("projectViolations", project, "keda", objects, [["keda.sh|ScaledObject", "Namespaced"]]),
    ).toEqual([]);
  });

  it("refuses a namespace, a cluster kind or a namespaced kind outside the project, and a kind of unknown scope", () => {
    const objects = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "m", namespace: "argocd" } },
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "b" } },
      { apiVersion: "keda.sh/v1alpha1", kind: "ClusterTriggerAuthentication", metadata: { name: "t" } },
      { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } },
    ];
    expect(
      call("projectViolations", project, "keda", objects, [
        ["keda.sh|ClusterTriggerAuthentication", "Cluster"],
      ]),
    ).toEqual([
      "ConfigMap/m: namespace argocd is not a destination of AppProject keda",
      "ClusterRoleBinding/b: cluster-scoped rbac.authorization.k8s.io/ClusterRoleBinding is not in AppProject keda's clusterResourceWhitelist",
      "ClusterTriggerAuthentication/t: cluster-scoped keda.sh/ClusterTriggerAuthentication is not in AppProject keda's clusterResourceWhitelist",
      "Widget/w: the scope of example.com/Widget is unknown (no built-in kind, no CRD)",
    ]);
    const bootstrap = {
      metadata: { name: "root" },
      spec: {
        destinations: [{ namespace: "argocd" }],
        namespaceResourceWhitelist: [{ group: "argoproj.io", kind: "Application" }],
      },
    };
    expect(
      call("projectViolations", bootstrap, "argocd", [
        { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } },
      ]),
    ).toEqual(["Secret/s: core/Secret is not in AppProject root's namespaceResourceWhitelist"]);
    const manifests = {
      metadata: { name: "platform-databases" },
      spec: {
        destinations: [{ namespace: "platform-db" }],
        namespaceResourceBlacklist: [{ group: "", kind: "Secret" }],
      },
    };
    expect(
      call("projectViolations", manifests, "platform-db", [
        { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } },
      ]),
    ).toEqual(["Secret/s: core/Secret is in AppProject platform-databases's namespaceResourceBlacklist"]);
  });
});
