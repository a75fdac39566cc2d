import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformLocal, TerraformStack, Testing } from "cdktf";
import {
  BOOTSTRAP_SCRIPT,
  PostgresBootstrapJob,
} from "../../../../constructs/addons/postgres-bootstrap/bootstrap-job";

/** Runs the Job's entry point with sh, the secret file and psql replaced by a printer. */
function adminFrom(secretJson: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bootstrap-"));
  writeFileSync(join(dir, "secret.json"), secretJson);
  const script = BOOTSTRAP_SCRIPT.replace("/run/admin/secret.json", join(dir, "secret.json")).replace(
    /^exec psql.*$/m,
    'printf "%s|%s" "$PGUSER" "$PGPASSWORD"',
  );
  const result = spawnSync("sh", ["-c", script], { encoding: "utf8" });
  expect(result.status).toBe(0);
  return result.stdout;
}

describe("the bootstrap Job's entry point", () => {
  it("takes the administrator from the RDS secret JSON, undoing JSON escapes", () => {
    // RDS-generated passwords have no quote, slash, @ or space; backslashes are JSON-escaped.
    expect(adminFrom('{"username":"postgres","password":"a\\\\b$c!d`e(f)g{h}%j&k*l;m<n>o?p|q~r#s"}')).toBe(
      "postgres|a\\b$c!d`e(f)g{h}%j&k*l;m<n>o?p|q~r#s",
    );
  });

  it("reads fields in any order and with spaces after the colon", () => {
    expect(adminFrom('{ "password": "Xy12", "engine": "postgres", "username": "platform_admin" }')).toBe(
      "platform_admin|Xy12",
    );
  });

  it("runs psql with ON_ERROR_STOP on the mounted SQL", () => {
    expect(BOOTSTRAP_SCRIPT).toMatch(/^exec psql -X -v ON_ERROR_STOP=1 -f \/bootstrap\/bootstrap\.sql$/m);
  });
});

describe("the bootstrap Job's name", () => {
  /** The Job's name in a stack where `tokensBefore` unrelated tokens were made first. */
  function jobName(tokensBefore: number): string {
    const stack = new TerraformStack(Testing.app(), "test");
    const provider = new KubernetesProvider(stack, "kubernetes", {});
    for (let i = 0; i < tokensBefore; i += 1)
      void new TerraformLocal(stack, `Noise${i}`, `value-${i}`).asString;
    const host = new TerraformLocal(stack, "Host", "db.example.internal").asString;
    new PostgresBootstrapJob(stack, "Bootstrap", {
      provider,
      namespace: "platform-db",
      host,
      port: 5432,
      sslMode: "require",
      admin: {
        type: "secrets-manager",
        secretArn: "arn:aws:secretsmanager:eu-west-3:111111111111:secret:m",
        region: "eu-west-3",
      },
      databases: [{ name: "airflow", passwordVariable: "AIRFLOW_DB_PASSWORD" }],
      passwordsSecretName: "platform-db-passwords",
      profile: { name: "standard" },
      placement: {},
    });
    const jobs = JSON.parse(Testing.synth(stack)).resource.kubernetes_job_v1 as Record<
      string,
      { metadata: { name: string } }
    >;
    return Object.values(jobs)[0].metadata.name;
  }

  it("depends on what the Job runs, not on how many tokens were made before (no re-run for unrelated changes)", () => {
    expect(jobName(0)).toMatch(/^postgres-bootstrap-[0-9a-f]{10}$/);
    expect(jobName(25)).toBe(jobName(0));
  });
});
