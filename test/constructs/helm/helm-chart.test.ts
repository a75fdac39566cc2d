import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { HelmChart, type HelmChartProps } from "../../../constructs/helm/helm-chart";
import { buildApp, parse, synthAll } from "../../helpers/synth";

function build(changes: Partial<HelmChartProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new HelmProvider(stack, "helm", {});
  const chart = new HelmChart(stack, "Release", {
    provider,
    pin: { repository: "https://kedacore.github.io/charts", chart: "keda", version: "2.20.2" },
    releaseName: "keda",
    namespace: "keda",
    values: { resources: { operator: { requests: { cpu: "100m" } } } },
    ...changes,
  });
  return { chart, json: Testing.synth(stack) };
}

describe("HelmChart, the one release construct", () => {
  it("is always atomic, cleans up on failure, waits, keeps ten revisions, with a 600 s timeout by default", () => {
    const release = Object.values(parse(build().json).resource!.helm_release)[0];
    expect(release).toMatchObject({
      name: "keda",
      namespace: "keda",
      repository: "https://kedacore.github.io/charts",
      chart: "keda",
      version: "2.20.2",
      atomic: true,
      cleanup_on_fail: true,
      wait: true,
      timeout: 600,
      max_history: 10,
      values: ["resources:\n  operator:\n    requests:\n      cpu: 100m\n"],
    });
  });

  it.each(["2.20", "~2.20.2", "latest", ">=2.0.0", ""])("refuses the inexact chart version %j", (version) => {
    expect(() =>
      build({ pin: { repository: "https://kedacore.github.io/charts", chart: "keda", version } }),
    ).toThrow(
      /test\/Release: release keda \(keda\): chart version: expected an exact version such as 1\.14\.1/,
    );
  });

  it("escapes ${ and %{ meant for the chart, so Terraform passes them through, and keeps its own references", () => {
    const stack = new TerraformStack(Testing.app(), "escape");
    const provider = new HelmProvider(stack, "helm", {});
    const other = new HelmChart(stack, "Other", {
      provider,
      pin: { repository: "https://kedacore.github.io/charts", chart: "keda", version: "2.20.2" },
      releaseName: "other",
      namespace: "keda",
    });
    new HelmChart(stack, "Release", {
      provider,
      pin: { repository: "https://kedacore.github.io/charts", chart: "keda", version: "2.20.2" },
      releaseName: "keda",
      namespace: "keda",
      values: { property: "${ENV:SECRET}", script: 'echo "${1:-x}" %{y}', ref: other.name },
    });
    const releases = parse(Testing.synth(stack)).resource!.helm_release as Record<
      string,
      { values?: string[] }
    >;
    const values = Object.entries(releases).find(([id]) => id.startsWith("Release"))![1].values![0];
    // Terraform reads `$${` as a literal `${` and `%%{` as `%{` (checked with `terraform console`).
    expect(values).toBe(
      'property: $${ENV:SECRET}\nscript: echo "$${1:-x}" %%{y}\nref: ${helm_release.Other.name}\n',
    );
  });

  it("refuses a repository that is neither https:// nor oci://", () => {
    expect(() =>
      build({ pin: { repository: "http://charts.example.com", chart: "keda", version: "2.20.2" } }),
    ).toThrow(
      /chart repository: expected an https:\/\/ or oci:\/\/ URL, received "http:\/\/charts\.example\.com"/,
    );
  });

  it.each([901, 30, 1.5])("refuses a timeout of %s seconds", (timeoutSeconds) => {
    expect(() => build({ timeoutSeconds })).toThrow(
      new RegExp(`timeoutSeconds: expected 60 to 900, received ${timeoutSeconds}`),
    );
  });

  it("runs the add-on's own check of its values and reports every problem", () => {
    expect(() =>
      build({
        validateValues: () => ["replicaCount: expected at least 2, received 1", "image.tag: not latest"],
      }),
    ).toThrow(/release keda \(keda\): replicaCount: expected at least 2, received 1; image\.tag: not latest/);
  });
});

describe("every Helm release of every stack", () => {
  it("goes through HelmChart: atomic, cleanup on failure, wait, bounded timeout, exact version", () => {
    const releases = [...synthAll(buildApp()).values()].flatMap((json) =>
      Object.values(parse(json).resource?.helm_release ?? {}),
    );
    // karpenter-crd in four eks stacks, karpenter in four karpenter stacks, EBS CSI on the local cluster;
    // kube-prometheus-stack, KEDA, metrics-server, Airflow and Trino in the five data stacks delivered by
    // Terraform, MinIO in lab, the spark-operator in dev and lab, TopoLVM in onprem; onprem delivers its
    // application charts and MinIO with Argo CD (Applications, not releases) and releases argo-cd and
    // argocd-apps instead.
    expect(releases).toHaveLength(9 + 5 * 5 + 1 + 2 + 1 + 2);
    for (const release of releases) {
      expect(release).toMatchObject({ atomic: true, cleanup_on_fail: true, wait: true, max_history: 10 });
      expect(release.timeout).toBeGreaterThanOrEqual(60);
      expect(release.timeout).toBeLessThanOrEqual(900);
      expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
