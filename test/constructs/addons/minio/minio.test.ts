import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { MINIO_CHART } from "../../../../constructs/addons/minio/chart";
import { schemasDir } from "../../../helpers/crd-validation";
import { namedResourcesOf, onlyResource, resourcesOf } from "../../../helpers/synth";
import { build, type Built, CA_CONFIG_MAP, TLS_SECRET } from "./build";
import { APPLICATIONS, SMALL } from "./fixtures";

/** The staged chart sources: $DATA_PLATFORM_CHARTS_DIR, else next to the schemas. */
const CHART_DIR = path.join(
  process.env.DATA_PLATFORM_CHARTS_DIR ?? path.resolve(schemasDir(), "../charts"),
  "minio",
);
/** The helm of `scripts/install-tools.sh` (what `npm run verify` renders with). */
const HELM = path.resolve(__dirname, "../../../../.tools/bin/helm");
const CAN_RENDER = existsSync(HELM) && existsSync(path.join(CHART_DIR, "Chart.yaml"));

/** The kinds and names of what `helm template` renders from the chart with a release's values. */
function rendered(valuesYaml: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "minio-render-"));
  const file = path.join(dir, "values.yaml");
  writeFileSync(file, valuesYaml);
  let out: string;
  try {
    out = execFileSync(HELM, ["template", "minio", CHART_DIR, "--namespace", "minio", "--values", file], {
      encoding: "utf8",
      env: { ...process.env, HELM_CACHE_HOME: dir, HELM_CONFIG_HOME: dir, HELM_DATA_HOME: dir },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as { kind?: string; metadata?: { name?: string } } | null)
    .filter((doc) => doc?.kind !== undefined)
    .map((doc) => `${doc!.kind}/${doc!.metadata?.name ?? ""}`);
}

type Release = { values: string[]; depends_on?: string[] } & Record<string, unknown>;
type Secret = {
  metadata: { name: string; namespace: string };
  data: Record<string, string>;
  depends_on?: string[];
};

const valuesOf = (json: string) => onlyResource(json, "helm_release") as Release;

let built: Built;
let release: Release;
let values: Record<string, unknown>;
let small: Built;
let tls: Built;
beforeAll(() => {
  // Synthesized once per file: the standard profile, the small one, and with TLS.
  built = build();
  release = valuesOf(built.json);
  values = parseYaml(release.values[0]) as Record<string, unknown>;
  small = build({ profile: SMALL });
  tls = build({}, true);
});

describe("MinIO add-on (standard profile)", () => {
  it("matches the reviewed values", () => {
    expect(release.values[0]).toMatchSnapshot();
  });

  it("installs the pinned chart as release minio in the namespace", () => {
    expect(release).toMatchObject({
      name: "minio",
      namespace: "minio",
      repository: "https://charts.min.io/",
      chart: "minio",
      version: "5.4.0",
      atomic: true,
      wait: true,
    });
    expect(MINIO_CHART).toEqual({ repository: "https://charts.min.io/", chart: "minio", version: "5.4.0" });
  });

  it("runs distributed on 4 servers", () => {
    expect(values).toMatchObject({ mode: "distributed", replicas: 4 });
  });

  it("writes no generated value into the Helm values: root and users come from existingSecret", () => {
    const text = release.values[0];
    expect(text).not.toMatch(/\$\{random_password/);
    expect(text).not.toMatch(/\$\{/);
    expect(text).not.toMatch(/^\s*(?:-\s+)?(?:rootUser|rootPassword|password|secretKey):/m);
    expect(values.existingSecret).toBe(built.minio.rootSecretName);
    expect(values.users).toEqual(
      APPLICATIONS.map((app) =>
        expect.objectContaining({
          accessKey: app.name,
          existingSecret: `minio-user-${app.name}`,
          existingSecretKey: "secretKey",
        }),
      ),
    );
  });

  it("generates one random_password per generated key: the root password and each user's secret key", () => {
    const passwords = namedResourcesOf(built.json, "random_password");
    expect(Object.keys(passwords)).toHaveLength(1 + APPLICATIONS.length);
    expect(Object.values(passwords).every((p) => p.special === false && p.length === 32)).toBe(true);
  });

  it("keeps the root credentials in the Secret the values name, with the keys the chart reads", () => {
    const secrets = resourcesOf(built.json, "kubernetes_secret_v1") as unknown as Secret[];
    const root = secrets.find((s) => s.metadata.name === values.existingSecret)!;
    expect(root.metadata.namespace).toBe("minio");
    expect(Object.keys(root.data).sort()).toEqual(["rootPassword", "rootUser"]);
    expect(root.data.rootUser).toBe("platform-root");
    expect(root.data.rootPassword).toMatch(/^\$\{random_password\.[^.]+\.result\}$/);
  });

  it("keeps each user's secret key in the Secret and key the values name", () => {
    const secrets = resourcesOf(built.json, "kubernetes_secret_v1") as unknown as Secret[];
    for (const user of values.users as Array<Record<string, string>>) {
      const secret = secrets.find((s) => s.metadata.name === user.existingSecret)!;
      expect(secret.metadata.namespace).toBe("minio");
      expect(secret.data[user.existingSecretKey]).toMatch(/^\$\{random_password\.[^.]+\.result\}$/);
      expect(secret.data.accessKey).toBe(user.accessKey);
    }
    const references = secrets
      .filter((s) => s.metadata.namespace === "minio")
      .flatMap((s) => Object.values(s.data))
      .filter((value) => value.startsWith("${random_password."));
    expect(new Set(references).size).toBe(1 + APPLICATIONS.length);
  });

  it("installs the chart after the Secrets it names", () => {
    const secretNames = Object.keys(namedResourcesOf(built.json, "kubernetes_secret_v1"))
      .filter((name) => name.startsWith("Minio_"))
      .map((name) => `kubernetes_secret_v1.${name}`);
    expect(secretNames).toHaveLength(1 + APPLICATIONS.length);
    expect(release.depends_on).toEqual(expect.arrayContaining(secretNames));
  });

  it("hands each application its credentials, to compose a Secret in its own namespace", () => {
    const secrets = resourcesOf(built.json, "kubernetes_secret_v1") as unknown as Secret[];
    const copy = secrets.find((s) => s.metadata.namespace === "trino")!;
    const original = secrets.find((s) => s.metadata.name === "minio-user-trino")!;
    expect(copy.data).toEqual({ AWS_ACCESS_KEY_ID: "trino", AWS_SECRET_ACCESS_KEY: original.data.secretKey });
    expect(built.minio.credentials("airflow")).toMatchObject({
      accessKey: "airflow",
      secretName: "minio-user-airflow",
    });
    expect(() => built.minio.credentials("spark")).toThrow(
      /test\/Minio: no MinIO application "spark"; declared: \["trino","airflow"\]/,
    );
  });

  it("is reached in-cluster over HTTP at minio.minio.svc:9000 in us-east-1", () => {
    expect(built.minio.endpoint).toBe("http://minio.minio.svc:9000");
    expect(built.minio.region).toBe("us-east-1");
  });
});

describe("MinIO add-on, other shapes and refusals", () => {
  it("runs one standalone server in the small profile", () => {
    const smallValues = valuesOf(small.json).values[0];
    expect(smallValues).toMatchSnapshot();
    expect(parseYaml(smallValues)).toMatchObject({ mode: "standalone", replicas: 1 });
  });

  it("refuses fewer than 4 distributed servers", () => {
    expect(() => build({ replicas: 3 })).toThrow(
      /test\/Minio\/Release: release minio \(minio\): replicas: expected an integer of at least 4 in distributed mode .*received 3/,
    );
  });

  it("refuses an application on a bucket that is not created", () => {
    expect(() => build({ applications: [{ name: "spark", buckets: ["spark-events"] }] })).toThrow(
      /policy spark-readwrite: names buckets that are not created: \["spark-events"\]/,
    );
  });

  it("refuses an application declared twice", () => {
    expect(() => build({ applications: [...APPLICATIONS, APPLICATIONS[0]] })).toThrow(
      /users: each user once, received twice \["trino"\]/,
    );
  });
});

describe("MinIO add-on with TLS", () => {
  const tlsValues = () => parseYaml(valuesOf(tls.json).values[0]) as Record<string, unknown>;

  it("serves HTTPS from the TLS Secret, and its endpoint says so", () => {
    expect(tlsValues()).toMatchObject({
      tls: { enabled: true, certSecret: TLS_SECRET, publicCrt: "tls.crt", privateKey: "tls.key" },
    });
    expect(tls.minio.endpoint).toBe("https://minio.minio.svc:9000");
  });

  it("gives the chart no buckets, users or policies, so chart 5.4.0 renders no post-install Job", () => {
    const chartValues = tlsValues();
    expect(chartValues).toMatchObject({ buckets: [], users: [], policies: [], svcaccts: [] });
    expect(chartValues).not.toHaveProperty("customCommands");
    // The whole of post-job.yaml sits under this guard (its first line).
    const guard = readFileSync(path.join(CHART_DIR, "templates/post-job.yaml"), "utf8").split("\n")[0];
    expect(guard).toBe(
      "{{- if or .Values.buckets .Values.users .Values.policies .Values.customCommands .Values.svcaccts }}",
    );
  });

  (CAN_RENDER ? it : it.skip)(
    "renders no Job with helm template, and the chart's post-install Job without TLS (the check can fail)",
    () => {
      const withTls = rendered(valuesOf(tls.json).values[0]);
      expect(withTls).toEqual(expect.arrayContaining(["StatefulSet/minio"]));
      expect(withTls.filter((object) => object.startsWith("Job/"))).toEqual([]);
      expect(rendered(release.values[0]).filter((object) => object.startsWith("Job/"))).toEqual([
        "Job/minio-post-job",
      ]);
    },
  );

  it("still checks the buckets, policies and users it declares", () => {
    expect(() => build({ applications: [{ name: "spark", buckets: ["spark-events"] }] }, true)).toThrow(
      /test\/Minio\/Release: release minio \(minio\): policy spark-readwrite: names buckets that are not created: \["spark-events"\]/,
    );
    expect(() => build({ applications: [...APPLICATIONS, APPLICATIONS[0]] }, true)).toThrow(
      /users: each user once, received twice \["trino"\]/,
    );
  });

  it("has consumers wait for the provisioning Job with TLS, for the release without", () => {
    expect(tls.minio.provisioning).toBeDefined();
    expect(tls.minio.ready).toBe(tls.minio.provisioning?.job);
    expect(resourcesOf(tls.json, "kubernetes_job_v1")).toHaveLength(1);
    expect(built.minio.provisioning).toBeUndefined();
    expect(built.minio.ready).toBe(built.minio.release);
    expect(resourcesOf(built.json, "kubernetes_job_v1")).toHaveLength(0);
  });

  it("under Argo CD: the chart, then the provisioning Job, as Applications; the Secrets stay Terraform's", () => {
    const delivered = build({}, true, true);
    expect(resourcesOf(delivered.json, "helm_release")).toHaveLength(0);
    expect(resourcesOf(delivered.json, "kubernetes_job_v1")).toHaveLength(0);
    expect(resourcesOf(delivered.json, "kubernetes_config_map_v1")).toHaveLength(1); // the test's CA
    // Root, one user per application (what the chart and the Job read by name), and the test's Trino Secret.
    expect(resourcesOf(delivered.json, "kubernetes_secret_v1")).toHaveLength(1 + APPLICATIONS.length + 1);
    const apps = delivered.catalogue!.applications();
    expect(
      apps.map((a) => [a.metadata.name, a.metadata.annotations["argocd.argoproj.io/sync-wave"]]),
    ).toEqual([
      ["minio", "0"],
      ["minio-provisioning", "1"],
    ]);
    // Consumers wait for the provisioning Application (a later wave), not for MinIO's.
    const provisioning = delivered.catalogue!.delivered.find(
      (c) => c.props.releaseName === "minio-provisioning",
    );
    expect(provisioning).toBeDefined();
    expect(delivered.minio.ready).toBe(provisioning);
    expect(delivered.minio.provisioning?.job).toBeUndefined();
    const tlsValues = parseYaml(valuesOf(tls.json).values[0]) as object;
    expect((apps[0].spec.source as { helm: { valuesObject: object } }).helm.valuesObject).toEqual(tlsValues);
    const items = (
      apps[1].spec.source as {
        helm: { valuesObject: { itemTemplates: Array<{ template: { kind: string } }> } };
      }
    ).helm.valuesObject.itemTemplates.map((item) => item.template.kind);
    expect(items).toEqual(["ConfigMap", "Job"]);
  });

  it("disables certificate verification nowhere in the synthesized stack", () => {
    expect(tls.json).not.toMatch(/insecure/i);
    expect(built.json).not.toMatch(/insecure/i);
  });

  it("refuses TLS without the CA the Job must verify the server with", () => {
    expect(() => build({ tls: { certSecretName: TLS_SECRET } })).toThrow(
      /test\/Minio: caBundle: expected the CA ConfigMap of MinIO's certificate when tls is set .*received none/,
    );
  });

  it("refuses a CA without TLS", () => {
    expect(() => build({ caBundle: { configMapName: CA_CONFIG_MAP } })).toThrow(
      /test\/Minio: caBundle: only used when MinIO serves TLS \(tls\); received "platform-ca" without tls/,
    );
  });
});
