import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { TerraformStack, Testing } from "cdktf";
import { KEDA_CHART } from "../../../constructs/addons/keda/chart";
import { SYNC_WAVE_ANNOTATION } from "../../../constructs/gitops/application";
import { ApplicationCatalogue } from "../../../constructs/gitops/application-catalogue";
import { escapeTemplates, ManifestBundle } from "../../../constructs/gitops/manifest-bundle";
import { manifestOf } from "../../../constructs/kubernetes/manifest";
import { crdValidator } from "../../helpers/crd-validation";

const validateApplication = crdValidator("argocd", "application-crd.yaml", "v1alpha1");
const validateProject = crdValidator("argocd", "appproject-crd.yaml", "v1alpha1");

const configMap = (name: string, namespace = "platform-db") =>
  manifestOf("v1", "ConfigMap", {
    metadata: { name, namespace },
    data: { "run.sh": "echo {{ not a template }}" },
  });

type Template = {
  metadata: { name: string; annotations: Record<string, string> };
  data: Record<string, string>;
};

function build() {
  const stack = new TerraformStack(Testing.app(), "test");
  const namespace = new NamespaceV1(stack, "Namespace", { metadata: { name: "platform-db" } });
  const catalogue = new ApplicationCatalogue(stack, "GitOps");
  const keda = catalogue.add(stack, "Keda", { pin: KEDA_CHART, releaseName: "keda", namespace: "keda" });
  const bundle = new ManifestBundle(stack, "Bundle", {
    catalogue,
    name: "platform-databases",
    namespace: "platform-db",
    dependsOn: [namespace],
  });
  return { stack, namespace, catalogue, keda, bundle };
}

describe("ManifestBundle", () => {
  const { namespace, catalogue, keda, bundle } = build();
  bundle.add(configMap("server"));
  bundle.add(configMap("bootstrap"), 1);
  bundle.addDependency(keda, namespace);

  it("is one Application of the argocd-apps chart the app-of-apps pins, each object an item template", () => {
    const app = catalogue.applications().find((a) => a.metadata.name === "platform-databases")!;
    expect(validateApplication(app)).toEqual([]);
    const source = app.spec.source as {
      chart: string;
      targetRevision: string;
      helm: { valuesObject: object };
    };
    expect({ chart: source.chart, version: source.targetRevision }).toEqual({
      chart: "argocd-apps",
      version: "2.0.5",
    });
    const items = (
      source.helm.valuesObject as { itemTemplates: Array<{ items: unknown[]; template: Template }> }
    ).itemTemplates;
    expect(items).toHaveLength(2);
    for (const item of items) expect(item.items).toEqual([{}]);
    expect(
      items.map((i) => [i.template.metadata.name, i.template.metadata.annotations[SYNC_WAVE_ANNOTATION]]),
    ).toEqual([
      ["server", "0"],
      ["bootstrap", "1"],
    ]);
    // The chart runs `tpl` over each template: a literal `{{` is written as an action that prints it.
    expect(items[0].template.data["run.sh"]).toBe("echo {{`{{`}} not a template }}");
  });

  it("waits for its Terraform dependencies through the app-of-apps, and syncs after the charts it depends on", () => {
    expect(catalogue.terraformDependencies()).toEqual([namespace]);
    const waves = Object.fromEntries(
      catalogue.applications().map((a) => [a.metadata.name, a.metadata.annotations[SYNC_WAVE_ANNOTATION]]),
    );
    expect(waves).toEqual({ keda: "0", "platform-databases": "1" });
  });

  it("has an AppProject confined to its namespace, with no cluster-scoped kind, no Secret and no RBAC", () => {
    const project = catalogue.projects().find((p) => p.metadata.name === "platform-databases")!;
    expect(validateProject(project)).toEqual([]);
    expect(project.spec.destinations).toEqual([
      { server: "https://kubernetes.default.svc", namespace: "platform-db" },
    ]);
    expect(project.spec.clusterResourceWhitelist).toBeUndefined();
    // Any other namespaced kind may come and go (a kind that left the Application is still pruned).
    expect(project.spec.namespaceResourceWhitelist).toBeUndefined();
    expect(project.spec.namespaceResourceBlacklist).toEqual([
      { group: "", kind: "Secret" },
      { group: "rbac.authorization.k8s.io", kind: "Role" },
      { group: "rbac.authorization.k8s.io", kind: "RoleBinding" },
    ]);
  });

  it("refuses a Secret or RBAC object", () => {
    const secret = manifestOf("v1", "Secret", { metadata: { name: "s", namespace: "platform-db" } });
    expect(() => bundle.add(secret)).toThrow(
      /Secret s: an Application of manifests may not hold Secret, Role, RoleBinding \(Secrets stay Terraform's; no RBAC\)/,
    );
    const role = manifestOf("rbac.authorization.k8s.io/v1", "Role", {
      metadata: { name: "r", namespace: "platform-db" },
    });
    expect(() => bundle.add(role)).toThrow(/Role r: an Application of manifests may not hold/);
  });

  it("refuses an object of another namespace, and one added twice", () => {
    expect(() => bundle.add(configMap("elsewhere", "trino"))).toThrow(
      /ConfigMap elsewhere: namespace "trino" is not the Application's \("platform-db"\)/,
    );
    expect(() => bundle.add(configMap("server"))).toThrow(/ConfigMap server is already in the Application/);
  });

  it("refuses to synthesize an Application without objects", () => {
    const empty = build();
    expect(() => Testing.synth(empty.stack, true)).toThrow(/Application platform-databases has no object/);
  });
});

describe("escapeTemplates", () => {
  it("escapes every `{{` in keys and values, and nothing else", () => {
    expect(escapeTemplates({ "a{{": ["{{x}}", "}} ${y} {"], n: 1 })).toEqual({
      "a{{`{{`}}": ["{{`{{`}}x}}", "}} ${y} {"],
      n: 1,
    });
  });
});
