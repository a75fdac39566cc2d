import { parse as parseYaml } from "yaml";
import { SYNC_WAVE_ANNOTATION } from "../../constructs/gitops/application";
import type { DataStack } from "../../stacks/data-stack";
import { crdValidator } from "../helpers/crd-validation";
import {
  buildApp,
  environment,
  namedResourcesOf,
  stacksOf,
  synthAll,
  terraformDelivered,
  type Json,
} from "../helpers/synth";

const validateApplication = crdValidator("argocd", "application-crd.yaml", "v1alpha1");
const validateProject = crdValidator("argocd", "appproject-crd.yaml", "v1alpha1");

/** The charts the issue asks Argo CD to deliver that are charts in the Terraform path (MinIO and PostgreSQL stay Terraform's). */
const DELIVERED = ["airflow", "keda", "kube-prometheus-stack", "metrics-server", "spark-operator", "trino"];

type Release = Json & { chart: string; values: string[]; depends_on?: string[] };
type AppsEntry = {
  additionalAnnotations: Record<string, string>;
  source: Json & { helm: { valuesObject: Json } };
};

describe("Argo CD delivery (onprem)", () => {
  let argo: Map<string, Release>;
  let terraform: Map<string, Release & { address: string }>;
  let appsRelease: Release & { address: string };
  let children: Record<string, AppsEntry>;
  let stack: DataStack;
  let synthsArgo: string;

  beforeAll(() => {
    const app = buildApp([environment("onprem")]);
    const synths = synthAll(app);
    stack = stacksOf(app).get("onprem-data") as DataStack;
    const releases = (json: string) =>
      new Map(
        Object.entries(namedResourcesOf(json, "helm_release") as Record<string, Release>).map(([name, r]) => [
          r.chart,
          { ...r, address: `helm_release.${name}` },
        ]),
      );
    synthsArgo = synths.get("onprem-data")!;
    argo = releases(synthsArgo);
    terraform = releases(synthAll(buildApp([terraformDelivered(environment("onprem"))])).get("onprem-data")!);
    appsRelease = argo.get("argocd-apps") as Release & { address: string };
    const root = (parseYaml(appsRelease.values[0]) as { applications: Record<string, AppsEntry> })
      .applications["data-platform"];
    children = (root.source.helm.valuesObject as { applications: Record<string, AppsEntry> }).applications;
  });

  it("releases Argo CD, the app-of-apps, MinIO and TopoLVM with Terraform, and none of the delivered charts", () => {
    expect([...argo.keys()].sort()).toEqual(["argo-cd", "argocd-apps", "minio", "topolvm"]);
    for (const chart of DELIVERED) expect(terraform.has(chart)).toBe(true);
  });

  it("has one Application per delivered chart, each valid against Argo CD's Application CRD", () => {
    expect(Object.keys(children).sort()).toEqual(DELIVERED);
    const apps = stack.appOfApps!.applications;
    expect(apps).toHaveLength(DELIVERED.length);
    for (const app of apps) expect(validateApplication(app)).toEqual([]);
    expect(stack.appOfApps!.projects).toHaveLength(1 + DELIVERED.length);
    for (const project of stack.appOfApps!.projects) expect(validateProject(project)).toEqual([]);
  });

  it("installs each chart at the Terraform path's repository and version, with the Terraform path's values", () => {
    expect(Object.keys(children)).toHaveLength(DELIVERED.length);
    for (const [name, child] of Object.entries(children)) {
      const release = terraform.get(name)!;
      expect({ name, ...child.source, helm: undefined }).toEqual({
        name,
        repoURL: release.repository,
        chart: release.chart,
        targetRevision: release.version,
        helm: undefined,
      });
      expect({ name, values: child.source.helm.valuesObject }).toEqual({
        name,
        values: parseYaml(release.values[0]),
      });
    }
  });

  it("orders the sync waves as the Terraform path orders its releases: each after every chart it depends on", () => {
    const wave = (chart: string) => Number(children[chart].additionalAnnotations[SYNC_WAVE_ANNOTATION]);
    const address = new Map([...terraform.values()].map((r) => [r.address, r.chart]));
    const edges = [...terraform.values()].flatMap((r) =>
      (r.depends_on ?? []).filter((d) => address.has(d)).map((d) => [address.get(d)!, r.chart] as const),
    );
    const delivered = edges.filter(([from, to]) => DELIVERED.includes(from) && DELIVERED.includes(to));
    // The Terraform path's chart-to-chart order (from the spec: Prometheus' CRDs before KEDA, KEDA and Prometheus before Trino).
    expect(delivered).toEqual(
      expect.arrayContaining([
        ["kube-prometheus-stack", "keda"],
        ["kube-prometheus-stack", "trino"],
        ["keda", "trino"],
        ["kube-prometheus-stack", "spark-operator"],
      ]),
    );
    for (const [from, to] of delivered)
      expect({ from, to, later: wave(to) > wave(from) }).toEqual({ from, to, later: true });
    expect(wave("kube-prometheus-stack")).toBe(0);
    expect(wave("metrics-server")).toBe(0);
  });

  it("creates the Applications only after Argo CD, the object store and the databases: the Terraform path's own prerequisites", () => {
    const needs = appsRelease.depends_on ?? [];
    expect(needs).toContain(argo.get("argo-cd")!.address);
    const terraformNeeds = new Set(
      [...terraform.values()]
        .filter((r) => DELIVERED.includes(r.chart))
        .flatMap((r) => r.depends_on ?? [])
        .filter((d) => !d.startsWith("helm_release.") || d === terraform.get("minio")!.address),
    );
    expect(terraformNeeds.size).toBeGreaterThan(10);
    for (const dependency of terraformNeeds) {
      // MinIO's own release is waited for through its provisioning Job (what the applications' credentials need).
      if (dependency === terraform.get("minio")!.address) continue;
      expect(needs).toContain(dependency);
    }
    expect(needs).toEqual(
      expect.arrayContaining([expect.stringMatching(/^kubernetes_job_v1\.ObjectStore_Provisioning/)]),
    );
    expect(needs).toEqual(
      expect.arrayContaining([expect.stringMatching(/^kubernetes_secret_v1\.Databases_Secret-airflow/)]),
    );
  });

  it("ends the apply only when Argo CD has synced every Application: a Job waits for the root, again after each change", () => {
    const jobs = Object.entries(namedResourcesOf(synthsArgo, "kubernetes_job_v1")).filter(([name]) =>
      name.startsWith("ApplicationsReady"),
    );
    expect(jobs).toHaveLength(1);
    const [, job] = jobs[0] as [string, Json & { lifecycle: Json; depends_on: string[] }];
    expect(job.depends_on).toContain(appsRelease.address);
    expect(job.lifecycle).toEqual({ replace_triggered_by: [appsRelease.address] });
    expect(JSON.stringify(job)).toContain("applications.argoproj.io/data-platform");
  });
});
