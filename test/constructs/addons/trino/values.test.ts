import { MONITOR_SELECTOR_LABEL } from "../../../../constructs/addons/kube-prometheus-stack/chart";
import { SCALE_DOWN_BEHAVIOR } from "../../../../constructs/addons/trino/autoscaling";
import { TRINO_IMAGE } from "../../../../constructs/addons/trino/chart";
import { trinoSettingsProblems } from "../../../../constructs/addons/trino/settings";
import {
  STANDARD_RESOURCES,
  type TrinoValuesProps,
  terminationGracePeriodSeconds,
  trinoValues,
} from "../../../../constructs/addons/trino/values";
import { unknownValuesKeys } from "../../../helpers/chart-values";
import { schemaFile } from "../../../helpers/crd-validation";
import { expectDividedBy20 } from "../../../helpers/sized-values";
import { BASE, OIDC, S3_STORE, at } from "./fixtures";

const VALUES_YAML = schemaFile("trino", "values.yaml");

const CASES: ReadonlyArray<[string, TrinoValuesProps]> = [
  ["MinIO, no Karpenter, standard", BASE],
  [
    "S3 with IRSA, Karpenter pools, OIDC, small",
    {
      ...BASE,
      profile: { name: "small", divisor: 20 },
      objectStore: S3_STORE,
      karpenterPools: true,
      oidc: OIDC,
      serviceAccountAnnotations: {
        "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/p-trino-s3",
      },
    },
  ],
  [
    "MinIO behind a TLS ingress",
    { ...BASE, ingress: { host: "trino.example.com", tlsSecretName: "trino-tls", className: "nginx" } },
  ],
  [
    "Hive metastore, scale to zero",
    { ...BASE, catalogType: "hive_metastore", metastoreUri: "thrift://hms:9083", minWorkers: 0 },
  ],
];

/** `env` entries of the values, by variable name: the Secret and key each reads. */
function envFrom(values: Record<string, unknown>): Record<string, string> {
  const env = values.env as Array<{
    name: string;
    valueFrom: { secretKeyRef: { name: string; key: string } };
  }>;
  return Object.fromEntries(
    env.map((e) => [e.name, `${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`]),
  );
}

