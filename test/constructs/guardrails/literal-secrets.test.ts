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
        { name: "db.user", value: "app" },
      ],
      setSensitive: [{ name: "license", value: "ABC-123" }],
    });
    expect(findings(stack)).toEqual([
      expect.stringMatching(
        /^\[literal-secrets\] guarded\/Values \(helm_release\): literal secret in values auth\.rootPassword: generate it/,
      ),
      expect.stringMatching(
        /^\[literal-secrets\] guarded\/Raw \(helm_release\): literal secret in values auth\.adminPassword, set db\.password, set_sensitive license:/,
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

  it("knows the seeds' passwords by digest only", () => {
    expect(isKnownBadValue("not-a-seed-password")).toBe(false);
    expect(isKnownBadValue("a b")).toBe(false);
  });
});
