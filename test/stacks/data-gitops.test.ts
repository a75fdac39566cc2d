import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { parseEnvironment } from "../../config/define";
import { SYNC_WAVE_ANNOTATION } from "../../constructs/gitops/application";
import { manifestOf } from "../../constructs/kubernetes/manifest";
import type { DataStack } from "../../stacks/data-stack";
import { crdValidator } from "../helpers/crd-validation";
import { deliveredManifests } from "../helpers/delivered";
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

/** The components the issue asks Argo CD to deliver that are charts in the Terraform path. */
const DELIVERED = [
  "airflow",
  "keda",
  "kube-prometheus-stack",
  "metrics-server",
  "minio",
  "spark-operator",
  "trino",
];
/**
 * The components that are plain objects in the Terraform path (PostgreSQL and its bootstrap, MinIO's
 * provisioning Job over TLS, the Hive Metastore, the Spark History Server), each an Application of
 * manifests, with the Terraform resource types they are made of there.
 */
const MANIFESTS: Record<string, ReadonlyArray<string>> = {
  "platform-databases": [
    "kubernetes_service_v1",
    "kubernetes_network_policy_v1",
    "kubernetes_stateful_set_v1",
    "kubernetes_config_map_v1",
    "kubernetes_job_v1",
  ],
  "minio-provisioning": ["kubernetes_config_map_v1", "kubernetes_job_v1"],
  "hive-metastore": [
    "kubernetes_service_account_v1",
    "kubernetes_config_map_v1",
    "kubernetes_service_v1",
    "kubernetes_network_policy_v1",
    "kubernetes_deployment_v1",
  ],
  "spark-history-server": [
    "kubernetes_service_account_v1",
    "kubernetes_service_v1",
    "kubernetes_deployment_v1",
  ],
};
const APPLICATIONS = [...DELIVERED, ...Object.keys(MANIFESTS)].sort();

/** Where each Application's objects are, in the Terraform path: the construct that writes them. */
const CONSTRUCTS: Record<string, RegExp> = {
  "platform-databases": /^Databases_(Server|Bootstrap)_/,
  "minio-provisioning": /^ObjectStore_Provisioning_/,
  "hive-metastore": /^HiveMetastore_/,
  "spark-history-server": /^SparkHistoryServer_/,
};

/** API version and kind of each resource type of the kubernetes provider. */
const API: Record<string, readonly [string, string]> = {
  kubernetes_service_v1: ["v1", "Service"],
  kubernetes_service_account_v1: ["v1", "ServiceAccount"],
  kubernetes_config_map_v1: ["v1", "ConfigMap"],
  kubernetes_stateful_set_v1: ["apps/v1", "StatefulSet"],
  kubernetes_deployment_v1: ["apps/v1", "Deployment"],
  kubernetes_job_v1: ["batch/v1", "Job"],
  kubernetes_network_policy_v1: ["networking.k8s.io/v1", "NetworkPolicy"],
};

/**
 * An object with what its two outputs write differently by construction left out: the hive-site
 * checksum (Terraform hashes at apply, Argo CD's manifest at synth; asserted on its own).
 */