describe("Trino values", () => {
  it.each(CASES)("has only keys of the chart's values.yaml (%s)", (_, props) => {
    expect(unknownValuesKeys(trinoValues(props), VALUES_YAML)).toEqual([]);
  });

  it("and the check fails on a misspelt key of these values", () => {
    const { auth, ...values } = trinoValues(BASE);
    expect(unknownValuesKeys({ ...values, authentication: auth }, VALUES_YAML)).toEqual([
      "authentication.passwordAuthSecret",
    ]);
  });

  it("pins the image to the chart's appVersion and creates the `trino` service account the IAM role is bound to", () => {
    const values = trinoValues(BASE);
    expect(values.image).toEqual({
      repository: "trinodb/trino",
      tag: TRINO_IMAGE.tag,
      pullPolicy: "IfNotPresent",
    });
    expect(TRINO_IMAGE.tag).toBe("480");
    expect(values.serviceAccount).toEqual({ create: true, name: "trino" });
  });

  it("reads every secret from Secrets through environment variables, MinIO's credentials only with MinIO", () => {
    expect(envFrom(trinoValues(BASE))).toEqual({
      ICEBERG_JDBC_URL: "iceberg-catalog/jdbc-url",
      ICEBERG_JDBC_USER: "iceberg-catalog/user",
      ICEBERG_JDBC_PASSWORD: "iceberg-catalog/password",
      OBJECT_STORE_ACCESS_KEY: "object-store-credentials/accessKey",
      OBJECT_STORE_SECRET_KEY: "object-store-credentials/secretKey",
      TRINO_INTERNAL_SHARED_SECRET: "trino-internal/shared-secret",
    });
    expect(Object.keys(envFrom(trinoValues({ ...BASE, objectStore: S3_STORE, oidc: OIDC })))).toEqual([
      "ICEBERG_JDBC_URL",
      "ICEBERG_JDBC_USER",
      "ICEBERG_JDBC_PASSWORD",
      "TRINO_INTERNAL_SHARED_SECRET",
      "TRINO_OAUTH2_CLIENT_SECRET",
    ]);
  });

  it("writes the iceberg catalog on the trino-data bucket and the exchange on the trino-exchange bucket", () => {
    const values = trinoValues(BASE);
    const catalog = at(values, "additionalCatalogs.iceberg") as string;
    expect(catalog).toContain("iceberg.catalog.type=jdbc\n");
    expect(catalog).toContain("iceberg.jdbc-catalog.default-warehouse-dir=s3://trino-data/warehouse\n");
    expect(catalog).toContain("s3.endpoint=http://minio.minio.svc:9000\n");
    expect(at(values, "server.exchangeManager")).toEqual({
      name: "filesystem",
      baseDir: ["s3://trino-exchange/exchange"],
    });
    expect(values.additionalExchangeManagerProperties).toEqual([
      "exchange.s3.region=us-east-1",
      "exchange.s3.endpoint=http://minio.minio.svc:9000",
      "exchange.s3.path-style-access=true",
      "exchange.s3.aws-access-key=${ENV:OBJECT_STORE_ACCESS_KEY}",
      "exchange.s3.aws-secret-key=${ENV:OBJECT_STORE_SECRET_KEY}",
    ]);
    expect(values.additionalConfigProperties).toEqual(
      expect.arrayContaining([
        "retry-policy=TASK",
        "query-manager.required-workers=1",
        "http-server.process-forwarded=true",
      ]),
    );
  });

  it("authenticates with the password file, and with OAUTH2 when an issuer is configured", () => {
    expect(at(trinoValues(BASE), "server.config.authenticationType")).toBe("PASSWORD");
    expect(at(trinoValues(BASE), "auth")).toEqual({ passwordAuthSecret: "trino-password-file" });
    const oidc = trinoValues({ ...BASE, oidc: OIDC });
    expect(at(oidc, "server.config.authenticationType")).toBe("PASSWORD,OAUTH2");
    expect(at(oidc, "server.coordinatorExtraConfig")).toBe(
      [
        "http-server.authentication.oauth2.issuer=https://keycloak.example.com/realms/data",
        "http-server.authentication.oauth2.client-id=trino",
        "http-server.authentication.oauth2.client-secret=${ENV:TRINO_OAUTH2_CLIENT_SECRET}",
      ].join("\n"),
    );
  });

  it("scales the workers with KEDA on the platform Prometheus, slowly down", () => {
    const keda = at(trinoValues({ ...BASE, minWorkers: 2, maxWorkers: 8 }), "server.keda") as Record<
      string,
      unknown
    >;
    expect(keda).toMatchObject({ enabled: true, minReplicaCount: 2, maxReplicaCount: 8 });
    const triggers = keda.triggers as Array<{
      type: string;
      metadata: { serverAddress: string; query: string };
    }>;
    expect(triggers.map((t) => [t.type, t.metadata.serverAddress])).toEqual([
      ["prometheus", BASE.prometheusUrl],
      ["prometheus", BASE.prometheusUrl],
    ]);
    expect(triggers[0].metadata.query).toContain(
      'trino_execution_QueryManager_QueuedQueries{namespace="trino", service="trino"}',
    );
    const scaleDown = at(keda, "advanced.horizontalPodAutoscalerConfig.behavior.scaleDown");
    expect(scaleDown).toEqual(SCALE_DOWN_BEHAVIOR);
    expect(SCALE_DOWN_BEHAVIOR.stabilizationWindowSeconds).toBeGreaterThanOrEqual(600);
  });

  it("drains workers for the grace period and gives the pod the whole shutdown sequence (at least the chart's 2×)", () => {
    const worker = at(
      trinoValues({ ...BASE, maxQueryExecutionSeconds: 600, gracePeriodSeconds: 900 }),
      "worker",
    ) as Record<string, unknown>;
    expect(worker.gracefulShutdown).toEqual({ enabled: true, gracePeriodSeconds: 900 });
    expect(worker.terminationGracePeriodSeconds).toBe(3 * 900 + 60);
    expect(terminationGracePeriodSeconds(900)).toBeGreaterThanOrEqual(2 * 900);
  });

  it("exports JMX metrics with a ServiceMonitor labelled for the platform's Prometheus", () => {
    const values = trinoValues(BASE);
    expect(at(values, "jmx.enabled")).toBe(true);
    expect(at(values, "jmx.exporter.enabled")).toBe(true);
    expect(at(values, "serviceMonitor")).toEqual({ enabled: true, labels: { ...MONITOR_SELECTOR_LABEL } });
  });

  it("places the coordinator on the On-Demand pool and the workers on the Spot pool with Karpenter, nowhere without", () => {
    const pools = trinoValues({ ...BASE, karpenterPools: true });
    expect(at(pools, "coordinator.nodeSelector")).toEqual({
      "node.dataplatform.io/pool": "trino-coordinator",
    });
    expect(at(pools, "coordinator.tolerations")).toEqual([
      {
        key: "node.dataplatform.io/dedicated",
        operator: "Equal",
        value: "trino-coordinator",
        effect: "NoSchedule",
      },
    ]);
    expect(at(pools, "worker.nodeSelector")).toEqual({ "node.dataplatform.io/pool": "trino-worker" });
    const none = trinoValues(BASE);
    expect([at(none, "coordinator.nodeSelector"), at(none, "worker.tolerations")]).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("sizes the coordinator, the workers and the exporter; the small profile divides them by 20", () => {
    const values = trinoValues(BASE);
    expect(at(values, "coordinator.resources")).toEqual(STANDARD_RESOURCES.coordinator);
    expect(at(values, "worker.resources")).toEqual(STANDARD_RESOURCES.worker);
    expectDividedBy20(values, trinoValues({ ...BASE, profile: { name: "small", divisor: 20 } }));
  });

  it("holds no secret value: only Secret names, keys and ${ENV:…} references", () => {
    const text = JSON.stringify(trinoValues({ ...BASE, oidc: OIDC }));
    expect(text.match(/\$\{(?!ENV:)[^}]*\}/g)).toBeNull();
    expect(text).not.toMatch(/password=(?!\$\{ENV:)/);
  });
});

describe("Trino settings validation", () => {
  const problems = (settings: Partial<TrinoValuesProps>) =>
    trinoSettingsProblems({ ...BASE, ...settings }, "trino");

  it("accepts the defaults", () => {
    expect(problems({})).toEqual([]);
  });

  it("refuses more workers at least than at most", () => {
    expect(problems({ minWorkers: 5, maxWorkers: 3 })).toEqual([
      "maxWorkers: expected an integer of at least 1 and at least minWorkers (5), received 3",
    ]);
  });

  it("refuses a catalog type other than jdbc or hive_metastore", () => {
    expect(problems({ catalogType: "glue" as "jdbc" })).toEqual([
      'catalogType: expected one of jdbc, hive_metastore, received "glue"',
    ]);
  });

  it("refuses hive_metastore without a thrift URI", () => {
    expect(problems({ catalogType: "hive_metastore" })).toEqual([
      "metastoreUri: catalogType hive_metastore needs the metastore's thrift://host:port URI, received null",
    ]);
  });

  it("refuses a grace period shorter than the query limit", () => {
    expect(problems({ maxQueryExecutionSeconds: 3600, gracePeriodSeconds: 600 })).toEqual([
      "gracePeriodSeconds: expected at least maxQueryExecutionSeconds (3600) so a draining worker finishes its queries, received 600",
    ]);
  });

  it("refuses an OIDC client secret in another namespace", () => {
    expect(
      problems({ oidc: { ...OIDC, clientSecret: { ...OIDC.clientSecret, namespace: "keycloak" } } }),
    ).toEqual([
      'oidc.clientSecret.namespace: Trino\'s pods read Secrets of namespace "trino" only, received "keycloak"',
    ]);
  });
});

describe("Trino behind an ingress", () => {
  it("declares the chart's Ingress with TLS on the host when asked, and none otherwise", () => {
    const ingress = { host: "trino.example.com", tlsSecretName: "trino-tls" };
    const values = trinoValues({ ...BASE, ingress }) as { ingress?: unknown };
    expect(values.ingress).toEqual({
      enabled: true,
      hosts: [{ host: "trino.example.com", paths: [{ path: "/", pathType: "Prefix" }] }],
      tls: [{ secretName: "trino-tls", hosts: ["trino.example.com"] }],
    });
    expect((trinoValues(BASE) as { ingress?: unknown }).ingress).toBeUndefined();
  });

  it("refuses a host that is not a DNS name and a TLS Secret name that is not a Kubernetes name", () => {
    expect(
      trinoSettingsProblems({ ingress: { host: "https://trino", tlsSecretName: "Trino_TLS" } }, "trino"),
    ).toEqual([
      'ingress.host: expected a DNS host name such as trino.example.com, received "https://trino"',
      'ingress.tlsSecretName: expected a Kubernetes Secret name, received "Trino_TLS"',
    ]);
    expect(
      trinoSettingsProblems(
        { ingress: { host: "t.example.com", tlsSecretName: "t", className: "Nginx Ingress" } },
        "trino",
      ),
    ).toEqual(['ingress.className: expected an IngressClass name, received "Nginx Ingress"']);
  });
});
