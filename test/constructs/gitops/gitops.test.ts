import { KARPENTER_CHART } from "../../../constructs/addons/karpenter/chart";
import { KEDA_CHART } from "../../../constructs/addons/keda/chart";
import { MINIO_CHART } from "../../../constructs/addons/minio/chart";
import { TRINO_CHART } from "../../../constructs/addons/trino/chart";
import { appProject } from "../../../constructs/gitops/app-project";
import { CLUSTER_RBAC, CRDS } from "../../../constructs/helm/chart-footprint";
import { argoApplication, SYNC_WAVE_ANNOTATION } from "../../../constructs/gitops/application";
import { syncWaves } from "../../../constructs/gitops/sync-waves";
import { crdValidator } from "../../helpers/crd-validation";

const validateApplication = crdValidator("argocd", "application-crd.yaml", "v1alpha1");
const validateProject = crdValidator("argocd", "appproject-crd.yaml", "v1alpha1");

describe("Argo CD Applications", () => {
  const values = { auth: { existingSecret: "minio-root" }, resources: { requests: { cpu: "100m" } } };
  const minio = argoApplication({
    name: "minio",
    project: "data-platform",
    pin: MINIO_CHART,
    releaseName: "minio",
    namespace: "minio",
    values,
    syncWave: 1,
  });

  it("validate against Argo CD's Application CRD", () => {
    expect(validateApplication(minio)).toEqual([]);
    const karpenter = argoApplication({
      name: "karpenter",
      project: "data-platform",
      pin: KARPENTER_CHART,
      releaseName: "karpenter",
      namespace: "kube-system",
      values: {},
      syncWave: 0,
      skipCrds: true,
    });
    expect(validateApplication(karpenter)).toEqual([]);
  });

  it("and the check fails on a misspelt field", () => {
    const broken = { ...minio, spec: { ...minio.spec, destinaton: minio.spec.destination } };
    expect(validateApplication(broken).length).toBeGreaterThan(0);
  });

  it("install the chart at the version the Terraform path pins, with the very same values object", () => {
    const source = minio.spec.source as Record<string, Record<string, unknown> | string>;
    expect(source).toMatchObject({
      repoURL: "https://charts.min.io/",
      chart: "minio",
      targetRevision: MINIO_CHART.version,
    });
    expect((source.helm as Record<string, unknown>).valuesObject).toBe(values);
  });

  it("name an OCI chart as Argo CD does: the registry path without oci://", () => {
    const app = argoApplication({
      name: "karpenter",
      project: "p",
      pin: KARPENTER_CHART,
      releaseName: "karpenter",
      namespace: "kube-system",
      values: {},
      syncWave: 0,
    });
    expect(KARPENTER_CHART.repository.startsWith("oci://")).toBe(true);
    expect((app.spec.source as Record<string, string>).repoURL).toBe("public.ecr.aws/karpenter");
  });

  it("carry their sync wave, sync automatically with prune and self-heal, and retry", () => {
    expect(minio.metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe("1");
    expect(minio.spec.syncPolicy).toMatchObject({
      automated: { prune: true, selfHeal: true },
      retry: { limit: 5 },
    });
    expect(minio.metadata.finalizers).toEqual(["resources-finalizer.argocd.argoproj.io"]);
  });
});

describe("Argo CD AppProject", () => {
  const project = appProject({
    name: "data-platform",
    description: "The data platform's components",
    charts: [MINIO_CHART, KEDA_CHART, TRINO_CHART, KARPENTER_CHART, KEDA_CHART],
    namespaces: ["trino", "minio", "keda"],
    clusterResources: [CRDS, ...CLUSTER_RBAC],
  });

  it("validates against Argo CD's AppProject CRD", () => {
    expect(validateProject(project)).toEqual([]);
  });

  it("allows only the pinned charts' repositories, the platform's namespaces and the charts' cluster kinds", () => {
    const spec = project.spec as Record<string, unknown>;
    expect(spec.sourceRepos).toEqual([
      "https://charts.min.io/",
      "https://kedacore.github.io/charts",
      "https://trinodb.github.io/charts",
      "public.ecr.aws/karpenter",
    ]);
    expect(spec.destinations).toEqual(
      ["keda", "minio", "trino"].map((namespace) => ({
        server: "https://kubernetes.default.svc",
        namespace,
      })),
    );
    expect(spec.clusterResourceWhitelist).toEqual([
      { group: "apiextensions.k8s.io", kind: "CustomResourceDefinition" },
      { group: "rbac.authorization.k8s.io", kind: "ClusterRole" },
      { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding" },
    ]);
    expect(JSON.stringify(spec)).not.toContain('"*"');
  });
});

describe("syncWaves", () => {
  it("puts each component one wave after the latest of what it needs", () => {
    // The data stack's order: namespaces and the object store and database first, then what uses them.
    const waves = syncWaves({
      prometheus: [],
      minio: [],
      postgres: [],
      keda: ["prometheus"],
      "metrics-server": [],
      airflow: ["postgres", "minio"],
      trino: ["postgres", "minio", "prometheus", "keda"],
      "spark-operator": ["minio", "prometheus"],
    });
    expect(waves).toEqual({
      prometheus: 0,
      minio: 0,
      postgres: 0,
      keda: 1,
      "metrics-server": 0,
      airflow: 1,
      trino: 2,
      "spark-operator": 1,
    });
  });

  it("refuses an unknown dependency and a cycle", () => {
    expect(() => syncWaves({ trino: ["hive"] })).toThrow(
      /sync waves: trino depends on hive, which is not a component/,
    );
    expect(() => syncWaves({ a: ["b"], b: ["a"] })).toThrow(/sync waves: dependency cycle a -> b -> a/);
  });
});
