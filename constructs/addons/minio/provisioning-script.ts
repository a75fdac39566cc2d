import type { MinioPolicy, MinioValues } from "./values";

/**
 * What the provisioning Job creates: the `buckets`, `policies` and `users` lists that
 * {@link minioValues} builds (the same builders, {@link minioPolicy} for the policies), given to the
 * Job instead of the chart when MinIO serves TLS. Pure: no cdktf.
 */
export type MinioProvisioning = Pick<MinioValues, "buckets" | "policies" | "users">;

/** An IAM policy document as `mc admin policy create` reads it (the shape of the chart's `_helper_policy.tpl`). */
export interface MinioPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: ReadonlyArray<{
    readonly Effect: "Allow";
    readonly Action: ReadonlyArray<string>;
    readonly Resource: ReadonlyArray<string>;
  }>;
}

/** The alias of the server in the Job: `MC_HOST_<alias>` holds its URL and the root credentials. */
export const MC_ALIAS = "platform";
/**
 * mc's configuration directory in the Job (`MC_CONFIG_DIR`, the env form of mc's global
 * `--config-dir`): writable, mc writes its `config.json` there at start.
 */
export const MC_CONFIG_DIR = "/etc/mc";
/**
 * Where mc reads the CAs it trusts besides the system's: `<config dir>/certs/CAs/`, every readable file
 * in it (mc RELEASE.2024-11-21T17-21-54Z, cmd/certs.go `getCAsDir` and `loadRootCAs`, minio/pkg
 * `certs.GetRootCAs`, which skips what it cannot read, e.g. a ConfigMap volume's `..data` directory).
 */
export const MC_CAS_DIR = `${MC_CONFIG_DIR}/certs/CAs`;
/** Where the script and the policy documents are mounted. */
export const PROVISIONING_DIR = "/provisioning";
/** Key (and file name) of the script. */
export const PROVISIONING_SCRIPT_KEY = "provision.sh";
/** How many times the script tries to reach the server, 2 s apart, before it fails. */
export const CONNECT_ATTEMPTS = 30;

/** Key (and file name) of a policy's document. */
export function policyFileKey(policyName: string): string {
  return `policy-${policyName}.json`;
}

/** The Job's environment variable holding user `accessKey`'s secret key (from its Secret). */
export function userSecretKeyEnv(accessKey: string): string {
  return `MINIO_USER_${accessKey.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_SECRET_KEY`;
}

/** A policy of the chart's `policies` shape as the IAM document MinIO stores. */
export function minioPolicyDocument(policy: MinioPolicy): MinioPolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: policy.statements.map((statement) => ({
      Effect: statement.effect,
      Action: [...statement.actions],
      Resource: [...statement.resources],
    })),
  };
}

/** `value` as one shell word, whatever it holds. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The script of the provisioning Job, for `/bin/sh` (POSIX, `set -eu`), every command idempotent so a
 * re-run changes nothing (checked in mc RELEASE.2024-11-21T17-21-54Z and MinIO's IAM code):
 * - waits for the server with `mc admin info`, which also fails while its certificate is untrusted;
 * - `mc mb --ignore-existing`, then `mc version enable` or `suspend` as declared (as the chart's
 *   `_helper_create_bucket.txt` does), then `mc anonymous set none`;
 * - `mc admin policy create`, which replaces a policy of that name;
 * - `mc admin user add`, which rewrites an existing user's secret key (IAMSys.CreateUser), the key
 *   read from stdin (a shell builtin writes it: it is in no process's arguments);
 * - `mc admin policy attach`, which exits 0 when the policy is already attached (mc treats MinIO's
 *   `XMinioAdminPolicyChangeAlreadyApplied` as success since minio/mc#5058, in this release).
 * Every user's secret key variable is checked first (`set -u`), before anything changes.
 * There is no `--insecure` and no `MC_INSECURE`: the server is reached by its Service name and its
 * certificate verified against the CAs in {@link MC_CAS_DIR}. No `${`: Terraform would read it.
 */
export function minioProvisioningScript(provisioning: MinioProvisioning): string {
  const target = (bucket: string) => shellQuote(`${MC_ALIAS}/${bucket}`);
  const buckets = provisioning.buckets.flatMap((bucket) => [
    `mc mb --ignore-existing ${target(bucket.name)}`,
    `mc version ${bucket.versioning ? "enable" : "suspend"} ${target(bucket.name)}`,
    `mc anonymous set none ${target(bucket.name)}`,
  ]);
  const policies = provisioning.policies.map(
    (policy) =>
      `mc admin policy create ${MC_ALIAS} ${shellQuote(policy.name)} ${shellQuote(`${PROVISIONING_DIR}/${policyFileKey(policy.name)}`)}`,
  );
  const users = provisioning.users.flatMap((user) => [
    `printf '%s\\n' "$${userSecretKeyEnv(user.accessKey)}" | mc admin user add ${MC_ALIAS} ${shellQuote(user.accessKey)}`,
    `mc admin policy attach ${MC_ALIAS} ${shellQuote(user.policy)} --user ${shellQuote(user.accessKey)}`,
  ]);
  const keys = provisioning.users.map((user) => `"$${userSecretKeyEnv(user.accessKey)}"`);
  return [
    "set -eu",
    // A pipeline's left side is a subshell: an unset key would not stop the script there.
    ...(keys.length > 0
      ? ["# Every secret key is set, before anything changes.", `: ${keys.join(" ")}`]
      : []),
    `# The server is MC_HOST_${MC_ALIAS}; its certificate is verified against the CAs of MC_CONFIG_DIR/certs/CAs.`,
    "attempts=0",
    `until mc admin info ${MC_ALIAS} >/dev/null; do`,
    "  attempts=$((attempts + 1))",
    `  if [ "$attempts" -ge ${CONNECT_ATTEMPTS} ]; then`,
    `    echo "MinIO not reachable, or its certificate not trusted, after ${CONNECT_ATTEMPTS} attempts" >&2`,
    "    exit 1",
    "  fi",
    "  sleep 2",
    "done",
    "# Buckets, with versioning as declared, never public.",
    ...buckets,
    "# Policies (create replaces).",
    ...policies,
    "# Users (add rewrites the secret key) and their policy (attach accepts an attached one).",
    ...users,
    `echo "provisioned ${provisioning.buckets.length} bucket(s), ${provisioning.policies.length} policy(ies), ${provisioning.users.length} user(s)"`,
    "",
  ].join("\n");
}

/** The ConfigMap data of the Job: the script and one JSON document per policy. */
export function minioProvisioningFiles(provisioning: MinioProvisioning): Record<string, string> {
  return {
    [PROVISIONING_SCRIPT_KEY]: minioProvisioningScript(provisioning),
    ...Object.fromEntries(
      provisioning.policies.map((policy) => [
        policyFileKey(policy.name),
        `${JSON.stringify(minioPolicyDocument(policy), null, 2)}\n`,
      ]),
    ),
  };
}
