import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { TerraformStack, Testing } from "cdktf";
import { ANYWHERE } from "../../../constructs/addons/common/placement";
import {
  PLATFORM_DATABASES_APPLICATION,
  PlatformDatabases,
  type PlatformDatabase,
} from "../../../constructs/database/platform-databases";
import { SYNC_WAVE_ANNOTATION } from "../../../constructs/gitops/application";
import { ApplicationCatalogue } from "../../../constructs/gitops/application-catalogue";
import { namedResourcesOf, type Json } from "../../helpers/synth";

const DATABASES: PlatformDatabase[] = [
  { name: "airflow", namespace: "airflow", secretName: "airflow-db", format: "connection" },
  { name: "iceberg", namespace: "trino", secretName: "iceberg-db", format: "jdbc" },
];

type Template = { kind: string; metadata: { name: string; annotations: Record<string, string> } };

function build(gitOps: boolean) {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new KubernetesProvider(stack, "kubernetes", {});
  const namespace = new NamespaceV1(stack, "Namespace", { provider, metadata: { name: "platform-db" } });
  const catalogue = gitOps ? new ApplicationCatalogue(stack, "GitOps") : undefined;
  const databases = new PlatformDatabases(stack, "Databases", {
    provider,
    namespace: "platform-db",
    server: { type: "in-cluster" },
    databases: DATABASES,
    icebergCatalogDatabase: "iceberg",
    profile: { name: "standard" },
    placement: ANYWHERE,
    dependsOn: [namespace],
    gitOps: catalogue,
  });
  return { databases, catalogue, json: Testing.synth(stack) };
}

describe("PlatformDatabases", () => {
  const terraform = build(false);
  const argo = build(true);

  it("under Terraform: the server, then the bootstrap Job, then the applications' Secrets", () => {
    expect(Object.keys(namedResourcesOf(terraform.json, "kubernetes_stateful_set_v1"))).toHaveLength(1);
    const secrets = Object.entries(namedResourcesOf(terraform.json, "kubernetes_secret_v1")).filter(
      ([name]) => name.startsWith("Databases_Secret-"),
    );
    expect(secrets).toHaveLength(DATABASES.length);
    for (const [, secret] of secrets) {
      expect(secret.depends_on).toEqual([expect.stringMatching(/^kubernetes_job_v1\.Databases_Bootstrap/)]);
    }
    expect(terraform.databases.readyFor("airflow")).toEqual([terraform.databases.secrets.airflow]);
  });

  it("under Argo CD: one Application, the server in wave 0, the bootstrap in wave 1; Secrets stay Terraform's", () => {
    for (const type of ["kubernetes_stateful_set_v1", "kubernetes_job_v1", "kubernetes_service_v1"]) {
      expect({ type, count: Object.keys(namedResourcesOf(argo.json, type)).length }).toEqual({
        type,
        count: 0,
      });
    }
    const apps = argo.catalogue!.applications();
    expect(apps.map((a) => a.metadata.name)).toEqual([PLATFORM_DATABASES_APPLICATION]);
    const items = (
      apps[0].spec.source as { helm: { valuesObject: { itemTemplates: Array<{ template: Template }> } } }
    ).helm.valuesObject.itemTemplates.map(({ template }) => [
      template.kind,
      template.metadata.annotations[SYNC_WAVE_ANNOTATION],
    ]);
    expect(items).toEqual([
      ["Service", "0"],
      ["NetworkPolicy", "0"],
      ["StatefulSet", "0"],
      ["ConfigMap", "1"],
      ["Job", "1"],
    ]);
    // The generated passwords and the superuser's stay Terraform's, and the app-of-apps waits for them.
    const secrets = Object.keys(namedResourcesOf(argo.json, "kubernetes_secret_v1"));
    expect(secrets).toHaveLength(2 + DATABASES.length);
    const needs = argo.catalogue!.terraformDependencies();
    expect(needs).toHaveLength(3);
    expect(needs).toEqual(
      expect.arrayContaining([argo.databases.passwords.secret, argo.databases.inCluster!.superuser.secret]),
    );
    // The applications' Secrets cannot wait for an Application the app-of-apps creates after them: they
    // wait for what the Job would have (their namespaces among it).
    const appSecrets = secrets.filter((n) => n.startsWith("Databases_Secret-"));
    expect(appSecrets).toHaveLength(DATABASES.length);
    for (const name of appSecrets) {
      expect((namedResourcesOf(argo.json, "kubernetes_secret_v1")[name] as Json).depends_on).toEqual([
        expect.stringMatching(/^kubernetes_secret_v1\.Databases_Passwords/),
        "kubernetes_namespace_v1.Namespace",
      ]);
    }
    expect(argo.databases.readyFor("iceberg")).toEqual([
      argo.databases.secrets.iceberg,
      argo.databases.manifests!.application,
    ]);
  });

  it("refuses a database it does not hold", () => {
    expect(() => terraform.databases.readyFor("metastore")).toThrow(
      /no platform database "metastore"; declared: airflow, iceberg/,
    );
  });
});
