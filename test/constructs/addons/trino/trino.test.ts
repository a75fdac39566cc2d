import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import { TRINO_CHART } from "../../../../constructs/addons/trino/chart";
import { Trino, type TrinoProps } from "../../../../constructs/addons/trino/trino";
import { BASE } from "./fixtures";

type Json = Record<string, unknown>;

/** A stack with Trino; its synthesized resources by type and name. */
function build(changes: Partial<TrinoProps> = {}): {
  trino: Trino;
  resources: Record<string, Record<string, Json>>;
} {
  const stack = new TerraformStack(Testing.app(), "test");
  const { jdbcSecretName, passwordFileSecretName, sharedSecret, ...props } = BASE;
  void passwordFileSecretName;
  void sharedSecret;
  const trino = new Trino(stack, "Trino", {
    ...props,
    jdbcSecretName,
    helmProvider: new HelmProvider(stack, "helm", {}),
    kubernetesProvider: new KubernetesProvider(stack, "kubernetes", {}),
    ...changes,
  });
  const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Json>> };
  return { trino, resources: json.resource };
}

function secretNamed(resources: Record<string, Record<string, Json>>, name: string): Json {
  const found = Object.values(resources.kubernetes_secret_v1).find(
    (secret) => (secret.metadata as { name: string }).name === name,
  );
  if (!found) throw new Error(`no Secret ${name}`);
  return found;
}

describe("Trino add-on", () => {
  const { resources } = build();

  it("installs the pinned chart as release trino, after its Secrets", () => {
    const release = Object.values(resources.helm_release)[0];
    expect(release).toMatchObject({
      name: "trino",
      namespace: "trino",
      chart: "trino",
      version: TRINO_CHART.version,
    });
    expect(release.repository).toBe("https://trinodb.github.io/charts");
    expect((release.depends_on as string[]).filter((d) => d.startsWith("kubernetes_secret_v1"))).toHaveLength(
      2,
    );
  });

  it("generates an admin and a service user, their plain passwords in trino-users", () => {
    expect(Object.keys(resources.random_password)).toHaveLength(3); // two users and the shared secret
    const users = secretNamed(resources, "trino-users");
    expect(Object.keys(users.data as Json)).toEqual(["admin", "trino-service"]);
    expect(Object.values(users.data as Json)).toEqual([
      expect.stringMatching(/^\$\{random_password\.[\w-]+\.result\}$/),
      expect.stringMatching(/^\$\{random_password\.[\w-]+\.result\}$/),
    ]);
  });

  it("writes the password file from random_password's bcrypt_hash, stable across plans (no bcrypt() function)", () => {
    const file = (secretNamed(resources, "trino-password-file").data as Json)["password.db"] as string;
    expect(file).toMatch(
      /^admin:\$\{random_password\.[\w-]+\.bcrypt_hash\}\ntrino-service:\$\{random_password\.[\w-]+\.bcrypt_hash\}\n$/,
    );
    expect(file).not.toContain("bcrypt(");
  });

  it("generates the internal shared secret into its own Secret", () => {
    expect(Object.keys(secretNamed(resources, "trino-internal").data as Json)).toEqual(["shared-secret"]);
  });

  it("gives Helm no generated value: the values name Secrets only", () => {
    const values = (Object.values(resources.helm_release)[0].values as string[]).join("\n");
    expect(values).not.toMatch(/random_password|\$\{(?!ENV:)/);
    expect(parseYaml(values)).toMatchObject({ auth: { passwordAuthSecret: "trino-password-file" } });
  });

  it("gives the release the platform CA's truststore when a CA bundle is given, none otherwise", () => {
    const values = (built: ReturnType<typeof build>) =>
      parseYaml((Object.values(built.resources.helm_release)[0].values as string[])[0]) as Json;
    const ca = values(build({ caBundle: { configMapName: "platform-ca" } }));
    expect(ca).toMatchObject({
      initContainers: { coordinator: [{ name: "build-truststore" }], worker: [{ name: "build-truststore" }] },
      coordinator: {
        additionalJVMConfig: expect.arrayContaining([
          "-Djavax.net.ssl.trustStore=/etc/platform-truststore/cacerts",
        ]),
      },
    });
    expect(JSON.stringify(ca)).not.toMatch(/\$\{(?!ENV:)/);
    expect(values(build())).not.toHaveProperty("initContainers");
  });

  it("refuses at synth, naming the field, workers max < min", () => {
    expect(() => build({ minWorkers: 4, maxWorkers: 2 })).toThrow(
      /Trino\/Release: release trino \(trino\): maxWorkers: expected an integer of at least 1 and at least minWorkers \(4\), received 2/,
    );
  });

  it("refuses at synth a catalog type other than jdbc or hive_metastore", () => {
    expect(() => build({ catalogType: "rest" as "jdbc" })).toThrow(
      /catalogType: expected one of jdbc, hive_metastore, received "rest"/,
    );
  });

  it("refuses at synth hive_metastore without a URI", () => {
    expect(() => build({ catalogType: "hive_metastore" })).toThrow(
      /metastoreUri: catalogType hive_metastore needs/,
    );
  });

  it("refuses at synth a grace period shorter than the query limit", () => {
    expect(() => build({ maxQueryExecutionSeconds: 1800, gracePeriodSeconds: 300 })).toThrow(
      /gracePeriodSeconds: expected at least maxQueryExecutionSeconds \(1800\)/,
    );
  });

  it("keeps the coordinator from voluntary eviction in the standard profile only", () => {
    const budget = Object.values(resources.kubernetes_pod_disruption_budget_v1)[0];
    expect(budget).toMatchObject({
      metadata: { name: "trino-coordinator", namespace: "trino" },
      spec: {
        min_available: "1",
        selector: {
          match_labels: {
            "app.kubernetes.io/name": "trino",
            "app.kubernetes.io/instance": "trino",
            "app.kubernetes.io/component": "coordinator",
          },
        },
      },
    });
    const small = build({ profile: { name: "small", divisor: 20 } }).resources;
    expect(small.kubernetes_pod_disruption_budget_v1).toBeUndefined();
  });
});
