import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformLocal, TerraformStack, Testing } from "cdktf";
import type { S3aTarget } from "../../../../constructs/addons/common/s3a";
import { S3A_JARS } from "../../../../constructs/addons/common/pinned-jars";
import {
  SparkHistoryServer,
  type SparkHistoryServerProps,
} from "../../../../constructs/addons/spark-history-server/history-server";
import { applyGuardrails } from "../../../../constructs/guardrails/apply";
import { errorAnnotations, onlyResource, parse } from "../../../helpers/synth";

type Props = Omit<SparkHistoryServerProps, "provider">;
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
  volume_mount?: Array<{ name: string; mount_path: string; read_only?: boolean }>;
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
  volume: Array<{ name: string; empty_dir?: Json; config_map?: { name: string } }>;
}
interface Deployment {
  metadata: { name: string; namespace: string };
  spec: {
    replicas: string;
    selector: { match_labels: Json };
    template: { metadata: { labels: Json }; spec: PodSpec };
  };
  wait_for_rollout: boolean;
  depends_on: string[];
}

/** The image tag of the ECS Spark (apache/spark-docker versions.json, 3.5.8 java17 python3 ubuntu). */
const IMAGE = "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu";
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
  credentials: { type: "secret", secretName: "spark-s3" },
};
const BASE: Props = {
  namespace: "spark",
  eventLogBucket: "spark-events",
  s3a: S3,
  profile: { name: "standard" },
  placement: {},
};
const MINIO_CA: Partial<Props> = { s3a: MINIO, caBundle: { configMapName: "platform-ca" } };

/** A bare stack holding only the server. */
function build(changes: Partial<Props> = {}): { stack: TerraformStack; provider: KubernetesProvider } {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new KubernetesProvider(stack, "kubernetes", {});
  new SparkHistoryServer(stack, "HistoryServer", { provider, ...BASE, ...changes });
  return { stack, provider };
}
const synth = (changes: Partial<Props> = {}): string => Testing.synth(build(changes).stack);
const deploymentOf = (json: string) =>
  onlyResource(json, "kubernetes_deployment_v1") as unknown as Deployment;
const podOf = (json: string) => deploymentOf(json).spec.template.spec;
const serverOf = (json: string) => {
  const containers = podOf(json).container;
  expect(containers).toHaveLength(1);
  return containers[0];
};
const envOf = (container: Container) => Object.fromEntries((container.env ?? []).map((e) => [e.name, e]));
const historyOpts = (json: string) => envOf(serverOf(json)).SPARK_HISTORY_OPTS.value!.split(" ");

let s3: string;
let minioCa: string;
beforeAll(() => {
  s3 = synth();
  minioCa = synth(MINIO_CA);
});

