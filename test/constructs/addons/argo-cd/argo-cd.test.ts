import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { TerraformStack, Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import {
  APPLICATION_HEALTH_KEY,
  APPLICATION_HEALTH_LUA,
} from "../../../../constructs/addons/argo-cd/application-health";
import { AppOfApps } from "../../../../constructs/addons/argo-cd/app-of-apps";
import { ArgoCd } from "../../../../constructs/addons/argo-cd/argo-cd";
import { ARGOCD_APPS_CHART, ARGOCD_CHART } from "../../../../constructs/addons/argo-cd/chart";
import { argoCdValues } from "../../../../constructs/addons/argo-cd/values";
import type { Placement } from "../../../../constructs/addons/common/placement";
import { KEDA_CHART } from "../../../../constructs/addons/keda/chart";
import { ApplicationCatalogue } from "../../../../constructs/gitops/application-catalogue";
import { chartRelease } from "../../../../constructs/helm/chart-release";
import { loadChartValues, unknownValuesKeys } from "../../../helpers/chart-values";
import { crdValidator, schemaFile } from "../../../helpers/crd-validation";
import { expectDividedBy20 } from "../../../helpers/sized-values";
import { namedResourcesOf } from "../../../helpers/synth";

const CHART_VALUES = schemaFile("argocd", "argo-cd-chart.values.yaml");
const SYSTEM: Placement = {
  nodeSelector: { "node.dataplatform.io/pool": "system" },
  tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
};
const validateApplication = crdValidator("argocd", "application-crd.yaml", "v1alpha1");
const validateProject = crdValidator("argocd", "appproject-crd.yaml", "v1alpha1");

describe("Argo CD values", () => {
  const standard = argoCdValues({ profile: { name: "standard" }, placement: SYSTEM });

  it("have only keys of the argo-cd chart's values.yaml (10.1.1's in ../shared/schemas; 10.8.0 only adds keys)", () => {
    // The pin is 10.8.0, which `npm run verify` renders; ../shared/schemas holds 10.1.1's values.yaml,
    // and 10.1.1 -> 10.8.0 adds keys (VPA recommenders, a controller liveness probe) and removes none used here.
    expect(ARGOCD_CHART).toEqual({
      repository: "https://argoproj.github.io/argo-helm",
      chart: "argo-cd",
      version: "10.8.0",
    });
    // argocd-cm takes any key (the chart passes `configs.cm` through): the Application health key is checked below.
    const { configs, ...rest } = standard as { configs: { cm: Record<string, unknown> } };
    const { [APPLICATION_HEALTH_KEY]: health, ...cm } = configs.cm;
    expect(health).toBeDefined();
    expect(unknownValuesKeys({ ...rest, configs: { cm } }, CHART_VALUES)).toEqual([]);
    expect(unknownValuesKeys({ ...rest, dexx: { enabled: false } }, CHART_VALUES)).toEqual(["dexx.enabled"]);
  });

  it("add the child Application health check (run in a Lua VM in application-health.test.ts) to argocd-cm", () => {
    const cm = (standard.configs as { cm: Record<string, unknown> }).cm;
    expect(cm[APPLICATION_HEALTH_KEY]).toBe(APPLICATION_HEALTH_LUA);
    // The chart's own argocd-cm keeps its ignoreResourceUpdates entries: ours only adds a key.
    const defaults = loadChartValues(CHART_VALUES) as { configs: { cm: Record<string, unknown> } };
    expect(defaults.configs.cm).not.toHaveProperty(APPLICATION_HEALTH_KEY);
  });

  it("switch off what is not configured (Dex, notifications, exec) and keep the API server in the cluster", () => {
    expect(standard).toMatchObject({
      dex: { enabled: false },
      notifications: { enabled: false },
      configs: { cm: { "exec.enabled": false } },
      server: { service: { type: "ClusterIP" } },
      global: { networkPolicy: { create: true } },
    });
  });

  it("place every component on the given nodes (Linux only), or on any Linux node", () => {
    expect(standard.global).toMatchObject({
      nodeSelector: { "kubernetes.io/os": "linux", ...SYSTEM.nodeSelector },
      tolerations: SYSTEM.tolerations,
    });
    const anywhere = argoCdValues({ profile: { name: "standard" }, placement: {} });
    expect(anywhere.global).toEqual({
      nodeSelector: { "kubernetes.io/os": "linux" },
      networkPolicy: { create: true },
    });
  });

  it("divide every request and limit of the small profile by 20", () => {
    expectDividedBy20(standard, argoCdValues({ profile: { name: "small", divisor: 20 }, placement: SYSTEM }));
  });
});

describe("ArgoCd and AppOfApps", () => {
  let releases: Record<string, Record<string, unknown>>;
  let appOfApps: AppOfApps;
  let argoCd: ArgoCd;
  let namespace: NamespaceV1;

  beforeAll(() => {
    const stack = new TerraformStack(Testing.app(), "test");
    const provider = new HelmProvider(stack, "helm", {});
    namespace = new NamespaceV1(stack, "Namespace", { metadata: { name: "keda" } });
    const catalogue = new ApplicationCatalogue(stack, "GitOps");
    chartRelease(
      stack,
      "Keda",
      {
        provider,
        pin: KEDA_CHART,
        releaseName: "keda",
        namespace: "keda",
        values: {},
        dependsOn: [namespace],
      },
      catalogue,
    );
    argoCd = new ArgoCd(stack, "ArgoCd", {
      provider,
      namespace: "argocd",
      profile: { name: "standard" },
      placement: SYSTEM,
    });
    appOfApps = new AppOfApps(stack, "AppOfApps", {
      provider,
      catalogue,
      argoCd: argoCd.release,
    });
    releases = namedResourcesOf(Testing.synth(stack), "helm_release");
  });

  it("installs Argo CD and the app-of-apps as two atomic Terraform releases, the second after the first and the charts' Terraform dependencies", () => {
    expect(Object.keys(releases)).toHaveLength(2);
    const app = Object.values(releases).find((r) => r.chart === "argocd-apps")!;
    expect(app).toMatchObject({
      version: ARGOCD_APPS_CHART.version,
      namespace: "argocd",
      atomic: true,
      wait: true,
    });
    expect(app.depends_on).toEqual([
      `helm_release.${argoCd.release.friendlyUniqueId}`,
      `kubernetes_namespace_v1.${namespace.friendlyUniqueId}`,
    ]);
  });

  it("renders two AppProjects and the root Application, all valid against Argo CD's CRDs", () => {
    const app = Object.values(releases).find((r) => r.chart === "argocd-apps")!;
    const values = parseYaml((app.values as string[])[0]) as Record<string, Record<string, unknown>>;
    expect(Object.keys(values.projects)).toEqual(["platform-bootstrap", "keda"]);
    expect(Object.keys(values.applications)).toEqual(["data-platform"]);
    expect(appOfApps.projects).toHaveLength(2);
    for (const project of appOfApps.projects) expect(validateProject(project)).toEqual([]);
    expect(validateApplication(appOfApps.root)).toEqual([]);
  });

  it("confines the root to creating Applications in argocd from the argo-helm repository", () => {
    expect(appOfApps.projects[0].spec).toEqual({
      description: expect.any(String),
      sourceRepos: ["https://argoproj.github.io/argo-helm"],
      destinations: [{ server: "https://kubernetes.default.svc", namespace: "argocd" }],
      namespaceResourceWhitelist: [{ group: "argoproj.io", kind: "Application" }],
    });
  });

  it("confines each chart to its repository and namespaces, never Argo CD's own", () => {
    const spec = appOfApps.projects[1].spec as {
      sourceRepos: string[];
      destinations: Array<{ namespace: string }>;
    };
    expect(spec.sourceRepos).toEqual([KEDA_CHART.repository]);
    expect(spec.destinations.map((d) => d.namespace)).toEqual(["keda"]);
    expect(appOfApps.root.spec.project).toBe("platform-bootstrap");
  });

  it("gives the root the children's Applications as the argocd-apps chart's values", () => {
    const source = appOfApps.root.spec.source as {
      chart: string;
      helm: { valuesObject: { applications: object } };
    };
    expect(source.chart).toBe("argocd-apps");
    expect(Object.keys(source.helm.valuesObject.applications)).toEqual(["keda"]);
  });
});