function sameFields(object: Json): Json {
  const copy = JSON.parse(JSON.stringify(object)) as Json;
  const annotations = (
    (((copy.spec as Json | undefined)?.template as Json | undefined)?.metadata ?? {}) as Json
  ).annotations as Record<string, string> | undefined;
  if (annotations) delete annotations["checksum/hive-site"];
  return copy;
}

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
  let synthsTerraform: string;

  /** Terraform's references to a ConfigMap's name, resolved to the name (Argo CD's manifests name it). */
  const resolved = (value: unknown): unknown => {
    if (typeof value === "string") {
      const ref = /^\$\{kubernetes_config_map_v1\.([^.]+)\.metadata\[0\]\.name\}$/.exec(value);
      if (!ref) return value;
      return (namedResourcesOf(synthsTerraform, "kubernetes_config_map_v1")[ref[1]].metadata as Json).name;
    }
    if (Array.isArray(value)) return value.map(resolved);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v)]));
  };

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
    synthsTerraform = synthAll(buildApp([terraformDelivered(environment("onprem"))])).get("onprem-data")!;
    terraform = releases(synthsTerraform);
    appsRelease = argo.get("argocd-apps") as Release & { address: string };
    const root = (parseYaml(appsRelease.values[0]) as { applications: Record<string, AppsEntry> })
      .applications["data-platform"];
    children = (root.source.helm.valuesObject as { applications: Record<string, AppsEntry> }).applications;
  });

  it("releases Argo CD, the app-of-apps and TopoLVM with Terraform, and none of the delivered charts", () => {
    expect([...argo.keys()].sort()).toEqual(["argo-cd", "argocd-apps", "topolvm"]);
    for (const chart of DELIVERED) expect(terraform.has(chart)).toBe(true);
  });

  it("has one Application per component, each valid against Argo CD's Application CRD", () => {
    expect(Object.keys(children).sort()).toEqual(APPLICATIONS);
    const apps = stack.appOfApps!.applications;
    expect(apps).toHaveLength(APPLICATIONS.length);
    for (const app of apps) expect(validateApplication(app)).toEqual([]);
    expect(stack.appOfApps!.projects).toHaveLength(1 + APPLICATIONS.length);
    for (const project of stack.appOfApps!.projects) expect(validateProject(project)).toEqual([]);
  });

  it("leaves Terraform none of the objects it delivers, and keeps the generated Secrets in Terraform", () => {
    const types = [...new Set(Object.values(MANIFESTS).flat())];
    expect(types).toHaveLength(7);
    const left = types.flatMap((type) =>
      Object.keys(namedResourcesOf(synthsArgo, type)).filter((name) => !name.startsWith("ApplicationsReady")),
    );
    // What stays Terraform's: the CA and object-store ConfigMaps the applications read, no workload.
    expect(left.every((name) => /^(PlatformCa|ObjectStoreSettings)/.test(name))).toBe(true);
    const secrets = Object.keys(namedResourcesOf(synthsArgo, "kubernetes_secret_v1"));
    expect(secrets).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Databases_Server_Superuser/),
        expect.stringMatching(/^Databases_Passwords/),
        expect.stringMatching(/^ObjectStore_RootCredentials/),
      ]),
    );
    expect(JSON.stringify(deliveredManifests(synthsArgo))).not.toMatch(/"kind":"Secret"/);
  });

  it.each(Object.entries(MANIFESTS))(
    "delivers %s as the Terraform path's own objects (one builder, two outputs)",
    (name, types) => {
      const delivered = deliveredManifests(synthsArgo, name);
      expect(delivered).toHaveLength(types.length);
      const expected = types.flatMap((type) =>
        Object.entries(namedResourcesOf(synthsTerraform, type))
          .filter(([address]) => CONSTRUCTS[name].test(address))
          .map(([, r]) => sameFields(manifestOf(API[type][0], API[type][1], resolved(r) as Json))),
      );
      const received = delivered.map((object) => {
        // The sync wave within the Application is Argo CD's alone.
        const annotations = Object.fromEntries(
          Object.entries(object.metadata.annotations).filter(([key]) => key !== SYNC_WAVE_ANNOTATION),
        );
        return sameFields({
          ...object,
          metadata: {
            ...object.metadata,
            annotations: Object.keys(annotations).length ? annotations : undefined,
          },
        });
      });
      // Its AppProject denies Secrets (Terraform's) and RBAC, which none of these components needs.
      const project = stack.appOfApps!.projects.find((p) => p.metadata.name === name)!;
      expect(project.spec.namespaceResourceBlacklist).toEqual([
        { group: "", kind: "Secret" },
        { group: "rbac.authorization.k8s.io", kind: "Role" },
        { group: "rbac.authorization.k8s.io", kind: "RoleBinding" },
      ]);
      expect(project.spec.namespaceResourceWhitelist).toBeUndefined();
      const key = (o: Json) => `${o.kind}/${(o.metadata as Json).name}`;
      expect(received.map(key).sort()).toEqual(expected.map(key).sort());
      for (const object of received) expect(object).toEqual(expected.find((e) => key(e) === key(object)));
    },
  );

  it("rolls the metastore's pod when hive-site.xml changes: its checksum is the delivered site's", () => {
    const objects = deliveredManifests(synthsArgo, "hive-metastore");
    const site = objects.find((o) => o.kind === "ConfigMap")!;
    const deployment = objects.find((o) => o.kind === "Deployment")!;
    // The values hold Terraform's escape of Hadoop's `${env.…}`; the cluster gets `${`.
    const data = JSON.parse(JSON.stringify(site.data).replace(/\$\$\{/g, "${")) as Json;
    expect(JSON.stringify(data)).toContain("${env.");
    const annotations = ((deployment.spec as Json).template as Json).metadata as Json;
    expect((annotations.annotations as Json)["checksum/hive-site"]).toBe(
      createHash("sha256").update(JSON.stringify(data)).digest("hex"),
    );
  });

  it("installs each chart at the Terraform path's repository and version, with the Terraform path's values", () => {
    expect(DELIVERED).toHaveLength(7);
    for (const name of DELIVERED) {
      const child = children[name];
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

  it("orders the object store and the database before the applications, and each bootstrap after its server", () => {
    const wave = (app: string) => Number(children[app].additionalAnnotations[SYNC_WAVE_ANNOTATION]);
    // The seeds' FluxCD fault: applications started before MinIO and PostgreSQL were ready (issue 16).
    const stores = ["minio", "minio-provisioning", "platform-databases"];
    const consumers = ["airflow", "trino", "hive-metastore", "spark-history-server", "spark-operator"];
    for (const store of stores)
      for (const consumer of consumers)
        expect({ store, consumer, later: wave(consumer) > wave(store) }).toEqual({
          store,
          consumer,
          later: true,
        });
    expect(wave("minio-provisioning")).toBeGreaterThan(wave("minio"));
    // Trino's Iceberg catalog uses the metastore.
    expect(wave("trino")).toBeGreaterThan(wave("hive-metastore"));
    const objectWave = (app: string, kind: string) =>
      deliveredManifests(synthsArgo, app)
        .filter((o) => o.kind === kind)
        .map((o) => Number(o.metadata.annotations[SYNC_WAVE_ANNOTATION]));
    expect(objectWave("platform-databases", "StatefulSet")).toEqual([0]);
    expect(objectWave("platform-databases", "Job")).toEqual([1]);
    expect(objectWave("platform-databases", "ConfigMap")).toEqual([1]);
  });

  it("creates the Applications only after Argo CD and the Terraform path's prerequisites that stay Terraform's", () => {
    const needs = appsRelease.depends_on ?? [];
    expect(needs).toContain(argo.get("argo-cd")!.address);
    const delivered = new Set([
      ...[...terraform.values()].filter((r) => DELIVERED.includes(r.chart)).map((r) => r.address),
      ...Object.entries(MANIFESTS).flatMap(([app, types]) =>
        types.flatMap((type) =>
          Object.keys(namedResourcesOf(synthsTerraform, type))
            .filter((name) => CONSTRUCTS[app].test(name))
            .map((name) => `${type}.${name}`),
        ),
      ),
    ]);
    expect(delivered.size).toBe(DELIVERED.length + 5 + 2 + 5 + 3);
    const needsOf = (r: Json) => (r.depends_on as string[] | undefined) ?? [];
    const terraformNeeds = new Set(
      [
        ...[...terraform.values()].filter((r) => DELIVERED.includes(r.chart)).flatMap(needsOf),
        ...[...delivered]
          .filter((address) => !address.startsWith("helm_release."))
          .flatMap((address) => {
            const [type, name] = address.split(".");
            return needsOf(namedResourcesOf(synthsTerraform, type)[name]);
          }),
      ].filter((dependency) => !delivered.has(dependency)),
    );
    expect(terraformNeeds.size).toBeGreaterThan(20);
    for (const dependency of terraformNeeds) expect(needs).toContain(dependency);
    // Secrets stay Terraform's; no workload does.
    for (const secret of [
      /^kubernetes_secret_v1\.Databases_Passwords/,
      /^kubernetes_secret_v1\.Databases_Server_Superuser/,
    ])
      expect(needs).toEqual(expect.arrayContaining([expect.stringMatching(secret)]));
    expect(needs.filter((d) => /^kubernetes_(job|deployment|stateful_set)_v1\./.test(d))).toEqual([]);
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

describe("Argo CD delivery on RDS and S3 (dev, switched to argocd, with the Hive Metastore)", () => {
  let json: string;
  beforeAll(() => {
    const base = environment("dev");
    const dev = parseEnvironment({
      ...base,
      delivery: { kubernetes: "argocd" },
      data: { ...base.data, metastore: "hive", s3Identity: "irsa" },
    });
    json = synthAll(buildApp([dev])).get("dev-data")!;
  });

  it("hashes the metastore's site at synth: on S3 it holds names known then, no reference resolved at apply", () => {
    const objects = deliveredManifests(json, "hive-metastore");
    const site = JSON.stringify(objects.find((o) => o.kind === "ConfigMap")!.data);
    expect(site).toContain("dataplatform-dev-trino-data-");
    // Only Hadoop's own `${env.…}`, escaped for Terraform: nothing Terraform resolves (else the digest would join).
    expect(site.replace(/\$\$\{env\./g, "")).not.toContain("${");
    const deployment = objects.find((o) => o.kind === "Deployment")!;
    const annotations = (((deployment.spec as Json).template as Json).metadata as Json).annotations as Json;
    expect(annotations["checksum/hive-site"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("runs the bootstrap against RDS as an Application of its own: the Job, no server", () => {
    const kinds = deliveredManifests(json, "platform-databases").map((o) => o.kind);
    expect(kinds).toEqual(["ConfigMap", "Job"]);
  });

  it("names the bootstrap Job after the RDS address and master secret Terraform resolves at apply, not only their text", () => {
    const job = deliveredManifests(json, "platform-databases").find((o) => o.kind === "Job")!;
    // A replaced instance or a new master secret then makes a new Job, never a patch of an immutable one.
    expect(job.metadata.name).toMatch(
      /^postgres-bootstrap-[0-9a-f]{10}-\$\{substr\(sha256\(jsonencode\(\[[^,\]]*aws_db_instance[^,\]]*address, [^,\]]*port, [^,\]]*secret_arn\]\)\), 0, 6\)\}$/,
    );
    const configMap = deliveredManifests(json, "platform-databases").find((o) => o.kind === "ConfigMap")!;
    expect(configMap.metadata.name).toBe(job.metadata.name);
  });
});
