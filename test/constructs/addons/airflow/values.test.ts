import { ANYWHERE } from "../../../../constructs/addons/common/placement";
import { STANDARD_PROFILE } from "../../../../constructs/addons/common/size-profile";
import { LOGS_CONNECTION } from "../../../../constructs/addons/airflow/chart";
import { DAGS_VOLUME } from "../../../../constructs/addons/airflow/dag-sync";
import { OIDC_CLIENT_SECRET_ENV } from "../../../../constructs/addons/airflow/login";
import { type AirflowValuesProps, airflowValues } from "../../../../constructs/addons/airflow/values";
import { airflowSchemaErrors } from "../../../helpers/airflow-schema";
import { expectDividedBy20 } from "../../../helpers/sized-values";

type Container = {
  name: string;
  env?: Array<{ name: string; valueFrom?: unknown }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  command?: string[];
  securityContext?: Record<string, unknown>;
};
type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a chart's values tree, read by path

const OIDC = {
  type: "oidc" as const,
  issuerUrl: "https://keycloak.example.com/realms/data",
  clientId: "airflow",
  clientSecret: { name: "airflow-oidc", key: "client-secret" },
  roleClaim: "groups",
  roleMapping: { "airflow-admins": ["Admin" as const] },
  defaultRole: "Viewer" as const,
};

function props(changes: Partial<AirflowValuesProps> = {}): AirflowValuesProps {
  return {
    profile: STANDARD_PROFILE,
    placement: { nodeSelector: { "karpenter.sh/capacity-type": "on-demand" } },
    taskPlacement: { nodeSelector: { "node.dataplatform.io/pool": "default" } },
    imageTag: "3.2.1",
    dagSyncIntervalSeconds: 60,
    staticCredentials: false,
    remoteLogFolder: "s3://airflow-logs/logs",
    login: { type: "generated-admin" },
    ...changes,
  };
}

/** The values, read by path. */
const av = (p: AirflowValuesProps): Values => airflowValues(p) as Values;

const LONG_RUNNING = ["scheduler", "dagProcessor", "triggerer", "apiServer"] as const;

