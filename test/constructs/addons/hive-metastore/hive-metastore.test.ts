import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import type { S3aTarget } from "../../../../constructs/addons/common/s3a";
import {
  HiveMetastore,
  type HiveMetastoreProps,
} from "../../../../constructs/addons/hive-metastore/hive-metastore";
import { PlatformDatabases } from "../../../../constructs/database/platform-databases";
import { applyGuardrails } from "../../../../constructs/guardrails/apply";
import { errorAnnotations, onlyResource, parse, resourcesOf } from "../../../helpers/synth";

type Props = Omit<HiveMetastoreProps, "provider">;
type Json = Record<string, unknown>;
interface EnvVar {
  name: string;
  value?: string;
  value_from?: { secret_key_ref?: { name: string; key: string } };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  volume_mount?: Array<{ name: string; mount_path: string; sub_path?: string; read_only?: boolean }>;
  security_context?: Json;
  resources?: { requests: Record<string, string>; limits: Record<string, string> };
  readiness_probe?: Json;
  liveness_probe?: Json;
  port?: Array<{ name: string; container_port: number }>;
}
interface PodSpec {
  service_account_name: string;
  automount_service_account_token: boolean;
  enable_service_links: boolean;
  security_context: Json;
  node_selector?: Record<string, string>;
  toleration?: Json[];
  init_container: Container[];
  container: Container[];
  volume: Array<{ name: string; empty_dir?: Json; config_map?: { name: string; items?: Json[] } }>;
}
interface Deployment {
  metadata: { name: string; namespace: string };
  spec: {
    replicas: string;
    strategy: { type: string };
    selector: { match_labels: Json };
    template: { metadata: { labels: Json; annotations: Record<string, string> }; spec: PodSpec };
  };
  wait_for_rollout: boolean;
  depends_on: string[];
}

/** The Docker Hub tag of Hive 4.0.0's official image (the last 4.x serving `get_table`). */
const IMAGE = "apache/hive:4.0.0";
/** Maven Central's file and the SHA-256 of org.postgresql:postgresql:42.7.8 (computed from the download). */
const JDBC_URL = "https://repo1.maven.org/maven2/org/postgresql/postgresql/42.7.8/postgresql-42.7.8.jar";
const JDBC_SHA256 = "2a32a9dcbc42d67a50ad3a0de5efd102c8d2be46720045f2cbd6689f160ab7c7";
const S3: S3aTarget = {
  endpoint: "https://s3.eu-west-3.amazonaws.com",
  region: "eu-west-3",
  pathStyleAccess: false,
  credentials: { type: "aws-default-chain" },
};
const MINIO: S3aTarget = {
  endpoint: "https://minio.minio.svc:9000",
  region: "us-east-1",
  pathStyleAccess: true,
  credentials: { type: "secret", secretName: "metastore-s3" },
};
const BASE: Props = {
  namespace: "hive-metastore",
  databaseSecretName: "hive-metastore-db",
  warehouseBucket: "platform-warehouse",
  s3a: S3,
  profile: { name: "standard" },
  placement: {},
};
const MINIO_CA: Partial<Props> = { s3a: MINIO, caBundle: { configMapName: "platform-ca" } };

function build(changes: Partial<Props> = {}): { stack: TerraformStack; metastore: HiveMetastore } {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new KubernetesProvider(stack, "kubernetes", {});
  const metastore = new HiveMetastore(stack, "Metastore", { provider, ...BASE, ...changes });
  return { stack, metastore };
}
const synth = (changes: Partial<Props> = {}): string => Testing.synth(build(changes).stack);
const deploymentOf = (json: string) =>
  onlyResource(json, "kubernetes_deployment_v1") as unknown as Deployment;
