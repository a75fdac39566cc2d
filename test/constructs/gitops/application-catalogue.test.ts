import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { TerraformStack, Testing } from "cdktf";
import { KEDA_CHART } from "../../../constructs/addons/keda/chart";
import { METRICS_SERVER_CHART } from "../../../constructs/addons/metrics-server/chart";
import { TRINO_CHART } from "../../../constructs/addons/trino/chart";
import { SYNC_WAVE_ANNOTATION } from "../../../constructs/gitops/application";
import { ApplicationCatalogue } from "../../../constructs/gitops/application-catalogue";
import { DeliveredChart } from "../../../constructs/gitops/delivered-chart";
import { appsChartProject } from "../../../constructs/gitops/app-of-apps-values";
import { CRDS } from "../../../constructs/helm/chart-footprint";
import { chartRelease } from "../../../constructs/helm/chart-release";
import { HelmChart } from "../../../constructs/helm/helm-chart";
import { crdValidator } from "../../helpers/crd-validation";

const validateApplication = crdValidator("argocd", "application-crd.yaml", "v1alpha1");
const validateProject = crdValidator("argocd", "appproject-crd.yaml", "v1alpha1");

/** A stack with a catalogue, a namespace, and three charts: metrics-server, KEDA, then Trino after KEDA. */
function build() {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new HelmProvider(stack, "helm", {});
  const namespace = new NamespaceV1(stack, "Namespace", { metadata: { name: "trino" } });
  const catalogue = new ApplicationCatalogue(stack, "GitOps");
  const values = { server: { workers: 2 } };
  const metrics = chartRelease(
    stack,
    "Metrics",
    { provider, pin: METRICS_SERVER_CHART, releaseName: "metrics-server", namespace: "kube-system" },
    catalogue,
  );
  const keda = chartRelease(
    stack,
    "Keda",
    { provider, pin: KEDA_CHART, releaseName: "keda", namespace: "keda", dependsOn: [namespace] },
    catalogue,
  );
  const trino = chartRelease(
    stack,
    "Trino",
    {
      provider,
      pin: TRINO_CHART,
      releaseName: "trino",
      namespace: "trino",
      values,
      dependsOn: [namespace, keda],
    },
    catalogue,
  );
  return { stack, provider, namespace, catalogue, metrics, keda, trino, values };
}

