import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import {
  buildApp,
  environment,
  ENVIRONMENTS,
  namedResourcesOf,
  parse,
  resourcesOf,
  synthAll,
  terraformDelivered,
  type Json,
} from "../helpers/synth";

const DATA_ENVIRONMENTS = ["dev", "lab", "onprem", "outpost", "outpost-local", "prod"];
const S3_ENVIRONMENTS = ["dev", "outpost", "outpost-local", "prod"];
const MINIO_ENVIRONMENTS = ["lab", "onprem"];
/** Environments that run Spark (issue 15: at least lab and onprem). */
const SPARK_ENVIRONMENTS = ["dev", "lab", "onprem"];
/** Environments with `data.metastore: "hive"`. */
const METASTORE_ENVIRONMENTS = ["lab", "onprem"];

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Json;
};
const statementsOf = (policy: unknown) =>
  (JSON.parse(policy as string) as { Statement: Statement[] }).Statement;
/** Keys whose value would be a secret itself (charts then put it in the release history). */
const SECRET_KEYS =
  /^(?:password|rootPassword|secretKey|adminPassword|fernetKey|webserverSecretKey|jwtSecret)$/;
const literal = (value: unknown, key = ""): string[] =>
  Array.isArray(value)
    ? value.flatMap((v) => literal(v))
    : value && typeof value === "object"
      ? Object.entries(value)
          // `{secretName, secretKey}` names a key of a Secret (Airflow's `secret` list): a reference.
          .filter(([k]) => !(k === "secretKey" && "secretName" in value))
          .flatMap(([k, v]) => literal(v, k))
      : SECRET_KEYS.test(key) && typeof value === "string" && value !== ""
        ? [`${key}: ${value}`]
        : [];
