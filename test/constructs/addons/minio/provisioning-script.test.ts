import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ANYWHERE } from "../../../../constructs/addons/common/placement";
import {
  minioPolicyDocument,
  minioProvisioningFiles,
  minioProvisioningScript,
  type MinioProvisioning,
  shellQuote,
  userSecretKeyEnv,
} from "../../../../constructs/addons/minio/provisioning-script";
import { minioValues } from "../../../../constructs/addons/minio/values";
import { APPLICATIONS, BUCKETS, STANDARD } from "./fixtures";

/** The platform's buckets and applications, as the values builder makes them for the chart. */
const VALUES = minioValues({
  profile: STANDARD,
  placement: ANYWHERE,
  rootSecretName: "minio-root",
  buckets: BUCKETS,
  users: APPLICATIONS.map((app) => ({
    ...app,
    secretName: `minio-user-${app.name}`,
    secretKey: "secretKey",
  })),
});
const PROVISIONING: MinioProvisioning = {
  buckets: VALUES.buckets,
  policies: VALUES.policies,
  users: VALUES.users,
};
const SCRIPT = minioProvisioningScript(PROVISIONING);
/** Stand-ins for the user secret keys the Job reads from the user Secrets (not real values). */
const KEYS = {
  MINIO_USER_TRINO_SECRET_KEY: "trino-key-stub",
  MINIO_USER_AIRFLOW_SECRET_KEY: "airflow-key-stub",
};

interface Run {
  readonly status: number | null;
  readonly stderr: string;
  /** One line per `mc` (its arguments; `stdin: …` after `admin user add`) or `sleep` call. */
  readonly calls: string[];
}

/**
 * Runs the script with `sh` (as the Job does, `/bin/sh <file>`) against a stub `mc` that records its
 * arguments and, for `admin user add`, the line it reads from stdin. `STUB_INFO_FAILURES` makes the
 * first n `mc admin info` fail; `STUB_FAIL` makes the call with exactly those arguments fail.
 */