describe("Spark History Server", () => {
  it("matches the reviewed resources (MinIO with a CA)", () => {
    expect(parse(minioCa).resource).toMatchSnapshot();
  });

  it("passes the platform's guardrails (pinned images, no literal secret)", () => {
    const { stack } = build(MINIO_CA);
    applyGuardrails(stack, { requiredTagKeys: ["Project"] });
    expect(errorAnnotations(stack)).toEqual([]);
  });

  it("runs the pinned apache/spark image of the ECS Spark, the HistoryServer class in the foreground", () => {
    const server = serverOf(s3);
    expect(server.image).toBe(IMAGE);
    expect(server.command).toEqual([
      "/opt/spark/bin/spark-class",
      "org.apache.spark.deploy.history.HistoryServer",
    ]);
    expect(server.args).toBeUndefined();
  });

  it("is one replica of a Deployment Terraform waits for, after its service account", () => {
    const deployment = deploymentOf(s3);
    expect(deployment.metadata).toMatchObject({ name: "spark-history-server", namespace: "spark" });
    expect(deployment.spec.replicas).toBe("1");
    expect(deployment.wait_for_rollout).toBe(true);
    expect(deployment.depends_on).toHaveLength(1);
    expect(deployment.depends_on[0]).toMatch(/^kubernetes_service_account_v1\./);
  });

  it("fetches every S3A jar, checked against its SHA-256, into the volume on the server's classpath", () => {
    const pod = podOf(s3);
    expect(pod.init_container).toHaveLength(2);
    const [fetch] = pod.init_container;
    expect(fetch.name).toBe("fetch-jars");
    expect(S3A_JARS).toHaveLength(7);
    for (const jar of S3A_JARS) {
      expect(fetch.args![0]).toContain(
        `echo "${jar.sha256}  /jars/${jar.artifact}-${jar.version}.jar" | sha256sum -c -`,
      );
      expect(fetch.args![0]).toContain(`https://repo1.maven.org/maven2/`);
    }
    expect(fetch.args![0]).toContain(
      "https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar",
    );
    const jarsVolume = fetch.volume_mount![0].name;
    expect(pod.volume.find((v) => v.name === jarsVolume)?.empty_dir).toBeDefined();
    const server = serverOf(s3);
    expect(server.volume_mount).toContainEqual({
      name: jarsVolume,
      mount_path: "/opt/spark/s3a-jars",
      read_only: true,
    });
    expect(envOf(server).SPARK_DAEMON_CLASSPATH.value).toBe("/opt/spark/s3a-jars/*");
  });

  it("downloads the jars from the mirror when one is given", () => {
    const [fetch] = podOf(
      synth({ jarMirror: "https://nexus.example.com/repository/maven-central/" }),
    ).init_container;
    expect(fetch.args![0]).toContain(
      "https://nexus.example.com/repository/maven-central/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar",
    );
    expect(fetch.args![0]).not.toContain("repo1.maven.org");
  });

  it("reads the event logs of the s3a:// directory, lists them every 30s and cleans those older than 30 days", () => {
    const opts = historyOpts(s3);
    expect(opts).toEqual(
      expect.arrayContaining([
        "-Dspark.history.fs.logDirectory=s3a://spark-events/event-logs/",
        "-Dspark.history.ui.port=18080",
        "-Dspark.history.fs.update.interval=30s",
        "-Dspark.history.fs.cleaner.enabled=true",
        "-Dspark.history.fs.cleaner.maxAge=30d",
      ]),
    );
    expect(historyOpts(synth({ eventLogMaxAgeDays: 90 }))).toContain("-Dspark.history.fs.cleaner.maxAge=90d");
  });

  it("configures S3A for S3: virtual-host style, the SDK's default chain (Pod Identity, IRSA), no key pair", () => {
    expect(historyOpts(s3)).toEqual(
      expect.arrayContaining([
        "-Dspark.hadoop.fs.s3a.impl=org.apache.hadoop.fs.s3a.S3AFileSystem",
        "-Dspark.hadoop.fs.s3a.endpoint=https://s3.eu-west-3.amazonaws.com",
        "-Dspark.hadoop.fs.s3a.endpoint.region=eu-west-3",
        "-Dspark.hadoop.fs.s3a.path.style.access=false",
        "-Dspark.hadoop.fs.s3a.connection.ssl.enabled=true",
        "-Dspark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.DefaultAWSCredentialsProviderChain",
      ]),
    );
    const env = envOf(serverOf(s3));
    expect(env.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
  });

  it("configures S3A for MinIO: path style, the key pair from its Secret in the environment", () => {
    expect(historyOpts(minioCa)).toEqual(
      expect.arrayContaining([
        "-Dspark.hadoop.fs.s3a.endpoint=https://minio.minio.svc:9000",
        "-Dspark.hadoop.fs.s3a.endpoint.region=us-east-1",
        "-Dspark.hadoop.fs.s3a.path.style.access=true",
        "-Dspark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
      ]),
    );
    const env = envOf(serverOf(minioCa));
    expect(env.AWS_ACCESS_KEY_ID.value_from).toEqual({
      secret_key_ref: { name: "spark-s3", key: "accessKey" },
    });
    expect(env.AWS_SECRET_ACCESS_KEY.value_from).toEqual({
      secret_key_ref: { name: "spark-s3", key: "secretKey" },
    });
    expect(env.AWS_ACCESS_KEY_ID.value).toBeUndefined();
    expect(env.AWS_SECRET_ACCESS_KEY.value).toBeUndefined();
  });

  it("builds a truststore from the CA ConfigMap with the server's own image, and points the JVM at it", () => {
    const pod = podOf(minioCa);
    expect(pod.init_container.map((c) => c.name)).toEqual([
      "fetch-jars",
      "build-truststore",
      "create-log-directory",
    ]);
    expect(pod.init_container[1].image).toBe(IMAGE);
    expect(pod.volume.find((v) => v.config_map)?.config_map).toEqual({ name: "platform-ca" });
    const server = serverOf(minioCa);
    expect(server.volume_mount).toContainEqual({
      name: "platform-truststore",
      mount_path: "/etc/platform-truststore",
      read_only: true,
    });
    expect(envOf(server).SPARK_DAEMON_JAVA_OPTS.value).toContain(
      "-Djavax.net.ssl.trustStore=/etc/platform-truststore/cacerts",
    );
  });

  it("has no truststore, CA volume or JVM flags without a CA", () => {
    const pod = podOf(s3);
    expect(pod.init_container.map((c) => c.name)).toEqual(["fetch-jars", "create-log-directory"]);
    expect(pod.volume.some((v) => v.config_map)).toBe(false);
    expect(envOf(serverOf(s3)).SPARK_DAEMON_JAVA_OPTS).toBeUndefined();
  });

  it("runs as the image's spark user (185), non-root, RuntimeDefault seccomp, no privilege, read-only root", () => {
    const pod = podOf(s3);
    expect(pod.security_context).toEqual({
      run_as_non_root: true,
      run_as_user: "185",
      run_as_group: "185",
      fs_group: "185",
      seccomp_profile: { type: "RuntimeDefault" },
    });
    expect(serverOf(s3).security_context).toEqual({
      run_as_non_root: true,
      allow_privilege_escalation: false,
      read_only_root_filesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(serverOf(s3).volume_mount).toContainEqual({ name: "tmp", mount_path: "/tmp" });
    expect(pod.init_container).toHaveLength(2);
    for (const init of pod.init_container) {
      expect(init.security_context).toMatchObject({
        allow_privilege_escalation: false,
        capabilities: { drop: ["ALL"] },
      });
    }
  });

  it("mounts no Kubernetes API token and takes no service links", () => {
    const pod = podOf(s3);
    expect(pod.automount_service_account_token).toBe(false);
    expect(pod.enable_service_links).toBe(false);
    const account = onlyResource(s3, "kubernetes_service_account_v1");
    expect(account.automount_service_account_token).toBe(false);
  });

  it("runs under its service account, annotated for IRSA when asked, under the name given", () => {
    expect(podOf(s3).service_account_name).toBe("spark-history-server");
    expect(onlyResource(s3, "kubernetes_service_account_v1").metadata).toEqual(
      expect.objectContaining({ name: "spark-history-server", namespace: "spark" }),
    );
    const roleArn = "arn:aws:iam::111111111111:role/spark-history-server";
    const json = synth({
      serviceAccountName: "history",
      serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": roleArn },
    });
    expect(podOf(json).service_account_name).toBe("history");
    expect(onlyResource(json, "kubernetes_service_account_v1").metadata).toEqual(
      expect.objectContaining({ name: "history", annotations: { "eks.amazonaws.com/role-arn": roleArn } }),
    );
  });

  it("probes the UI with HTTP GET / on 18080", () => {
    const server = serverOf(s3);
    expect(server.port).toEqual([{ name: "http", container_port: 18080 }]);
    expect(server.readiness_probe).toMatchObject({ http_get: { path: "/", port: "18080" } });
    expect(server.liveness_probe).toMatchObject({ http_get: { path: "/", port: "18080" } });
  });

  it("requests 250m and its 2Gi memory limit, no CPU limit (a throttled JVM fails its probes), with a 1 GiB heap (standard)", () => {
    const server = serverOf(s3);
    expect(server.resources).toEqual({
      requests: { cpu: "250m", memory: "2Gi" },
      limits: { memory: "2Gi" },
    });
    expect(envOf(server).SPARK_DAEMON_MEMORY.value).toBe("1024m");
  });

  it("divides its resources by the small profile, keeping a memory limit the JVM runs in, the heap below it", () => {
    const server = serverOf(synth({ profile: { name: "small", divisor: 20 } }));
    // 250m / 20 = 13m, raised to the JVM floor of 100m; no CPU limit; memory requested as limited.
    expect(server.resources).toEqual({
      requests: { cpu: "100m", memory: "768Mi" },
      limits: { memory: "768Mi" },
    });
    expect(envOf(server).SPARK_DAEMON_MEMORY.value).toBe("384m");
  });

  it("runs where the placement says", () => {
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
    expect(podOf(s3).node_selector).toBeUndefined();
    expect(podOf(s3).toleration).toBeUndefined();
  });

  it("is reached through a ClusterIP Service on port 18080 selecting its pod", () => {
    const service = onlyResource(s3, "kubernetes_service_v1") as unknown as {
      metadata: { name: string; namespace: string };
      spec: { type: string; selector: Json; port: Json[] };
    };
    expect(service.metadata).toMatchObject({ name: "spark-history-server", namespace: "spark" });
    expect(service.spec.type).toBe("ClusterIP");
    expect(service.spec.port).toEqual([{ name: "http", port: 18080, target_port: "18080" }]);
    expect(service.spec.selector).toEqual(deploymentOf(s3).spec.template.metadata.labels);
    expect(deploymentOf(s3).spec.selector.match_labels).toEqual(service.spec.selector);
    expect(parse(s3).resource?.kubernetes_ingress_v1).toBeUndefined();
  });

  it("accepts a bucket known only at apply", () => {
    const { stack, provider } = build();
    const bucket = new TerraformLocal(stack, "Bucket", "spark-events").asString;
    new SparkHistoryServer(stack, "Other", { provider, ...BASE, eventLogBucket: bucket });
    const deployments = Object.values(parse(Testing.synth(stack)).resource!.kubernetes_deployment_v1);
    expect(deployments).toHaveLength(2);
    const opts = deployments.map((d) => JSON.stringify(d));
    expect(
      opts.some((o) => o.includes("-Dspark.history.fs.logDirectory=s3a://${local.Bucket}/event-logs/")),
    ).toBe(true);
  });

  it.each(["s3a://spark-events/", "Spark-Events", "ab", "spark events"])(
    "refuses the event-log bucket %j",
    (eventLogBucket) => {
      expect(() => build({ eventLogBucket })).toThrow(/eventLogBucket: expected a bucket name/);
    },
  );

  it("creates the event-log directory before the server starts (Hadoop's S3A refuses a bucket root, Spark a missing directory)", () => {
    const minio = deploymentOf(minioCa);
    const inits = (minio.spec.template.spec as unknown as { init_container: Array<Record<string, unknown>> })
      .init_container;
    expect(inits.map((c) => c.name)).toEqual(["fetch-jars", "build-truststore", "create-log-directory"]);
    const create = inits[2];
    expect((create.args as string[])[0]).toContain(
      'aws s3api put-object --bucket "$BUCKET" --key "$MARKER" --endpoint-url "$ENDPOINT"',
    );
    const env = Object.fromEntries(
      (create.env as Array<{ name: string; value?: string }>).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      BUCKET: "spark-events",
      MARKER: "event-logs/.keep",
      ENDPOINT: "https://minio.minio.svc:9000",
      ADDRESSING_STYLE: "path",
      AWS_CA_BUNDLE: "/etc/platform-ca/ca.crt",
    });
    expect(JSON.stringify(minio)).toContain("-Dspark.history.fs.logDirectory=s3a://spark-events/event-logs/");
  });

  it.each([0, -1, 1.5])("refuses a maximum event-log age of %s days", (eventLogMaxAgeDays) => {
    expect(() => build({ eventLogMaxAgeDays })).toThrow(
      /eventLogMaxAgeDays: expected a whole number of days/,
    );
  });
});