describe("Airflow values", () => {
  const variants: Array<[string, Values]> = [
    ["standard, S3, generated admin", av(props())],
    [
      "small, MinIO, OIDC",
      airflowValues(
        props({
          profile: { name: "small", divisor: 20 },
          placement: ANYWHERE,
          taskPlacement: ANYWHERE,
          staticCredentials: true,
          login: OIDC,
        }),
      ),
    ],
  ];

  it.each(variants)("(%s) validate against the chart's own values.schema.json", (_, values) => {
    expect(airflowSchemaErrors(values)).toEqual([]);
  });

  it("would catch a key the schema does not know (the check can fail)", () => {
    const values = av(props());
    expect(
      airflowSchemaErrors({ ...values, webserver: { defaultUser: { enabled: true }, nope: 1 } }).join("\n"),
    ).toMatch(/additional/);
  });

  it("use the KubernetesExecutor without the chart's PostgreSQL or Redis, on the bootstrap's metadata Secret", () => {
    const v = av(props());
    expect(v.executor).toBe("KubernetesExecutor");
    expect(v.postgresql).toEqual({ enabled: false });
    expect(v.redis).toEqual({ enabled: false });
    expect(v.data).toEqual({ metadataSecretName: "airflow-metadata" });
  });

  it("refer to the generated keys by Secret name, never by value", () => {
    const v = av(props());
    expect([v.fernetKeySecretName, v.apiSecretKeySecretName, v.jwtSecretName]).toEqual([
      "airflow-fernet-key",
      "airflow-api-secret-key",
      "airflow-jwt-secret",
    ]);
    for (const key of ["fernetKey", "apiSecretKey", "jwtSecret", "webserverSecretKey"])
      expect(v[key]).toBeUndefined();
  });

  it("let Terraform run the migration and user jobs (no Helm hooks, no custom env)", () => {
    const v = av(props());
    for (const job of [v.migrateDatabaseJob, v.createUserJob]) {
      expect([job.useHelmHooks, job.applyCustomEnv]).toEqual([false, false]);
    }
  });

  it("configure Airflow 3's components, not the deprecated webserver", () => {
    const v = av(props());
    expect(v.webserver).toBeUndefined();
    for (const c of LONG_RUNNING) expect(v[c]).toBeDefined();
  });

  it("give each long-running component a looping sync sidecar on the DAGs volume, mounted read-only by Airflow", () => {
    const v = av(props());
    for (const c of LONG_RUNNING) {
      const containers = v[c].extraContainers as Container[];
      expect(containers).toHaveLength(1);
      expect(containers[0].name).toBe("dag-sync");
      expect(containers[0].command?.at(-1)).toBe("loop");
      expect(containers[0].volumeMounts).toContainEqual({
        name: DAGS_VOLUME,
        mountPath: "/opt/airflow/dags",
      });
      expect(v[c].extraVolumeMounts).toEqual([
        { name: DAGS_VOLUME, mountPath: "/opt/airflow/dags", readOnly: true },
      ]);
      expect(v[c].extraVolumes).toContainEqual({ name: DAGS_VOLUME, emptyDir: {} });
    }
  });

  it("give the task pod template a one-shot sync init container on the same volume and folder", () => {
    const k = av(props()).workers.kubernetes;
    const init = k.extraInitContainers as Container[];
    expect(init).toHaveLength(1);
    expect(init[0].command?.at(-1)).toBe("once");
    expect(init[0].volumeMounts).toContainEqual({ name: DAGS_VOLUME, mountPath: "/opt/airflow/dags" });
    expect(k.extraVolumeMounts).toEqual([
      { name: DAGS_VOLUME, mountPath: "/opt/airflow/dags", readOnly: true },
    ]);
    expect(k.extraVolumes).toContainEqual({ name: DAGS_VOLUME, emptyDir: {} });
  });

  it("run the sync containers non-root, read-only, without privileges, with resources", () => {
    const v = av(props());
    const all = [
      ...LONG_RUNNING.map((c) => (v[c].extraContainers as Container[])[0]),
      v.workers.kubernetes.extraInitContainers[0] as Container,
    ];
    expect(all).toHaveLength(5);
    for (const c of all) {
      expect(c.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 50000,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(c).toHaveProperty("resources.limits.memory");
    }
  });

  it("read the DAGs with the pod's role on S3, with the MinIO user's keys on MinIO", () => {
    const names = (v: Values) =>
      ((v.scheduler.extraContainers as Container[])[0].env ?? []).map((e) => e.name);
    expect(names(av(props()))).not.toContain("AWS_ACCESS_KEY_ID");
    const minio = (av(props({ staticCredentials: true })).scheduler.extraContainers as Container[])[0].env!;
    expect(minio).toContainEqual({
      name: "AWS_SECRET_ACCESS_KEY",
      valueFrom: { secretKeyRef: { name: "object-store-credentials", key: "secretKey" } },
    });
  });

  it("send task logs to the object store through a connection read from a Secret", () => {
    const v = av(props({ remoteLogFolder: "s3://bucket-x/logs" }));
    expect(v.config.logging).toMatchObject({
      remote_logging: "True",
      remote_base_log_folder: "s3://bucket-x/logs",
      remote_log_conn_id: LOGS_CONNECTION.id,
    });
    expect(v.secret).toEqual([
      {
        envName: "AIRFLOW_CONN_OBJECT_STORE_LOGS",
        secretName: LOGS_CONNECTION.secretName,
        secretKey: "connection",
      },
    ]);
  });

  it("without OIDC: one admin created from the generated Secret, the password never in the values", () => {
    const v = av(props());
    expect(v.createUserJob.enabled).toBe(true);
    expect(v.createUserJob.env).toContainEqual({
      name: "ADMIN_PASSWORD",
      valueFrom: { secretKeyRef: { name: "airflow-admin", key: "password" } },
    });
    expect(v.createUserJob.args.join(" ")).toContain('--password "$ADMIN_PASSWORD"');
    expect(v.createUserJob.defaultUser).toBeUndefined();
    expect(v.apiServer.apiServerConfig).toBeUndefined();
  });

  it("with OIDC: no user job, AUTH_OAUTH in the api-server's config, the client secret from its Secret", () => {
    const v = av(props({ login: OIDC }));
    expect(v.createUserJob.enabled).toBe(false);
    expect(v.apiServer.apiServerConfig).toMatch(/^AUTH_TYPE = AUTH_OAUTH$/m);
    expect(v.apiServer.apiServerConfig).toContain(
      '"server_metadata_url": "https://keycloak.example.com/realms/data/.well-known/openid-configuration"',
    );
    expect(v.apiServer.env).toEqual([
      {
        name: OIDC_CLIENT_SECRET_ENV,
        valueFrom: { secretKeyRef: { name: "airflow-oidc", key: "client-secret" } },
      },
    ]);
  });

  it("contain no `${`, which Terraform would read as an interpolation", () => {
    for (const [, v] of variants) expect(JSON.stringify(v)).not.toContain("${");
  });

  it("divide every request and limit by the small profile's divisor", () => {
    // The Python processes' memory limits stop at their floors (an idle scheduler holds ~300–500 MiB).
    const floors = {
      "scheduler.resources": "1Gi",
      "apiServer.resources": "1Gi",
      "dagProcessor.resources": "1Gi",
      "triggerer.resources": "512Mi",
      "workers.kubernetes.resources": "512Mi",
      "migrateDatabaseJob.resources": "512Mi",
      "createUserJob.resources": "512Mi",
    };
    expectDividedBy20(av(props()), av(props({ profile: { name: "small", divisor: 20 } })), floors);
  });

  it("keep PodDisruptionBudgets and two schedulers and api-servers in standard, none in small", () => {
    const standard = av(props());
    const small = av(props({ profile: { name: "small", divisor: 20 } }));
    for (const c of LONG_RUNNING) {
      expect(standard[c].podDisruptionBudget.enabled).toBe(true);
      expect(small[c].podDisruptionBudget.enabled).toBe(false);
    }
    expect([standard.scheduler.replicas, standard.apiServer.replicas, small.scheduler.replicas]).toEqual([
      2, 2, 1,
    ]);
  });

  it("place the long-running components on On-Demand capacity and task pods where they are told", () => {
    const v = av(props());
    for (const c of LONG_RUNNING)
      expect(v[c].nodeSelector).toEqual({ "karpenter.sh/capacity-type": "on-demand" });
    expect(v.workers.kubernetes.nodeSelector).toEqual({ "node.dataplatform.io/pool": "default" });
  });
});