function run(env: Record<string, string>, script = SCRIPT): Run {
  const dir = mkdtempSync(join(tmpdir(), "minio-provisioning-"));
  const log = join(dir, "calls");
  writeFileSync(
    join(dir, "mc"),
    [
      "#!/bin/sh",
      `echo "$*" >> ${log}`,
      `case "$*" in "admin user add "*) read -r key; echo "stdin: $key" >> ${log} ;; esac`,
      `if [ "$*" = "admin info platform" ]; then`,
      `  n=$(cat ${dir}/info 2>/dev/null || echo 0); echo $((n + 1)) > ${dir}/info`,
      `  [ "$n" -lt "$STUB_INFO_FAILURES" ] && exit 1`,
      "fi",
      `[ "$*" = "$STUB_FAIL" ] && exit 1`,
      "exit 0",
    ].join("\n"),
  );
  writeFileSync(join(dir, "sleep"), `#!/bin/sh\necho "sleep $*" >> ${log}\n`);
  chmodSync(join(dir, "mc"), 0o755);
  chmodSync(join(dir, "sleep"), 0o755);
  writeFileSync(join(dir, "provision.sh"), script);
  const result = spawnSync("sh", [join(dir, "provision.sh")], {
    encoding: "utf8",
    env: { PATH: `${dir}:/usr/bin:/bin`, STUB_INFO_FAILURES: "0", STUB_FAIL: "", ...env },
  });
  const calls = existsSync(log) ? readFileSync(log, "utf8").trimEnd().split("\n") : [];
  rmSync(dir, { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, calls };
}

describe("the MinIO provisioning script", () => {
  it("creates the buckets with versioning as declared, then the policies, the users and their policy", () => {
    const r = run(KEYS);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      "admin info platform",
      "mb --ignore-existing platform/trino-data",
      "version enable platform/trino-data",
      "anonymous set none platform/trino-data",
      "mb --ignore-existing platform/trino-exchange",
      "version suspend platform/trino-exchange",
      "anonymous set none platform/trino-exchange",
      "mb --ignore-existing platform/airflow",
      "version enable platform/airflow",
      "anonymous set none platform/airflow",
      "mb --ignore-existing platform/airflow-logs",
      "version enable platform/airflow-logs",
      "anonymous set none platform/airflow-logs",
      "admin policy create platform trino-readwrite /provisioning/policy-trino-readwrite.json",
      "admin policy create platform airflow-readwrite /provisioning/policy-airflow-readwrite.json",
      "admin user add platform trino",
      "stdin: trino-key-stub",
      "admin policy attach platform trino-readwrite --user trino",
      "admin user add platform airflow",
      "stdin: airflow-key-stub",
      "admin policy attach platform airflow-readwrite --user airflow",
    ]);
  });

  it("runs under set -eu, never with --insecure, and holds no ${ (Terraform would read it)", () => {
    expect(SCRIPT.split("\n")[0]).toBe("set -eu");
    expect(SCRIPT).not.toMatch(/insecure/i);
    expect(SCRIPT).not.toContain("${");
    expect(SCRIPT).not.toContain("%{");
  });

  it("gives a secret key to mc on stdin only, never in its arguments", () => {
    const r = run(KEYS);
    expect(r.calls.filter((call) => !call.startsWith("stdin: ")).join("\n")).not.toMatch(/key-stub/);
    expect(SCRIPT).toContain(
      `printf '%s\\n' "$MINIO_USER_TRINO_SECRET_KEY" | mc admin user add platform 'trino'`,
    );
  });

  it("waits for the server, 2 s apart, and goes on once it answers", () => {
    const r = run({ ...KEYS, STUB_INFO_FAILURES: "3" });
    expect(r.status).toBe(0);
    expect(r.calls.slice(0, 7)).toEqual([
      "admin info platform",
      "sleep 2",
      "admin info platform",
      "sleep 2",
      "admin info platform",
      "sleep 2",
      "admin info platform",
    ]);
  });

  it("fails after 30 attempts when the server never answers or its certificate is not trusted", () => {
    const r = run({ ...KEYS, STUB_INFO_FAILURES: "1000" });
    expect(r.status).toBe(1);
    expect(r.calls.filter((call) => call === "admin info platform")).toHaveLength(30);
    expect(r.calls.filter((call) => call.startsWith("mb "))).toEqual([]);
    expect(r.stderr).toContain("MinIO not reachable, or its certificate not trusted, after 30 attempts");
  });

  it("stops at the first failed command", () => {
    const r = run({ ...KEYS, STUB_FAIL: "version enable platform/trino-data" });
    expect(r.status).not.toBe(0);
    expect(r.calls[r.calls.length - 1]).toBe("version enable platform/trino-data");
  });

  it("changes nothing when a user's secret key is missing (set -u)", () => {
    const r = run({ MINIO_USER_TRINO_SECRET_KEY: "trino-key-stub" });
    expect(r.status).not.toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.stderr).toMatch(/MINIO_USER_AIRFLOW_SECRET_KEY/);
  });

  it("quotes every name as one shell word", () => {
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const name = "a b'$(echo injected)";
    const bucket = { name, policy: "none", purge: false, versioning: true, objectlocking: false } as const;
    const odd = minioProvisioningScript({ buckets: [bucket], policies: [], users: [] });
    expect(run({}, odd).calls.slice(1, 2)).toEqual([`mb --ignore-existing platform/${name}`]);
  });

  it("names each user's secret-key variable after the user, as a shell can read it", () => {
    expect(userSecretKeyEnv("trino")).toBe("MINIO_USER_TRINO_SECRET_KEY");
    expect(userSecretKeyEnv("spark-history")).toBe("MINIO_USER_SPARK_HISTORY_SECRET_KEY");
  });
});

describe("the MinIO policy documents", () => {
  it("are the IAM documents chart 5.4.0's _helper_policy.tpl renders from the same policies", () => {
    const trino = VALUES.policies.find((policy) => policy.name === "trino-readwrite")!;
    // As `helm template` renders policy_0.json of chart 5.4.0 with these values (checked by hand).
    expect(minioPolicyDocument(trino)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
          Resource: ["arn:aws:s3:::trino-data", "arn:aws:s3:::trino-exchange"],
        },
        {
          Effect: "Allow",
          Action: [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
          ],
          Resource: ["arn:aws:s3:::trino-data/*", "arn:aws:s3:::trino-exchange/*"],
        },
      ],
    });
  });

  it("are one file per policy of the values, beside the script", () => {
    const files = minioProvisioningFiles(PROVISIONING);
    expect(Object.keys(files).sort()).toEqual([
      "policy-airflow-readwrite.json",
      "policy-trino-readwrite.json",
      "provision.sh",
    ]);
    expect(files["provision.sh"]).toBe(SCRIPT);
    expect(VALUES.policies).toHaveLength(2);
    for (const policy of VALUES.policies) {
      const document = JSON.parse(files[`policy-${policy.name}.json`]) as ReturnType<
        typeof minioPolicyDocument
      >;
      expect(document.Statement.map((s) => [s.Effect, s.Action, s.Resource])).toEqual(
        policy.statements.map((s) => [s.effect, s.actions, s.resources]),
      );
    }
  });
});