/** SHA-256 of the passwords the seeds wrote in clear (../shared/seeds), so this file holds none of them. */
const SEED_PASSWORD_DIGESTS = [
  "ba1319494a9c59d38a62056e5b10dc45ee91d0d06f0cf291bb8bd64d8e13a354",
  "4d6a7f7c0441a3483f985e315cd40712c3f758ce5400e0ed27903623d67721b2",
  "07582b650b6dd1c3feb77d844ecb4651808c3d6f62fdd37e51daa119821cd2eb",
];

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe("data stacks", () => {
  let shipped: Map<string, string>;
  let synths: Map<string, string>;
  const data = (env: string) => synths.get(`${env}-data`)!;

  beforeAll(() => {
    shipped = synthAll(buildApp(ENVIRONMENTS));
    // The Terraform path's assertions below: onprem (Argo CD) again, delivered by Terraform (see data-gitops.test.ts).
    synths = new Map([...shipped, ...synthAll(buildApp([terraformDelivered(environment("onprem"))]))]);
  });

  it.each(DATA_ENVIRONMENTS)("%s-data matches the reviewed snapshot", (env) => {
    expect(parse(shipped.get(`${env}-data`)!)).toMatchSnapshot();
  });

  describe("namespaces", () => {
    it.each(DATA_ENVIRONMENTS)(
      "%s: baseline enforced, restricted warned and audited, privileged only for node-exporter and TopoLVM",
      (env) => {
        const namespaces = resourcesOf(data(env), "kubernetes_namespace_v1");
        const names = namespaces.map((n) => (n.metadata as Json).name).sort();
        const expected = ["airflow", "keda", "monitoring", "node-exporter", "platform-db", "trino"];
        expect(names).toEqual(
          [
            ...expected,
            ...(MINIO_ENVIRONMENTS.includes(env) ? ["minio"] : []),
            ...(SPARK_ENVIRONMENTS.includes(env) ? ["spark", "spark-operator"] : []),
            ...(METASTORE_ENVIRONMENTS.includes(env) ? ["hive-metastore"] : []),
            ...(env === "onprem" ? ["topolvm-system"] : []),
          ].sort(),
        );
        for (const namespace of namespaces) {
          const { name, labels, annotations } = namespace.metadata as {
            name: string;
            labels: Json;
            annotations?: Json;
          };
          expect(labels).toMatchObject({
            "pod-security.kubernetes.io/enforce":
              name === "node-exporter" || name === "topolvm-system" ? "privileged" : "baseline",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
          });
          if (name === "node-exporter")
            expect(annotations?.["dataplatform.io/privileged-reason"]).toMatch(/hostPID/);
          if (name === "topolvm-system")
            expect(annotations?.["dataplatform.io/privileged-reason"]).toMatch(/lvmd .* host PID/);
        }
      },
    );
  });

  describe("secrets", () => {
    it("writes no literal password and no generated value into any Helm release of any stack", () => {
      const releases = [...synths.entries()].flatMap(([name, json]) =>
        Object.values(namedResourcesOf(json, "helm_release")).map((r) => [name, JSON.stringify(r)] as const),
      );
      expect(releases.length).toBeGreaterThan(20);
      for (const [stack, release] of releases) {
        expect([stack, release]).not.toEqual([stack, expect.stringMatching(/random_password\./)]);
        const values = (JSON.parse(release).values ?? []) as string[];
        expect(values.flatMap((v) => literal(parseYaml(v)))).toEqual([]);
      }
    });

    it("finds a literal secret in values when there is one (the check above can fail)", () => {
      expect(
        literal({
          auth: { rootPassword: "x9", existingSecretKey: "secretKey" },
          users: [{ password: "p", secretKey: "k" }],
          secret: [{ secretName: "s", secretKey: "connection" }],
        }),
      ).toEqual(["rootPassword: x9", "password: p", "secretKey: k"]);
    });

    it("holds no literal secret anywhere in the synthesized output: seeds' passwords, default logins, access keys", () => {
      const everything = [...synths.values()].join("\n");
      // The seeds' passwords, by SHA-256 (never copied here): no word of the output hashes to one.
      const words = new Set(
        everything.split(/[^A-Za-z0-9]+/).map((w) => createHash("sha256").update(w).digest("hex")),
      );
      expect(words.size).toBeGreaterThan(1000);
      for (const digest of SEED_PASSWORD_DIGESTS) expect(words.has(digest)).toBe(false);
      const defaultLogin = ["admin", "admin"].join("/");
      expect(everything).not.toContain(defaultLogin);
      expect(everything).not.toMatch(/"password":\s*"admin"/);
      expect(everything).not.toMatch(/AKIA[0-9A-Z]{16}/);
      // Every password-like value in a Kubernetes Secret is a reference to a generated one.
      for (const json of synths.values()) {
        for (const secret of resourcesOf(json, "kubernetes_secret_v1")) {
          for (const [key, value] of Object.entries(secret.data as Record<string, string>)) {
            // A generated password, or a password file of generated bcrypt hashes (Trino's `password.db`).
            if (/password|secret/i.test(key))
              expect(value).toMatch(
                /^(?:\$\{random_password\.[^}]+\.result\}|(?:[\w-]+:\$\{random_password\.[^}]+\.bcrypt_hash\}\n)+)$/,
              );
          }
        }
      }
    });

    it("gives Airflow a metadata connection and Trino its catalog credentials, after the bootstrap Job", () => {
      const secrets = namedResourcesOf(data("dev"), "kubernetes_secret_v1");
      const byName = Object.fromEntries(Object.values(secrets).map((s) => [(s.metadata as Json).name, s]));
      expect((byName["airflow-metadata"].metadata as Json).namespace).toBe("airflow");
      expect((byName["airflow-metadata"].data as Json).connection).toMatch(
        /^postgresql:\/\/airflow:\$\{random_password\.[^}]+\}@\$\{[^}]+address\}:\$\{[^}]+port\}\/airflow\?sslmode=require$/,
      );
      expect(Object.keys(byName["iceberg-catalog"].data as Json).sort()).toEqual([
        "jdbc-url",
        "password",
        "user",
      ]);
      for (const name of ["airflow-metadata", "iceberg-catalog"]) {
        expect(byName[name].depends_on).toEqual([
          expect.stringMatching(/^kubernetes_job_v1\.Databases_Bootstrap/),
        ]);
      }
    });
  });

  describe("PostgreSQL bootstrap", () => {
    it.each(DATA_ENVIRONMENTS)(
      "%s runs the bootstrap as a Job Terraform waits for, named after its content",
      (env) => {
        const [job] = resourcesOf(data(env), "kubernetes_job_v1");
        expect(job.wait_for_completion).toBe(true);
        expect((job.metadata as Json).name).toMatch(/^postgres-bootstrap-[0-9a-f]{10}$/);
      },
    );

    it("reads the RDS master secret when the Job runs, through a role bound to the Job's service account", () => {
      const [job] = resourcesOf(data("dev"), "kubernetes_job_v1");
      const spec = ((job.spec as Json).template as Json).spec as Json;
      expect(spec.service_account_name).toBe("postgres-bootstrap");
      const [init] = spec.init_container as Json[];
      expect(init.command).toEqual([
        "sh",
        "-c",
        expect.stringContaining("aws secretsmanager get-secret-value"),
      ]);
      const roles = Object.values(namedResourcesOf(data("dev"), "aws_iam_role_policy"));
      const reader = roles.find((r) => r.name === "ReadOneSecret")!;
      expect(statementsOf(reader.policy).map((s) => actions(s))).toEqual([
        ["secretsmanager:GetSecretValue"],
        ["kms:Decrypt"],
      ]);
    });

    it("runs an in-cluster PostgreSQL, non-root with a generated superuser password, where the database is in-cluster", () => {
      for (const env of MINIO_ENVIRONMENTS) {
        const [server] = resourcesOf(data(env), "kubernetes_stateful_set_v1");
        const pod = ((server.spec as Json).template as Json).spec as Json;
        expect(pod.security_context).toMatchObject({ run_as_non_root: true, run_as_user: "999" });
        const [container] = pod.container as Json[];
        expect(container.image).toBe("docker.io/library/postgres:16.13-bookworm");
        expect(container.env).toContainEqual({
          name: "POSTGRES_PASSWORD",
          value_from: { secret_key_ref: { name: "postgres-superuser", key: "password" } },
        });
        expect(pod.automount_service_account_token).toBe(false);
      }
    });

    it("admits connections to the in-cluster PostgreSQL only from the namespaces of its databases and its own", () => {
      expect(MINIO_ENVIRONMENTS.length).toBeGreaterThan(0);
      for (const env of MINIO_ENVIRONMENTS) {
        const policies = Object.entries(namedResourcesOf(data(env), "kubernetes_network_policy_v1")).filter(
          ([name]) => name.startsWith("Databases_Server_NetworkPolicy"),
        );
        expect(policies).toHaveLength(1);
        const spec = policies[0][1].spec as Json;
        expect(spec.pod_selector).toEqual({
          match_labels: { "app.kubernetes.io/component": "database", "app.kubernetes.io/name": "postgres" },
        });
        const [rule] = spec.ingress as Json[];
        expect(rule.ports).toEqual([{ port: "5432", protocol: "TCP" }]);
        const namespaces = (rule.from as Json[]).map(
          (from) => ((from.namespace_selector as Json).match_labels as Json)["kubernetes.io/metadata.name"],
        );
        // The bootstrap Job's, Airflow's, Trino's (Iceberg's JDBC catalog) and, with Hive, the metastore's.
        const hive = environment(env).data.metastore === "hive";
        expect(namespaces.sort()).toEqual(
          ["airflow", "platform-db", "trino", ...(hive ? ["hive-metastore"] : [])].sort(),
        );
      }
    });

    it("hands every bootstrap pod no Kubernetes API token", () => {
      for (const env of DATA_ENVIRONMENTS) {
        const [job] = resourcesOf(data(env), "kubernetes_job_v1");
        expect((((job.spec as Json).template as Json).spec as Json).automount_service_account_token).toBe(
          false,
        );
      }
    });
  });

  describe("object store on S3", () => {
    it.each(S3_ENVIRONMENTS)(
      "%s: four buckets (seven with Spark), all private, KMS-encrypted, TLS-only; the exchange expires after a day, unversioned",
      (env) => {
        const spark = SPARK_ENVIRONMENTS.includes(env);
        const logical = [
          "airflow-dags",
          "airflow-logs",
          "trino-data",
          "trino-exchange",
          ...(spark ? ["spark-events", "spark-jars", "spark-warehouse"] : []),
        ].sort();
        const buckets = resourcesOf(data(env), "aws_s3_bucket")
          .map((b) => b.bucket)
          .sort();
        expect(buckets).toEqual(logical.map((b) => `dataplatform-${env}-${b}-111111111111`));
        expect(resourcesOf(data(env), "aws_s3_bucket_public_access_block")).toHaveLength(logical.length);
        for (const block of resourcesOf(data(env), "aws_s3_bucket_public_access_block")) {
          expect(block).toMatchObject({
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
          });
        }
        for (const sse of resourcesOf(data(env), "aws_s3_bucket_server_side_encryption_configuration")) {
          expect((sse.rule as Json[])[0]).toMatchObject({
            apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" },
          });
        }
        for (const policy of resourcesOf(data(env), "aws_s3_bucket_policy")) {
          expect(statementsOf(policy.policy).map((s) => s.Sid)).toEqual([
            "DenyInsecureTransport",
            "DenyOutdatedTls",
          ]);
        }
        // Every bucket but the exchange keeps versions.
        expect(resourcesOf(data(env), "aws_s3_bucket_versioning")).toHaveLength(logical.length - 1);
        const rules = resourcesOf(data(env), "aws_s3_bucket_lifecycle_configuration").flatMap(
          (l) => l.rule as Json[],
        );
        expect(rules).toHaveLength(logical.length);
        expect(rules.filter((r) => r.expiration)).toEqual([
          expect.objectContaining({ expiration: [{ days: 1 }] }),
        ]);
        for (const rule of rules)
          expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
        expect(onlyKey(data(env)).enable_key_rotation).toBe(true);
      },
    );

    it("grants Trino and Airflow only their buckets, DAGs read-only, the key only through S3", () => {
      const policies = Object.values(namedResourcesOf(data("dev"), "aws_iam_role_policy"));
      const trino = statementsOf(policies.find((p) => p.name === "trino-object-store")!.policy);
      const airflow = statementsOf(policies.find((p) => p.name === "airflow-object-store")!.policy);
      expect(trino.map((s) => s.Sid)).toEqual([
        "ListItsBuckets",
        "ReadItsObjects",
        "WriteItsObjects",
        "UseTheBucketsKeyThroughS3",
      ]);
      const write = airflow.find((s) => s.Sid === "WriteItsObjects")!;
      expect(JSON.stringify(write.Resource)).toContain("airflow-logs");
      expect(JSON.stringify(write.Resource)).not.toContain("airflow-dags");
      for (const s of [...trino, ...airflow]) {
        expect(actions(s).every((a) => a !== "*" && !a.endsWith(":*"))).toBe(true);
        expect(s.Resource).not.toBe("*");
      }
      expect(trino.at(-1)!.Condition).toEqual({
        StringEquals: { "kms:ViaService": "s3.eu-west-3.amazonaws.com" },
      });
    });

    it("binds the roles through Pod Identity to Trino's and Airflow's service accounts", () => {
      const associations = resourcesOf(data("dev"), "aws_eks_pod_identity_association");
      const accounts = associations.map((a) => `${a.namespace}/${a.service_account}`).sort();
      expect(accounts).toEqual([
        "airflow/airflow-api-server",
        "airflow/airflow-dag-processor",
        "airflow/airflow-scheduler",
        "airflow/airflow-triggerer",
        "airflow/airflow-worker",
        "platform-db/postgres-bootstrap",
        "spark/spark",
        "spark/spark-history-server",
        "trino/trino",
      ]);
    });

    it("puts the grants on the rack nodes' role on a local cluster (no Pod Identity or IRSA there)", () => {
      expect(resourcesOf(data("outpost-local"), "aws_iam_role")).toEqual([]);
      const policies = resourcesOf(data("outpost-local"), "aws_iam_role_policy");
      expect(policies.map((p) => p.name).sort()).toEqual([
        "airflow-object-store",
        "postgres-bootstrap-secret",
        "trino-object-store",
      ]);
      for (const policy of policies) expect(policy.role).toMatch(/OutpostNodes_NodeRole.*name/);
    });

    it("tells each application its endpoint, region, path style and buckets", () => {
      const settings = resourcesOf(data("dev"), "kubernetes_config_map_v1").filter(
        (c) => (c.metadata as Json).name === "object-store",
      );
      // Trino, Airflow and (dev runs Spark) the Spark jobs.
      expect(settings).toHaveLength(3);
      const trino = settings.find((c) => (c.metadata as Json).namespace === "trino")!;
      expect(trino.data).toMatchObject({
        endpoint: "https://s3.eu-west-3.amazonaws.com",
        region: "eu-west-3",
        pathStyleAccess: "false",
        "bucket.trino-data": "dataplatform-dev-trino-data-111111111111",
      });
    });
  });

  describe("MinIO over TLS (onprem)", () => {
    it("asks the cluster's cert-manager for MinIO's certificate, and MinIO waits for it to be Ready", () => {
      const manifests = Object.entries(namedResourcesOf(data("onprem"), "kubernetes_manifest"));
      expect(manifests).toHaveLength(1);
      const [id, certificate] = manifests[0];
      expect(certificate.manifest).toMatchObject({
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "minio-tls", namespace: "minio" },
        spec: {
          secretName: "minio-tls",
          issuerRef: { kind: "ClusterIssuer", name: "site-ca", group: "cert-manager.io" },
          dnsNames: expect.arrayContaining(["minio.minio.svc", "*.minio-svc.minio.svc"]),
        },
      });
      expect(certificate.wait).toEqual({ condition: [{ type: "Ready", status: "True" }] });
      const minio = resourcesOf(data("onprem"), "helm_release").find((r) => r.chart === "minio")!;
      expect(minio.depends_on).toContain(`kubernetes_manifest.${id}`);
    });

    it("reads the CA from cert-manager's namespace and publishes it to every consumer", () => {
      const source = parse(data("onprem")).data?.kubernetes_secret_v1 ?? {};
      expect(Object.values(source).map((s) => s.metadata)).toEqual([
        { name: "site-ca-public", namespace: "cert-manager" },
      ]);
      const cas = resourcesOf(data("onprem"), "kubernetes_config_map_v1").filter(
        (c) => (c.metadata as Json).name === "platform-ca",
      );
      expect(cas.map((c) => (c.metadata as Json).namespace).sort()).toEqual([
        "airflow",
        "hive-metastore",
        "minio",
        "spark",
        "trino",
      ]);
    });
  });

  describe("object store on MinIO", () => {
    it.each(MINIO_ENVIRONMENTS)(
      "%s: MinIO with a user per application, whose credentials reach the application's namespace",
      (env) => {
        const release = resourcesOf(data(env), "helm_release").find((r) => r.chart === "minio")!;
        const values = parseYaml((release.values as string[])[0]) as Json;
        expect(values).toMatchObject({ mode: "standalone", existingSecret: "minio-root" });
        const credentials = resourcesOf(data(env), "kubernetes_secret_v1").filter(
          (s) => (s.metadata as Json).name === "object-store-credentials",
        );
        expect(credentials.map((s) => (s.metadata as Json).namespace).sort()).toEqual(
          [
            "airflow",
            "trino",
            ...(SPARK_ENVIRONMENTS.includes(env) ? ["spark"] : []),
            ...(METASTORE_ENVIRONMENTS.includes(env) ? ["hive-metastore"] : []),
          ].sort(),
        );
        const settings = resourcesOf(data(env), "kubernetes_config_map_v1").find(
          (c) => (c.metadata as Json).name === "object-store" && (c.metadata as Json).namespace === "trino",
        )!;
        expect(settings.data).toMatchObject({
          // onprem's MinIO serves TLS (data.minio.tlsSecretName).
          endpoint: env === "onprem" ? "https://minio.minio.svc:9000" : "http://minio.minio.svc:9000",
          pathStyleAccess: "true",
        });
      },
    );
  });

  describe("releases", () => {
    it.each(DATA_ENVIRONMENTS)(
      "%s: KEDA after Prometheus (its ServiceMonitors need the CRDs), every release after its namespace",
      (env) => {
        const releases = namedResourcesOf(data(env), "helm_release");
        const byChart = Object.fromEntries(
          Object.entries(releases).map(([name, r]) => [r.chart, { name, r }]),
        );
        expect(byChart.keda.r.depends_on).toEqual(
          expect.arrayContaining([`helm_release.${byChart["kube-prometheus-stack"].name}`]),
        );
        for (const chart of [
          "keda",
          "kube-prometheus-stack",
          ...(MINIO_ENVIRONMENTS.includes(env) ? ["minio"] : []),
        ]) {
          expect(byChart[chart].r.depends_on).toEqual(
            expect.arrayContaining([expect.stringMatching(/^kubernetes_namespace_v1\./)]),
          );
        }
      },
    );

    it.each(["dev", "lab"])(
      "%s (small profile) divides every request and limit of every release by 20",
      (env) => {
        const releases = resourcesOf(data(env), "helm_release");
        expect(releases.length).toBeGreaterThanOrEqual(3);
        let blocks = 0;
        const visit = (value: unknown, key = ""): void => {
          if (Array.isArray(value)) value.forEach((v) => visit(v));
          else if (value && typeof value === "object") {
            if (key === "resources") {
              blocks += 1;
              const { requests, limits } = value as { requests?: Json; limits?: Json };
              for (const quantities of [requests, limits]) {
                // A divided quantity is written in Mi; Airflow's memory-limit floors (1Gi, 512Mi) are
                // the exception, asserted in test/constructs/addons/airflow/values.test.ts.
                const floor = quantities === limits && ["1Gi", "512Mi"].includes(String(quantities?.memory));
                if (quantities?.memory && !floor) expect(String(quantities.memory)).toMatch(/^\d+Mi$/);
                if (quantities?.cpu) expect(String(quantities.cpu)).toMatch(/^\d+m$/);
              }
            }
            Object.entries(value).forEach(([k, v]) => visit(v, k));
          }
        };
        for (const release of releases) visit(parseYaml((release.values as string[])[0]));
        expect(blocks).toBeGreaterThan(5);
      },
    );
  });
});

function onlyKey(json: string): Json {
  const keys = resourcesOf(json, "aws_kms_key");
  if (keys.length !== 1) throw new Error(`expected one KMS key, found ${keys.length}`);
  return keys[0];
}
