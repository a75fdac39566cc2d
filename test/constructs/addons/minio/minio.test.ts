import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { TerraformStack, Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import { ANYWHERE } from "../../../../constructs/addons/common/placement";
import { MINIO_CHART } from "../../../../constructs/addons/minio/chart";
import { Minio, type MinioProps } from "../../../../constructs/addons/minio/minio";
import { namedResourcesOf, onlyResource, resourcesOf } from "../../../helpers/synth";
import { APPLICATIONS, BUCKETS, SMALL, STANDARD } from "./fixtures";

interface Built {
  readonly minio: Minio;
  readonly json: string;
}

/** A stack with MinIO and, in namespace trino, a Secret composed from Trino's MinIO credentials. */
function build(changes: Partial<Omit<MinioProps, "helmProvider" | "kubernetesProvider">> = {}): Built {
  const stack = new TerraformStack(Testing.app(), "test");
  const kubernetesProvider = new KubernetesProvider(stack, "kubernetes", {});
  const minio = new Minio(stack, "Minio", {
    helmProvider: new HelmProvider(stack, "helm", {}),
    kubernetesProvider,
    namespace: "minio",
    profile: STANDARD,
    placement: ANYWHERE,
    storageClassName: "gp3",
    buckets: BUCKETS,
    applications: APPLICATIONS,
    ...changes,
  });
  const trino = minio.credentials("trino");
  new SecretV1(stack, "TrinoS3", {
    provider: kubernetesProvider,
    metadata: { name: "trino-s3", namespace: "trino" },
    data: { AWS_ACCESS_KEY_ID: trino.accessKey, AWS_SECRET_ACCESS_KEY: trino.secretKey },
  });
  return { minio, json: Testing.synth(stack) };
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
  tls = build({ tls: { certSecretName: "minio-tls" } });
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

  it("serves HTTPS from the TLS Secret, and its endpoint says so", () => {
    expect(parseYaml(valuesOf(tls.json).values[0])).toMatchObject({
      tls: { enabled: true, certSecret: "minio-tls", publicCrt: "tls.crt", privateKey: "tls.key" },
    });
    expect(tls.minio.endpoint).toBe("https://minio.minio.svc:9000");
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
