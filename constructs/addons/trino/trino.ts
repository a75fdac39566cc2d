import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { chartRelease, type ChartRelease, withoutReleases } from "../../helm/chart-release";
import type { ApplicationCatalogue } from "../../gitops/application-catalogue";
import { GeneratedSecret } from "../../kubernetes/generated-secret";
import { TRINO_CHART, TRINO_RELEASE_NAME } from "./chart";
import { trinoSettingsProblems } from "./settings";
import { type TrinoValuesProps, trinoValues } from "./values";

/** The users of the password file: an administrator and a service user for Airflow and other clients. */
export const TRINO_USERS = ["admin", "trino-service"] as const;
/** Secret of the users' plain passwords (one key per user), for the people and services that log in. */
export const TRINO_USERS_SECRET_NAME = "trino-users";
/** Secret of the bcrypt password file (key `password.db`), mounted by the chart on the coordinator. */
export const TRINO_PASSWORD_FILE_SECRET_NAME = "trino-password-file";
/** Secret of the internal-communication shared secret. */
export const TRINO_SHARED_SECRET_NAME = "trino-internal";
/** Its key. */
export const TRINO_SHARED_SECRET_KEY = "shared-secret";

/** The coordinator's PodDisruptionBudget. */
export const TRINO_COORDINATOR_PDB_NAME = "trino-coordinator";
/** The labels the chart selects the coordinator's pods with (release `trino`). */
export const TRINO_COORDINATOR_SELECTOR: Readonly<Record<string, string>> = {
  "app.kubernetes.io/name": "trino",
  "app.kubernetes.io/instance": TRINO_RELEASE_NAME,
  "app.kubernetes.io/component": "coordinator",
};

/** Properties of {@link Trino}. */
export interface TrinoProps extends Omit<
  TrinoValuesProps,
  "passwordFileSecretName" | "sharedSecret" | "jdbcSecretName"
> {
  /** Helm provider of the cluster. */
  readonly helmProvider: HelmProvider;
  /**
   * Argo CD catalogue that delivers the chart as an Application instead of a `helm_release`.
   * @default a Terraform `helm_release`
   */
  readonly gitOps?: ApplicationCatalogue;
  /** Kubernetes provider of the cluster (the Secrets). */
  readonly kubernetesProvider: KubernetesProvider;
  /**
   * The bootstrap's Secret in the namespace with keys `user`, `password` and `jdbc-url`.
   * @default "iceberg-catalog"
   */
  readonly jdbcSecretName?: string;
  /**
   * What must exist first: the namespace, the PostgreSQL bootstrap (the catalog's tables), the
   * object store and its settings, the kube-prometheus-stack release (ServiceMonitor CRD) and KEDA
   * (ScaledObject CRD).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/**
 * Trino from the community chart (1.42.2, Trino 480) over Iceberg: generated users in a bcrypt
 * password file, a generated internal shared secret, the catalog's credentials and the object
 * store's read from Secrets by environment variables (nothing generated ever reaches Helm values),
 * fault-tolerant execution on the exchange bucket, workers scaled by KEDA and draining gracefully.
 */
export class Trino extends Construct {
  public readonly release: ChartRelease;
  /** The values given to the chart. */
  public readonly values: Record<string, unknown>;
  /** Secret of the users' plain passwords (keys {@link TRINO_USERS}). */
  public readonly usersSecret: SecretV1;
  /** Secret of the bcrypt password file. */
  public readonly passwordFile: SecretV1;
  /** The coordinator's PodDisruptionBudget (`standard` profile only; the chart has none). */
  public readonly coordinatorBudget?: PodDisruptionBudgetV1;

  constructor(scope: Construct, id: string, props: TrinoProps) {
    super(scope, id);
    const labels = { "app.kubernetes.io/managed-by": "terraform", "app.kubernetes.io/part-of": "trino" };
    const metadata = (name: string) => ({ name, namespace: props.namespace, labels });
    // The Secrets wait for what they need (the namespace), never for a chart (see withoutReleases).
    const dependsOn = withoutReleases(props.dependsOn);
    const passwords = TRINO_USERS.map(
      (user) =>
        [
          user,
          new Password(this, `Password-${user}`, {
            length: 32,
            special: false,
            minUpper: 2,
            minLower: 2,
            minNumeric: 2,
          }),
        ] as const,
    );
    this.usersSecret = new SecretV1(this, "Users", {
      provider: props.kubernetesProvider,
      metadata: metadata(TRINO_USERS_SECRET_NAME),
      type: "Opaque",
      data: Object.fromEntries(passwords.map(([user, password]) => [user, password.result])),
      dependsOn,
    });
    // random_password's bcrypt_hash (Go's bcrypt, $2a$, cost 10) is computed once and kept in state,
    // unlike Terraform's bcrypt() function, which salts anew at every plan. Trino takes $2a$/$2b$/$2y$,
    // cost 8 or more.
    this.passwordFile = new SecretV1(this, "PasswordFile", {
      provider: props.kubernetesProvider,
      metadata: metadata(TRINO_PASSWORD_FILE_SECRET_NAME),
      type: "Opaque",
      data: {
        "password.db": passwords.map(([user, password]) => `${user}:${password.bcryptHash}\n`).join(""),
      },
      dependsOn,
    });
    const shared = new GeneratedSecret(this, "SharedSecret", {
      provider: props.kubernetesProvider,
      namespace: props.namespace,
      secretName: TRINO_SHARED_SECRET_NAME,
      generatedKeys: [TRINO_SHARED_SECRET_KEY],
      length: 64,
      labels,
      dependsOn,
    });
    const valuesProps: TrinoValuesProps = {
      ...props,
      jdbcSecretName: props.jdbcSecretName ?? "iceberg-catalog",
      passwordFileSecretName: TRINO_PASSWORD_FILE_SECRET_NAME,
      sharedSecret: { name: shared.secretName, key: TRINO_SHARED_SECRET_KEY },
    };
    const problems = trinoSettingsProblems(props, props.namespace);
    this.values = trinoValues(valuesProps);
    this.release = chartRelease(
      this,
      "Release",
      {
        provider: props.helmProvider,
        pin: TRINO_CHART,
        releaseName: TRINO_RELEASE_NAME,
        namespace: props.namespace,
        values: this.values,
        validateValues: () => problems,
        dependsOn: [this.passwordFile, shared.secret, ...(props.dependsOn ?? [])],
      },
      props.gitOps,
    );
    if (props.profile.name === "standard") {
      // One coordinator: a voluntary eviction (drain, consolidation) would fail every running query.
      // The budget makes drains wait; the coordinator pool's own budget replaces one node at a time.
      this.coordinatorBudget = new PodDisruptionBudgetV1(this, "CoordinatorBudget", {
        provider: props.kubernetesProvider,
        metadata: metadata(TRINO_COORDINATOR_PDB_NAME),
        spec: {
          minAvailable: "1",
          selector: { matchLabels: TRINO_COORDINATOR_SELECTOR },
        },
        dependsOn: [this.release],
      });
    }
  }
}