describe("ApplicationCatalogue", () => {
  const built = build();
  const { catalogue, namespace, trino, values } = built;

  it("takes the charts instead of releasing them: no helm_release is synthesized", () => {
    expect(built.trino).toBeInstanceOf(DeliveredChart);
    const root = new HelmChart(built.stack, "Root", {
      provider: built.provider,
      pin: METRICS_SERVER_CHART,
      releaseName: "root",
      namespace: "argocd",
    });
    catalogue.bindRoot(root);
    const releases = Object.values(
      (
        JSON.parse(Testing.synth(built.stack)) as {
          resource: Record<string, Record<string, { name: string }>>;
        }
      ).resource.helm_release,
    );
    expect(releases.map((r) => r.name)).toEqual(["root"]);
    // What depends on a delivered chart waits for the release that creates the Applications.
    expect(trino.fqn).toBe(root.fqn);
  });

  it("keeps the very values object the add-on built", () => {
    expect(trino.valuesObject).toBe(values);
    const app = catalogue.applications().find((a) => a.metadata.name === "trino")!;
    expect((app.spec.source as { helm: { valuesObject: unknown } }).helm.valuesObject).toBe(values);
  });

  it("turns dependencies between delivered charts into sync waves, ordered by wave", () => {
    expect(catalogue.dependencies()).toEqual({ "metrics-server": [], keda: [], trino: ["keda"] });
    const apps = catalogue.applications();
    expect(apps).toHaveLength(3);
    expect(apps.map((a) => [a.metadata.name, a.metadata.annotations[SYNC_WAVE_ANNOTATION]])).toEqual([
      ["keda", "0"],
      ["metrics-server", "0"],
      ["trino", "1"],
    ]);
    for (const app of apps) expect(validateApplication(app)).toEqual([]);
  });

  it("hands the Terraform dependencies, each once, to the app-of-apps release", () => {
    expect(catalogue.terraformDependencies()).toEqual([namespace]);
  });

  it("confines each Application to a project of its own: its chart's repository, its namespaces, its cluster kinds", () => {
    const projects = catalogue.projects();
    expect(projects.map((p) => p.metadata.name)).toEqual(["metrics-server", "keda", "trino"]);
    for (const project of projects) expect(validateProject(project)).toEqual([]);
    expect(projects[2].spec).toEqual({
      description: "Chart trino 1.42.2 of the data platform, and what it renders",
      sourceRepos: [TRINO_CHART.repository],
      destinations: [{ server: "https://kubernetes.default.svc", namespace: "trino" }],
    });
    const apps = catalogue.applications();
    expect(apps).toHaveLength(3);
    for (const app of apps) expect(app.spec.project).toBe(app.metadata.name);
  });

  it("widens a project only by the chart's footprint", () => {
    const { catalogue: other, provider, stack } = build();
    other.add(stack, "Ops", {
      provider,
      pin: { ...KEDA_CHART, chart: "ops" },
      releaseName: "ops",
      namespace: "ops",
      footprint: { namespaces: ["kube-system"], clusterResources: [CRDS] },
    });
    const ops = other.projects().find((p) => p.metadata.name === "ops")!;
    expect(ops.spec).toMatchObject({
      destinations: ["kube-system", "ops"].map((namespace) => ({
        server: "https://kubernetes.default.svc",
        namespace,
      })),
      clusterResourceWhitelist: [{ group: "apiextensions.k8s.io", kind: "CustomResourceDefinition" }],
    });
  });

  it("refuses what a helm_release refuses: a version range", () => {
    const { catalogue: other, provider, stack } = build();
    expect(() =>
      other.add(stack, "Ranged", {
        provider,
        pin: { ...KEDA_CHART, version: "^2.0.0" },
        releaseName: "ranged",
        namespace: "keda",
      }),
    ).toThrow(
      /release ranged \(keda\): chart version: expected an exact version such as 1\.14\.1, received "\^2\.0\.0"/,
    );
  });

  it("refuses a release name delivered twice (two Applications of one name)", () => {
    const { catalogue: other, provider, stack } = build();
    expect(() =>
      other.add(stack, "Again", { provider, pin: KEDA_CHART, releaseName: "keda", namespace: "keda" }),
    ).toThrow(/release keda \(keda\): release name "keda" is already delivered by this catalogue/);
  });

  it.each(["default", "platform-bootstrap"])(
    "refuses a release named %s (its AppProject would replace Argo CD's or the root's)",
    (name) => {
      const { catalogue: other, provider, stack } = build();
      expect(() =>
        other.add(stack, "Reserved", { provider, pin: KEDA_CHART, releaseName: name, namespace: "keda" }),
      ).toThrow(
        new RegExp(
          `release name "${name}" would replace AppProject ${name} \\(reserved: default, platform-bootstrap\\)`,
        ),
      );
    },
  );

  it("refuses a chart writing into argocd, as its namespace or in its footprint", () => {
    const { catalogue: other, provider, stack } = build();
    expect(() =>
      other.add(stack, "InArgo", { provider, pin: KEDA_CHART, releaseName: "a", namespace: "argocd" }),
    ).toThrow(/release a \(keda\): a delivered chart may not write into argocd/);
    expect(() =>
      other.add(stack, "Footprint", {
        provider,
        pin: KEDA_CHART,
        releaseName: "b",
        namespace: "keda",
        footprint: { namespaces: ["argocd"] },
      }),
    ).toThrow(/release b \(keda\): a delivered chart may not write into argocd/);
  });

  it("refuses to name its root twice, and to be depended on before it has one", () => {
    const { catalogue: other, keda } = build();
    expect(() => keda.fqn).toThrow(/no app-of-apps release is bound to this catalogue/);
    other.bindRoot(keda);
    expect(() => other.bindRoot(keda)).toThrow(/the app-of-apps release is already bound/);
  });
});

describe("argocd-apps project entries", () => {
  it("refuse a description the chart would write as broken YAML", () => {
    const project = {
      apiVersion: "argoproj.io/v1alpha1" as const,
      kind: "AppProject" as const,
      metadata: { name: "p", namespace: "argocd" },
      spec: { description: "a: b" },
    };
    expect(() => appsChartProject(project)).toThrow(
      /AppProject p: description "a: b" cannot go through the argocd-apps chart/,
    );
    expect(appsChartProject({ ...project, spec: { description: "a b" } })).toEqual({
      namespace: "argocd",
      description: "a b",
    });
  });
});
