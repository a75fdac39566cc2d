import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Release } from "@cdktf/provider-helm/lib/release";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { isKnownBadValue, isSecretKey } from "../../../constructs/guardrails/literal-secrets";
import { findings, guardedStack } from "./guarded-stack";
import { chart, job, pin } from "./kubernetes-fixtures";

describe("literal-secrets guardrail", () => {
  it("fails a literal password in Helm values, in set and in set_sensitive, naming where", () => {
    const stack = guardedStack();
    chart(stack, "Values", { auth: { rootPassword: "hunter22", existingSecret: "minio-root" } });
    new Release(stack, "Raw", {
      name: "raw",
      chart: "app",
      repository: pin.repository,
      version: "1.2.3",
      values: ["auth:\n  adminPassword: s3cr3t\n  username: admin\n"],
      set: [
        { name: "db.password", value: "plain" },
        { name: "tls.privateKey", value: "-----BEGIN PRIVATE KEY-----" },
        // A file-like name passes only under the keys that name key files.
        { name: "auth.password", value: "server.key" },
        { name: "db.user", value: "app" },
      ],
      setSensitive: [{ name: "license", value: "ABC-123" }],
    });
    expect(findings(stack)).toEqual([
      expect.stringMatching(
        /^\[literal-secrets\] guarded\/Values \(helm_release\): literal secret in values auth\.rootPassword: generate it/,
      ),
      expect.stringMatching(
        /^\[literal-secrets\] guarded\/Raw \(helm_release\): literal secret in values auth\.adminPassword, set db\.password, set tls\.privateKey, set auth\.password, set_sensitive license:/,
      ),
    ]);
  });

  it("passes references: Secret names, keys of Secrets, generated passwords", () => {
    const stack = guardedStack();
    const password = new Password(stack, "Password", { length: 32 });
    chart(stack, "Refs", {
      auth: {
        existingSecret: "minio-root",
        passwordAuthSecret: "trino-password-file",
        rootPassword: password.result,
      },
      secret: [{ secretName: "airflow-metadata", secretKey: "connection" }],
      env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }],
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
      // MinIO's chart: the keys of the kubernetes.io/tls Secret holding the certificate and its key.
      tls: { enabled: true, certSecret: "minio-tls", publicCrt: "tls.crt", privateKey: "tls.key" },
    });
    new SecretV1(stack, "Generated", {
      metadata: { name: "generated", namespace: "ns" },
      data: { password: password.result, username: "app", "password.db": `app:${password.bcryptHash}\n` },
    });
    expect(findings(stack)).toEqual([]);
  });

  it("fails a literal in a Kubernetes Secret's data or string_data and in a manifest Secret", () => {
    const stack = guardedStack();
    new SecretV1(stack, "Secret", {
      metadata: { name: "s", namespace: "ns" },
      data: { username: "app", password: "changeme", "api-token": "t0k3n" },
    });
    new Manifest(stack, "ManifestSecret", {
      manifest: {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "m", namespace: "ns" },
        stringData: { jwtSecret: "abc" },
      },
    });
    expect(findings(stack)).toEqual([
      expect.stringMatching(
        /^\[literal-secrets\] guarded\/Secret \(kubernetes_secret_v1\): literal secret in data\.password, data\.api-token:/,
      ),
      expect.stringMatching(
        /^\[literal-secrets\] guarded\/ManifestSecret \(kubernetes_manifest\): literal secret in manifest\.stringData\.jwtSecret:/,
      ),
    ]);
  });

  it("fails a container env var named like a secret with a literal value, and passes other env vars", () => {
    const stack = guardedStack();
    job(stack, "Leaky", {
      image: "postgres:16.13",
      env: [
        { name: "PGHOST", value: "db" },
        { name: "PGPASSWORD", value: "postgres1" },
        { name: "API_KEY", value: "k" },
        { name: "SECRET_ARN", value: "arn:aws:secretsmanager:eu-west-3:111111111111:secret:x" },
        { name: "EMPTY_TOKEN", value: "" },
      ],
    });
    expect(findings(stack)).toEqual([
      expect.stringMatching(
        /^\[literal-secrets\] guarded\/Leaky \(kubernetes_job_v1\): literal secret in spec\.template\.spec\.container\[0\]\.env\[1\]\.value \(PGPASSWORD\), spec\.template\.spec\.container\[0\]\.env\[2\]\.value \(API_KEY\):/,
      ),
    ]);
  });

  it("judges key names by their words", () => {
    const secret = [
      "password",
      "rootPassword",
      "AWS_SECRET_ACCESS_KEY",
      "api-secret-key",
      "fernetKey",
      "jwtSecret",
      "token",
      "apiKey",
      "secretKey",
      "clientSecret",
      "password.db",
    ];
    const reference = [
      "existingSecret",
      "existingSecretPasswordKey",
      "passwordSecretName",
      "SECRET_ARN",
      "passwordKey",
      "tlsSecret",
      "passwordAuthSecret",
      "key",
      "accessKey",
      "username",
      "secretKeyRef",
    ];
    expect(secret.filter((key) => isSecretKey(key))).toEqual(secret);
    expect(reference.filter((key) => isSecretKey(key))).toEqual([]);
    expect(isSecretKey("LICENSE_KEY", true)).toBe(true);
  });

  it("judges env vars ending in KEY by the word that says which key", () => {
    const secret = ["API_KEY", "AWS_SECRET_ACCESS_KEY", "ACCESS_KEY", "PRIVATE_KEY", "SIGNING_KEY"];
    const plain = ["PARTITION_KEY", "SORT_KEY", "CACHE_KEY", "KEY", "AWS_ACCESS_KEY_ID", "SSH_KEY_PATH"];
    expect(secret.filter((key) => isSecretKey(key, true))).toEqual(secret);
    expect(plain.filter((key) => isSecretKey(key, true))).toEqual([]);
    expect(["ENCRYPTION_KEY", "MASTER_KEY"].every((key) => isSecretKey(key, true))).toBe(true);
  });

  it("judges keys that describe a secret (its lifetime, its endpoint) as no secret", () => {
    const described = ["tokenExpiry", "tokenTtl", "TOKEN_TIMEOUT", "tokenUrl", "passwordAlgorithm"];
    expect(described.filter((key) => isSecretKey(key))).toEqual([]);
    expect(["refreshToken", "SESSION_TOKEN", "accessToken"].every((key) => isSecretKey(key))).toBe(true);
  });

  it("passes env vars named KEY that hold no secret, numbers and booleans under secret-named keys", () => {
    const stack = guardedStack();
    job(stack, "Keys", {
      image: "app:1.0",
      env: [
        { name: "PARTITION_KEY", value: "tenant" },
        { name: "SORT_KEY", value: "created_at" },
        { name: "CACHE_KEY", value: "v2" },
      ],
    });
    chart(stack, "Settings", {
      auth: { tokenExpiry: 3600, passwordMinLength: 12, enablePassword: true, secretRotationDays: 30 },
      jwt: { token: 900 },
      session: { tokenTtl: "1h" },
    });
    expect(findings(stack)).toEqual([]);
  });

  it("still fails real secrets next to those settings", () => {
    const stack = guardedStack();
    job(stack, "Keys", {
      image: "app:1.0",
      env: [
        { name: "PARTITION_KEY", value: "tenant" },
        { name: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI" },
        { name: "SIGNING_KEY", value: "k" },
      ],
    });
    chart(stack, "Settings", { auth: { tokenExpiry: 3600, token: "t0k3n", jwtSecret: "abc" } });
    expect(findings(stack)).toEqual([
      expect.stringMatching(
        /^\[literal-secrets\] guarded\/Keys \(kubernetes_job_v1\): literal secret in spec\.template\.spec\.container\[0\]\.env\[1\]\.value \(AWS_SECRET_ACCESS_KEY\), spec\.template\.spec\.container\[0\]\.env\[2\]\.value \(SIGNING_KEY\):/,
      ),
      expect.stringMatching(
        /^\[literal-secrets\] guarded\/Settings \(helm_release\): literal secret in values auth\.token, values auth\.jwtSecret:/,
      ),
    ]);
  });

  it("fails a literal secret in an ECS task definition's container environment, and passes secrets and references", () => {
    const stack = guardedStack();
    const password = new Password(stack, "Password", { length: 32 });
    new EcsTaskDefinition(stack, "Leaky", {
      family: "leaky",
      containerDefinitions: JSON.stringify([
        { name: "sidecar", image: "busybox:1.37", environment: [{ name: "MODE", value: "x" }] },
        {
          name: "app",
          image: "app:1.0",
          environment: [
            { name: "DB_HOST", value: "db" },
            { name: "DB_PASSWORD", value: "hunter22" },
            { name: "PARTITION_KEY", value: "tenant" },
            { name: "STRIPE_API_KEY", value: "sk_live_x" },
            { name: "GENERATED_PASSWORD", value: password.result },
            { name: "EMPTY_TOKEN", value: "" },
          ],
          secrets: [{ name: "SPARK_AUTH_SECRET", valueFrom: "arn:aws:secretsmanager:eu-west-3:1:secret:x" }],
        },
      ]),
    });
    new EcsTaskDefinition(stack, "Clean", {
      family: "clean",
      containerDefinitions: JSON.stringify([
        {
          name: "app",
          image: "app:1.0",
          environment: [{ name: "TOKEN_TTL", value: "3600" }],
          secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:ssm:eu-west-3:1:parameter/db" }],
        },
      ]),
    });
    expect(findings(stack)).toEqual([
      "[literal-secrets] guarded/Leaky (aws_ecs_task_definition): literal secret in container_definitions[1].environment[1].value (DB_PASSWORD), container_definitions[1].environment[3].value (STRIPE_API_KEY): generate it (random_password) into a Kubernetes Secret or Secrets Manager and refer to it (existingSecret, secretKeyRef, valueFrom)",
    ]);
  });

  it("reads a HelmChart's values from its attributes when an override may have changed them", () => {
    const stack = guardedStack();
    const release = chart(stack, "Overridden", { auth: { existingSecret: "s" } });
    release.addOverride("values", ["auth:\n  adminPassword: s3cr3t\n"]);
    expect(findings(stack)).toEqual([
      expect.stringMatching(
        /^\[literal-secrets\] guarded\/Overridden \(helm_release\): literal secret in values auth\.adminPassword:/,
      ),
    ]);
  });

  it("knows the seeds' passwords by digest only", () => {
    expect(isKnownBadValue("not-a-seed-password")).toBe(false);
    expect(isKnownBadValue("a b")).toBe(false);
  });
});
