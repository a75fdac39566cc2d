import { createHash } from "node:crypto";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Lazy, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { sized, type SizeProfile } from "../common/size-profile";
import type { Placement } from "../common/placement";
import { POSTGRES_IMAGE } from "../../database/in-cluster-postgres";
import { manifestOf } from "../../kubernetes/manifest";
import type { KubernetesRawResource } from "../../kubernetes/raw-resource";
import { rawObject } from "../../kubernetes/raw-object";
import { applyTimeDigest } from "../../gitops/apply-time-digest";
import type { ManifestBundle } from "../../gitops/manifest-bundle";
import { bootstrapSql, type ApplicationDatabase } from "./sql";

/** AWS CLI image that reads the RDS master secret at run time (Pod Identity needs 2.15 or later). */
export const AWS_CLI_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.22.0";

/** Where the administrator's password comes from. */
export type AdminCredentials =
  /** A Kubernetes Secret (the in-cluster server's generated superuser). */
  | { readonly type: "secret"; readonly user: string; readonly secretName: string; readonly key: string }
  /**
   * A Secrets Manager secret (`{"username": …, "password": …}`, as RDS writes it), read by the Job's
   * init container when it runs: RDS rotates the master password, so it is never copied at apply.
   */
  | { readonly type: "secrets-manager"; readonly secretArn: string; readonly region: string };

/** Properties of {@link PostgresBootstrapJob}. */
export interface PostgresBootstrapJobProps {
  /** Kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Namespace of the Job. */
  readonly namespace: string;
  /** Server host and port. */
  readonly host: string;
  readonly port: number | string;
  /** `require` for RDS (it forces TLS), `disable` for the in-cluster server. */
  readonly sslMode: "require" | "verify-full" | "disable";
  /** The administrator who runs the SQL. */
  readonly admin: AdminCredentials;
  /** Databases to create; each password variable is a key of `passwordsSecretName`. */
  readonly databases: ReadonlyArray<ApplicationDatabase>;
  /** Secret (in the Job's namespace) holding the application passwords, keys = password variables. */
  readonly passwordsSecretName: string;
  /**
   * Database of Iceberg's JDBC catalog tables.
   * @default none
   */
  readonly icebergCatalogDatabase?: string;
  /**
   * Service account of the Job (the one an IAM role is bound to, for a Secrets Manager admin).
   * @default the namespace's default
   */
  readonly serviceAccountName?: string;
  /** Size profile and placement of the pod. */
  readonly profile: SizeProfile;
  readonly placement: Placement;
  /**
   * What must exist first (the server, the Secrets, the role binding).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /**
   * The Argo CD Application that delivers the ConfigMap and the Job instead of Terraform.
   * @default none: Terraform applies them and waits for the Job
   */
  readonly manifests?: ManifestBundle;
  /**
   * With `manifests`: the sync wave of the ConfigMap and the Job within the Application (after the server's).
   * @default 0
   */
  readonly syncWave?: number;
}

/**
 * The Job's entry point. With a Secrets Manager admin it reads the JSON the init container fetched:
 * RDS-generated passwords contain no `"`, `'`, `/`, `@` or space, so the value runs to the next
 * quote; JSON escapes (`\\`) are undone.
 */
export const BOOTSTRAP_SCRIPT = `set -eu
secret=/run/admin/secret.json
if [ -f "$secret" ]; then
  field() { sed -n "s/.*\\"$1\\" *: *\\"\\(\\([^\\"\\\\\\\\]\\|\\\\\\\\.\\)*\\)\\".*/\\1/p" "$secret" | sed 's/\\\\\\(.\\)/\\1/g'; }
  PGUSER=$(field username)
  PGPASSWORD=$(field password)
  export PGUSER PGPASSWORD
fi
exec psql -X -v ON_ERROR_STOP=1 -f /bootstrap/bootstrap.sql
`;

const MOUNT = "/bootstrap";
/** The script ConfigMap's name in the spec a Job name is hashed from (it is the Job's own name). */
const SCRIPT_PLACEHOLDER = "script";
const ADMIN_MOUNT = "/run/admin";

/**
 * The idempotent bootstrap of the platform PostgreSQL as a Kubernetes Job: a ConfigMap holding the
 * SQL of {@link bootstrapSql} and its entry point, and a Job that runs them with psql and that
 * Terraform waits for. Both are named after a hash of the SQL and its inputs, so a change replaces
 * the Job (and runs it again) while an unchanged plan leaves it be.
 */
export class PostgresBootstrapJob extends Construct {
  /** The Job, where Terraform applies it (no `manifests`). */
  public readonly job?: KubernetesRawResource;
  /** The ConfigMap, where Terraform applies it (no `manifests`). */
  public readonly configMap?: ConfigMapV1;
  /** What consumers wait for: the Job (Terraform waits for it to complete), or the Application delivering it. */
  public readonly ready: ITerraformDependable;
  /** `postgres-bootstrap-<hash>` (resolved at synth). */
  public readonly jobName: string;