const podOf = (json: string) => deploymentOf(json).spec.template.spec;
const metastoreOf = (json: string) => {
  const containers = podOf(json).container;
  expect(containers).toHaveLength(1);
  return containers[0];
};
const envOf = (container: Container) => Object.fromEntries((container.env ?? []).map((e) => [e.name, e]));
const serviceOpts = (json: string) => envOf(metastoreOf(json)).SERVICE_OPTS.value!.split(" ");
/** hive-site.xml as the pod reads it (Terraform turns `$${` back into `${`). */
const hiveSite = (json: string) => {
  const data = (onlyResource(json, "kubernetes_config_map_v1") as { data: Record<string, string> }).data;
  return data["hive-site.xml"].replace(/\$\$\{/g, "${");
};
const property = (xml: string, name: string) =>
  new RegExp(`<name>${name.replace(/\./g, "\\.")}</name>\\s*<value>([^<]*)</value>`).exec(xml)?.[1];

let s3: string;
let minioCa: string;
beforeAll(() => {
  s3 = synth();
  minioCa = synth(MINIO_CA);
});

describe("Hive Metastore", () => {
  it("matches the reviewed resources (MinIO with a CA)", () => {
    expect(parse(minioCa).resource).toMatchSnapshot();
  });

  it("passes the platform's guardrails (pinned images, no literal secret)", () => {
    const { stack } = build(MINIO_CA);
    applyGuardrails(stack, { requiredTagKeys: ["Project"] });
    expect(errorAnnotations(stack)).toEqual([]);
  });

  it("runs the pinned apache/hive 4.0.0 image, its entrypoint untouched", () => {
    const metastore = metastoreOf(s3);
    expect(metastore.image).toBe(IMAGE);
    expect(metastore.command).toBeUndefined();
    expect(metastore.args).toBeUndefined();
  });

  it("leaves the schema to the entrypoint's schematool -initOrUpgradeSchema (no IS_RESUME)", () => {
    const env = envOf(metastoreOf(s3));
    expect(env.SERVICE_NAME.value).toBe("metastore");
    expect(env.DB_DRIVER.value).toBe("postgres");
    expect(env.IS_RESUME).toBeUndefined();
    expect(env.SKIP_SCHEMA_INIT).toBeUndefined();
    expect(env.SCHEMA_COMMAND).toBeUndefined();
    const inits = podOf(s3).init_container;
    expect(inits).toHaveLength(1);
    expect(JSON.stringify(inits)).not.toContain("schematool");
  });

  it("is one replica of a Deployment, replaced with Recreate, Terraform waiting for its rollout", () => {
    const deployment = deploymentOf(s3);
    expect(deployment.metadata).toEqual(
      expect.objectContaining({ name: "hive-metastore", namespace: "hive-metastore" }),
    );
    expect(deployment.spec.replicas).toBe("1");
    expect(deployment.spec.strategy).toEqual({ type: "Recreate" });
    expect(deployment.wait_for_rollout).toBe(true);
    expect(deployment.depends_on).toHaveLength(2);
    expect(deployment.depends_on[0]).toMatch(/^kubernetes_service_account_v1\./);
    expect(deployment.depends_on[1]).toMatch(/^kubernetes_config_map_v1\./);
    expect(deployment.spec.template.metadata.annotations["checksum/hive-site"]).toMatch(
      /^\$\{sha256\(jsonencode\(kubernetes_config_map_v1\.[^.]+\.data\)\)\}$/,
    );
  });

  it("fetches the PostgreSQL JDBC driver, checked against its SHA-256, onto HADOOP_CLASSPATH", () => {
    const [fetch] = podOf(s3).init_container;
    expect(fetch.name).toBe("fetch-jars");
    expect(fetch.args).toHaveLength(1);
    expect(fetch.args![0]).toContain(`-o /jars/postgresql-42.7.8.jar ${JDBC_URL}`);
    expect(fetch.args![0]).toContain(`echo "${JDBC_SHA256}  /jars/postgresql-42.7.8.jar" | sha256sum -c -`);
    expect(fetch.volume_mount).toHaveLength(1);
    const volume = fetch.volume_mount![0].name;
    expect(podOf(s3).volume.find((v) => v.name === volume)?.empty_dir).toBeDefined();
    const metastore = metastoreOf(s3);
    const mount = metastore.volume_mount!.find((m) => m.name === volume);
    expect(mount).toEqual({ name: volume, mount_path: "/opt/metastore-jars", read_only: true });
    expect(envOf(metastore).HADOOP_CLASSPATH.value).toBe("/opt/metastore-jars/postgresql-42.7.8.jar");
  });

  it("downloads the driver from the mirror when one is given", () => {
    const [fetch] = podOf(
      synth({ jarMirror: "https://nexus.example.com/repository/maven-central/" }),
    ).init_container;
    expect(fetch.args![0]).toContain(
      "https://nexus.example.com/repository/maven-central/org/postgresql/postgresql/42.7.8/postgresql-42.7.8.jar",
    );
    expect(fetch.args![0]).not.toContain("repo1.maven.org");
  });

  it("takes S3A from the image's Hadoop tools (HADOOP_OPTIONAL_TOOLS=hadoop-aws), not extra jars", () => {
    expect(envOf(metastoreOf(s3)).HADOOP_OPTIONAL_TOOLS.value).toBe("hadoop-aws");
    expect(podOf(s3).init_container[0].args![0]).not.toContain("hadoop-aws");
  });

  it("reads the database URL, user and password from the jdbc Secret only, by secretKeyRef", () => {
    const env = envOf(metastoreOf(s3));
    const ref = (key: string) => ({ secret_key_ref: { name: "hive-metastore-db", key } });
    expect(env.METASTORE_DB_URL).toEqual({ name: "METASTORE_DB_URL", value_from: ref("jdbc-url") });
    expect(env.METASTORE_DB_USER).toEqual({ name: "METASTORE_DB_USER", value_from: ref("user") });
    expect(env.METASTORE_DB_PASSWORD).toEqual({
      name: "METASTORE_DB_PASSWORD",
      value_from: ref("password"),
    });
    const site = hiveSite(s3);
    expect(property(site, "javax.jdo.option.ConnectionURL")).toBe("${env.METASTORE_DB_URL}");
    expect(property(site, "javax.jdo.option.ConnectionUserName")).toBe("${env.METASTORE_DB_USER}");
    expect(property(site, "javax.jdo.option.ConnectionPassword")).toBe("${env.METASTORE_DB_PASSWORD}");
    expect(property(site, "javax.jdo.option.ConnectionDriverName")).toBe("org.postgresql.Driver");
    // Not on the command line, which the entrypoint's `set -x` prints.
    expect(serviceOpts(s3).join(" ")).not.toMatch(/javax\.jdo|Password|METASTORE_DB/);
  });

  it("escapes Hadoop's ${env.…} for Terraform in the ConfigMap", () => {
    const raw = (onlyResource(s3, "kubernetes_config_map_v1") as { data: Record<string, string> }).data[
      "hive-site.xml"
    ];
    expect(raw).toContain("<value>$${env.METASTORE_DB_PASSWORD}</value>");
    expect(raw).not.toMatch(/[^$]\$\{env\./);
  });

  it("reads the keys the platform writes into a jdbc database Secret", () => {
    const stack = new TerraformStack(Testing.app(), "databases");
    const provider = new KubernetesProvider(stack, "kubernetes", {});
    new PlatformDatabases(stack, "Databases", {
      provider,
      namespace: "platform-db",
      server: { type: "in-cluster" },
      databases: [
        { name: "metastore", namespace: "hive-metastore", secretName: "hive-metastore-db", format: "jdbc" },
      ],
      profile: { name: "standard" },
      placement: {},
    });
    const secrets = resourcesOf(Testing.synth(stack), "kubernetes_secret_v1").filter(
      (s) => (s.metadata as { name: string }).name === "hive-metastore-db",
    );
    expect(secrets).toHaveLength(1);
    expect(secrets[0].metadata).toEqual(expect.objectContaining({ namespace: "hive-metastore" }));
    const keys = Object.keys(secrets[0].data as Json).sort();
    const read = Object.values(envOf(metastoreOf(s3)))
      .map((e) => e.value_from?.secret_key_ref)
      .filter((r) => r?.name === "hive-metastore-db")
      .map((r) => r!.key)
      .sort();
    expect(read).toEqual(["jdbc-url", "password", "user"]);
    expect(keys).toEqual(read);
  });

  it("puts the warehouse at the root of its bucket, over S3A", () => {
    const site = hiveSite(s3);
    expect(property(site, "hive.metastore.warehouse.dir")).toBe("s3a://platform-warehouse/");
    expect(property(site, "hive.metastore.warehouse.external.dir")).toBe("s3a://platform-warehouse/");
  });

  it("configures S3A for S3: virtual-host style, the SDK's default chain (IRSA), no key pair", () => {
    const site = hiveSite(s3);
    expect(property(site, "fs.s3a.impl")).toBe("org.apache.hadoop.fs.s3a.S3AFileSystem");
    expect(property(site, "fs.s3a.endpoint")).toBe("https://s3.eu-west-3.amazonaws.com");
    expect(property(site, "fs.s3a.endpoint.region")).toBe("eu-west-3");
    expect(property(site, "fs.s3a.path.style.access")).toBe("false");
    expect(property(site, "fs.s3a.aws.credentials.provider")).toBe(
      "com.amazonaws.auth.DefaultAWSCredentialsProviderChain",
    );
    const env = envOf(metastoreOf(s3));
    expect(env.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
  });

  it("configures S3A for MinIO: path style, the key pair from its Secret in the environment", () => {
    const site = hiveSite(minioCa);
    expect(property(site, "fs.s3a.endpoint")).toBe("https://minio.minio.svc:9000");
    expect(property(site, "fs.s3a.path.style.access")).toBe("true");
    expect(property(site, "fs.s3a.aws.credentials.provider")).toBe(
      "com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
    );
    const env = envOf(metastoreOf(minioCa));
    expect(env.AWS_ACCESS_KEY_ID.value_from).toEqual({
      secret_key_ref: { name: "metastore-s3", key: "accessKey" },
    });
    expect(env.AWS_SECRET_ACCESS_KEY.value_from).toEqual({
      secret_key_ref: { name: "metastore-s3", key: "secretKey" },
    });
  });

  it("mounts its hive-site.xml over the image's, read-only", () => {
    const mount = metastoreOf(s3).volume_mount!.find((m) => m.mount_path === "/opt/hive/conf/hive-site.xml");
    expect(mount).toEqual(
      expect.objectContaining({ sub_path: "hive-site.xml", read_only: true, name: "hive-site" }),
    );
    expect(podOf(s3).volume.find((v) => v.name === "hive-site")?.config_map).toEqual({
      name: "hive-metastore-site",
      items: [{ key: "hive-site.xml", path: "hive-site.xml" }],
    });
  });

  it("serves Thrift on 9083 through a ClusterIP Service, probed over TCP, at thrift://hive-metastore.<ns>.svc:9083", () => {
    const service = onlyResource(s3, "kubernetes_service_v1") as {
      metadata: { name: string; namespace: string };
      spec: { type: string; port: Json[]; selector: Json };
    };
    expect(service.metadata).toEqual(
      expect.objectContaining({ name: "hive-metastore", namespace: "hive-metastore" }),
    );
    expect(service.spec.type).toBe("ClusterIP");
    expect(service.spec.port).toEqual([{ name: "thrift", port: 9083, target_port: "9083" }]);
    expect(service.spec.selector).toEqual(deploymentOf(s3).spec.template.metadata.labels);
    const metastore = metastoreOf(s3);
    expect(metastore.port).toEqual([{ name: "thrift", container_port: 9083 }]);
    expect(envOf(metastore).METASTORE_PORT.value).toBe("9083");
    expect(metastore.readiness_probe).toEqual(expect.objectContaining({ tcp_socket: { port: "9083" } }));
    expect(metastore.liveness_probe).toEqual(expect.objectContaining({ tcp_socket: { port: "9083" } }));
    expect(build().metastore.uri).toBe("thrift://hive-metastore.hive-metastore.svc:9083");
  });

  it("runs as the image's non-root hive user (1000) with RuntimeDefault seccomp, no escalation, no capabilities", () => {
    const pod = podOf(minioCa);
    expect(pod.security_context).toEqual({
      run_as_non_root: true,
      run_as_user: "1000",
      run_as_group: "1000",
      fs_group: "1000",
      seccomp_profile: { type: "RuntimeDefault" },
    });
    expect(pod.automount_service_account_token).toBe(false);
    expect(pod.enable_service_links).toBe(false);
    const containers = [...pod.init_container, ...pod.container];
    expect(containers).toHaveLength(3);
    for (const container of containers) {
      expect(container.security_context).toEqual(
        expect.objectContaining({ allow_privilege_escalation: false, capabilities: { drop: ["ALL"] } }),
      );
    }
  });

  it("sizes the container and gives the heap three quarters of its memory limit, floored at 1Gi when small", () => {
    const standard = metastoreOf(s3);
    // No CPU limit (a throttled JVM runs schematool for minutes); memory requested as limited.
    expect(standard.resources).toEqual({
      requests: { cpu: "250m", memory: "2Gi" },
      limits: { memory: "2Gi" },
    });
    expect(serviceOpts(s3)).toContain("-Xmx1536m");
    const small = synth({ profile: { name: "small", divisor: 20 } });
    expect(metastoreOf(small).resources).toEqual({
      requests: { cpu: "100m", memory: "1Gi" },
      limits: { memory: "1Gi" },
    });
    expect(serviceOpts(small)).toContain("-Xmx768m");
  });

  it("trusts the platform CA only when given one, with a JKS truststore for the image's Java 8", () => {
    expect(podOf(s3).init_container.map((c) => c.name)).toEqual(["fetch-jars"]);
    expect(podOf(s3).volume.map((v) => v.name)).toEqual(["jdbc-driver", "hive-site"]);
    expect(serviceOpts(s3)).toEqual(["-Xmx1536m"]);

    const pod = podOf(minioCa);
    expect(pod.init_container.map((c) => c.name)).toEqual(["fetch-jars", "build-truststore"]);
    expect(pod.init_container[1].image).toBe(IMAGE);
    expect(pod.volume.find((v) => v.name === "platform-ca")?.config_map).toEqual({ name: "platform-ca" });
    expect(metastoreOf(minioCa).volume_mount).toContainEqual({
      name: "platform-truststore",
      mount_path: "/etc/platform-truststore",
      read_only: true,
    });
    const opts = serviceOpts(minioCa);
    expect(opts).toEqual(
      expect.arrayContaining([
        "-Djavax.net.ssl.trustStore=/etc/platform-truststore/cacerts",
        "-Djavax.net.ssl.trustStoreType=JKS",
      ]),
    );
    expect(opts.filter((o) => o.startsWith("-Djavax.net.ssl.trustStoreType="))).toHaveLength(1);
  });

  it("annotates its service account with the IRSA role when given, without an API token", () => {
    const account = (json: string) =>
      onlyResource(json, "kubernetes_service_account_v1") as {
        metadata: { name: string; annotations?: Json };
        automount_service_account_token: boolean;
      };
    expect(account(s3).metadata.name).toBe("hive-metastore");
    expect(account(s3).metadata.annotations).toBeUndefined();
    expect(account(s3).automount_service_account_token).toBe(false);
    const arn = "arn:aws:iam::123456789012:role/dev-hive-metastore";
    expect(account(synth({ irsaRoleArn: arn })).metadata.annotations).toEqual({
      "eks.amazonaws.com/role-arn": arn,
    });
    expect(podOf(s3).service_account_name).toBe("hive-metastore");
  });

  it("places the pod on the given nodes", () => {
    const pod = podOf(
      synth({
        placement: {
          nodeSelector: { "node.dataplatform.io/pool": "system" },
          tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
        },
      }),
    );
    expect(pod.node_selector).toEqual({ "node.dataplatform.io/pool": "system" });
    expect(pod.toleration).toEqual([{ key: "CriticalAddonsOnly", operator: "Exists" }]);
  });

  describe("refuses", () => {
    it("a warehouse bucket that is not an S3 bucket name", () => {
      expect(() => build({ warehouseBucket: "Warehouse_Bucket" })).toThrow(
        /warehouseBucket: expected an S3 bucket name.*"Warehouse_Bucket"/,
      );
      expect(() => build({ warehouseBucket: "s3a://platform-warehouse/" })).toThrow(/warehouseBucket/);
      expect(() => build({ warehouseBucket: "a..b" })).toThrow(/warehouseBucket/);
    });

    it("an IRSA role that is not an IAM role ARN", () => {
      expect(() => build({ irsaRoleArn: "dev-hive-metastore" })).toThrow(
        /irsaRoleArn: expected arn:aws:iam::<account>:role\/<name>, received "dev-hive-metastore"/,
      );
    });

    it("a jar mirror that is not an http(s) URL", () => {
      expect(() => build({ jarMirror: "nexus.example.com" })).toThrow(
        /jarMirror: expected an http\(s\) URL, received "nexus.example.com"/,
      );
    });

    it("an empty database Secret name", () => {
      expect(() => build({ databaseSecretName: " " })).toThrow(/databaseSecretName: must not be empty/);
    });

    it("but accepts a bucket name known only at apply time", () => {
      const stack = new TerraformStack(Testing.app(), "token");
      const provider = new KubernetesProvider(stack, "kubernetes", {});
      const bucket = new TerraformVariable(stack, "bucket", { type: "string" }).stringValue;
      expect(
        () => new HiveMetastore(stack, "Metastore", { provider, ...BASE, warehouseBucket: bucket }),
      ).not.toThrow();
    });
  });

  it("admits only its client namespaces to the Thrift port when given them (it has no authentication)", () => {
    expect(resourcesOf(synth(), "kubernetes_network_policy_v1")).toEqual([]);
    const policy = onlyResource(
      synth({ clientNamespaces: ["trino", "spark"] }),
      "kubernetes_network_policy_v1",
    ) as {
      spec: {
        pod_selector: unknown;
        policy_types: string[];
        ingress: Array<{ ports: unknown; from: unknown }>;
      };
    };
    expect(policy.spec.policy_types).toEqual(["Ingress"]);
    expect(policy.spec.pod_selector).toEqual({
      match_labels: {
        "app.kubernetes.io/name": "hive-metastore",
        "app.kubernetes.io/component": "metastore",
      },
    });
    expect(policy.spec.ingress).toEqual([
      {
        ports: [{ port: "9083", protocol: "TCP" }],
        from: [
          { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "trino" } } },
          { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "spark" } } },
        ],
      },
    ]);
  });
});