  constructor(scope: Construct, id: string, props: PostgresBootstrapJobProps) {
    super(scope, id);
    const sql = bootstrapSql({
      databases: props.databases,
      icebergCatalogDatabase: props.icebergCatalogDatabase,
    });
    const resources = sized(props.profile, {
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    });
    const inputs = {
      sql,
      script: BOOTSTRAP_SCRIPT,
      host: props.host,
      port: props.port,
      admin: props.admin,
      ssl: props.sslMode,
      image: POSTGRES_IMAGE,
    };
    // Hashed once resolved: a token's placeholder depends on how many tokens were made before it,
    // the Terraform reference it resolves to does not. The Job's whole spec is hashed too: a Job's pod
    // template cannot change in place, so any change (resources, placement…) makes a new Job.
    const synthName = Lazy.stringValue({
      produce: (context) =>
        `postgres-bootstrap-${createHash("sha256")
          .update(JSON.stringify(context.resolve({ inputs, spec: jobOf(SCRIPT_PLACEHOLDER).spec })))
          .digest("hex")
          .slice(0, 10)}`,
    });
    // Under Argo CD, Terraform's references (the RDS address, the master secret) name it too.
    // (Read once the Job's spec exists below.)
    const suffix = Lazy.stringValue({
      produce: () => {
        const digest = props.manifests
          ? applyTimeDigest({ inputs, spec: jobOf(SCRIPT_PLACEHOLDER).spec })
          : undefined;
        return digest ? `-${digest}` : "";
      },
    });
    this.jobName = `${synthName}${suffix}`;
    const script = {
      metadata: { name: this.jobName, namespace: props.namespace },
      data: { "bootstrap.sql": sql, "bootstrap.sh": BOOTSTRAP_SCRIPT },
    };
    const bundle = props.manifests;
    const wave = props.syncWave ?? 0;
    if (bundle) bundle.add(manifestOf("v1", "ConfigMap", script), wave);
    else {
      this.configMap = new ConfigMapV1(this, "Script", {
        provider: props.provider,
        ...script,
        dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      });
    }
    const configMapName = this.configMap?.metadata.name ?? this.jobName;
    const fromSecretsManager = props.admin.type === "secrets-manager" ? props.admin : undefined;
    const containerSecurity = {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      runAsUser: "999",
      capabilities: { drop: ["ALL"] },
    };
    const adminEnv =
      props.admin.type === "secret"
        ? [
            { name: "PGUSER", value: props.admin.user },
            {
              name: "PGPASSWORD",
              valueFrom: { secretKeyRef: { name: props.admin.secretName, key: props.admin.key } },
            },
          ]
        : [];
    const jobOf = (configMapName: string) => ({
      metadata: {
        name: this.jobName,
        namespace: props.namespace,
        labels: { "app.kubernetes.io/name": "postgres-bootstrap" },
      },
      spec: {
        backoffLimit: 4,
        template: {
          metadata: { labels: { "app.kubernetes.io/name": "postgres-bootstrap" } },
          spec: {
            restartPolicy: "Never",
            serviceAccountName: props.serviceAccountName,
            // psql calls no Kubernetes API; IRSA and Pod Identity project tokens of their own.
            automountServiceAccountToken: false,
            nodeSelector: props.placement.nodeSelector ? { ...props.placement.nodeSelector } : undefined,
            toleration: props.placement.tolerations?.map((t) => ({ ...t })),
            securityContext: { seccompProfile: { type: "RuntimeDefault" }, fsGroup: "999" },
            initContainer: fromSecretsManager
              ? [
                  {
                    name: "read-admin-secret",
                    image: AWS_CLI_IMAGE,
                    command: [
                      "sh",
                      "-c",
                      `aws secretsmanager get-secret-value --secret-id "$SECRET_ARN" --region "$AWS_REGION" --query SecretString --output text > ${ADMIN_MOUNT}/secret.json`,
                    ],
                    env: [
                      { name: "SECRET_ARN", value: fromSecretsManager.secretArn },
                      { name: "AWS_REGION", value: fromSecretsManager.region },
                      { name: "HOME", value: "/tmp" },
                    ],
                    resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
                    securityContext: containerSecurity,
                    volumeMount: [
                      { name: "admin", mountPath: ADMIN_MOUNT },
                      { name: "tmp", mountPath: "/tmp" },
                    ],
                  },
                ]
              : undefined,
            container: [
              {
                name: "psql",
                image: POSTGRES_IMAGE,
                command: ["sh", `${MOUNT}/bootstrap.sh`],
                env: [
                  { name: "PGHOST", value: props.host },
                  { name: "PGPORT", value: String(props.port) },
                  { name: "PGDATABASE", value: "postgres" },
                  { name: "PGSSLMODE", value: props.sslMode },
                  ...adminEnv,
                  ...props.databases.map((db) => ({
                    name: db.passwordVariable,
                    valueFrom: {
                      secretKeyRef: { name: props.passwordsSecretName, key: db.passwordVariable },
                    },
                  })),
                ],
                resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
                securityContext: containerSecurity,
                volumeMount: [
                  { name: "script", mountPath: MOUNT, readOnly: true },
                  ...(fromSecretsManager ? [{ name: "admin", mountPath: ADMIN_MOUNT, readOnly: true }] : []),
                ],
              },
            ],
            volume: [
              { name: "script", configMap: { name: configMapName } },
              ...(fromSecretsManager
                ? [
                    { name: "admin", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
                    { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
                  ]
                : []),
            ],
          },
        },
      },
    });
    this.job = rawObject(this, "Resource", {
      type: "kubernetes_job_v1",
      apiVersion: "batch/v1",
      kind: "Job",
      provider: props.provider,
      dependsOn: [...(this.configMap ? [this.configMap] : []), ...(props.dependsOn ?? [])],
      attributes: jobOf(configMapName),
      terraformOnly: { waitForCompletion: true, timeouts: { create: "10m", update: "10m" } },
      manifests: bundle,
      syncWave: wave,
    });
    this.ready = this.job ?? bundle!.application;
  }
}
