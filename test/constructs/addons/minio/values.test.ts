import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { ANYWHERE } from "../../../../constructs/addons/common/placement";
import { type ContainerResources, sized } from "../../../../constructs/addons/common/size-profile";
import { MINIO_IMAGE, MINIO_MC_IMAGE, minioEndpoint } from "../../../../constructs/addons/minio/chart";
import {
  type MinioValues,
  type MinioValuesProps,
  minioValues,
  minioValuesProblems,
  withoutChartProvisioning,
} from "../../../../constructs/addons/minio/values";
import { KUBERNETES_PASS_THROUGH_KEYS, unknownValuesKeys } from "../../../helpers/chart-values";
import { schemaFile } from "../../../helpers/crd-validation";
import { APPLICATIONS, BUCKETS, SMALL, STANDARD } from "./fixtures";

/** The chart passes `containerSecurityContext` verbatim to the server container (`toYaml`). */
const PASS_THROUGH = [...KUBERNETES_PASS_THROUGH_KEYS, "containerSecurityContext"];

function props(changes: Partial<MinioValuesProps> = {}): MinioValuesProps {
  return {
    profile: STANDARD,
    placement: { nodeSelector: { role: "system" }, tolerations: [{ key: "system", operator: "Exists" }] },
    storageClassName: "gp3",
    rootSecretName: "minio-root",
    buckets: BUCKETS,
    users: APPLICATIONS.map((app) => ({
      ...app,
      secretName: `minio-user-${app.name}`,
      secretKey: "secretKey",
    })),
    ...changes,
  };
}

/** Every `resources` block of a values tree, by dotted path. */
function resourceBlocks(value: unknown, at = ""): Map<string, ContainerResources> {
  const found = new Map<string, ContainerResources>();
  if (typeof value !== "object" || value === null || Array.isArray(value)) return found;
  for (const [key, child] of Object.entries(value)) {
    const where = at ? `${at}.${key}` : key;
    if (key === "resources") found.set(where, child as ContainerResources);
    else resourceBlocks(child, where).forEach((v, k) => found.set(k, v));
  }
  return found;
}

const chartDefaults = () =>
  parseYaml(readFileSync(schemaFile("minio", "values.yaml"), "utf8")) as Record<string, unknown>;

describe("MinIO values", () => {
  const variants: Array<[string, MinioValues]> = [
    ["standard", minioValues(props())],
    ["small", minioValues(props({ profile: SMALL, placement: ANYWHERE }))],
    ["standard with TLS", minioValues(props({ tlsSecretName: "minio-tls" }))],
    ["small with TLS", minioValues(props({ profile: SMALL, tlsSecretName: "minio-tls" }))],
  ];

  it.each(variants)("(%s) use only keys of the chart's values.yaml", (_, values) => {
    expect(unknownValuesKeys(values, schemaFile("minio", "values.yaml"), PASS_THROUGH)).toEqual([]);
  });

  it("would catch a misspelt key (the check can fail)", () => {
    const values = minioValues(props());
    const misspelt = { ...values, persistence: { ...values.persistence, storageClassName: "gp3" } };
    expect(unknownValuesKeys(misspelt, schemaFile("minio", "values.yaml"), PASS_THROUGH)).toEqual([
      "persistence.storageClassName",
    ]);
  });

  it.each(variants)("(%s) pass the add-on's own check", (_, values) => {
    expect(minioValuesProblems(values)).toEqual([]);
  });

  it("pin the server and mc images to the tags chart 5.4.0 defaults to", () => {
    const defaults = chartDefaults() as { image: { tag: string }; mcImage: { tag: string } };
    const values = minioValues(props());
    expect(values.image).toEqual({ ...MINIO_IMAGE, pullPolicy: "IfNotPresent" });
    expect(values.mcImage).toEqual({ ...MINIO_MC_IMAGE, pullPolicy: "IfNotPresent" });
    expect(values.image.tag).toBe(defaults.image.tag);
    expect(values.mcImage.tag).toBe(defaults.mcImage.tag);
    expect(values.image.tag).toBe("RELEASE.2024-12-18T13-15-44Z");
    expect(values.mcImage.tag).toBe("RELEASE.2024-11-21T17-21-54Z");
  });

  it("run one standalone server in the small profile", () => {
    const values = minioValues(props({ profile: SMALL, replicas: 8 }));
    expect(values).toMatchObject({
      mode: "standalone",
      replicas: 1,
      deploymentUpdate: { type: "Recreate" },
      podDisruptionBudget: { enabled: false },
      persistence: { enabled: true, size: "10Gi", storageClass: "gp3", accessMode: "ReadWriteOnce" },
    });
  });

  it("run a distributed MinIO of 4 servers on 100Gi volumes in the standard profile", () => {
    expect(minioValues(props())).toMatchObject({
      mode: "distributed",
      replicas: 4,
      drivesPerNode: 1,
      pools: 1,
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      persistence: { enabled: true, size: "100Gi", storageClass: "gp3" },
    });
    expect(minioValues(props({ replicas: 6, volumeSize: "500Gi" }))).toMatchObject({
      replicas: 6,
      persistence: { size: "500Gi" },
    });
  });

  it("leave the StorageClass to the cluster's default when none is given", () => {
    expect(minioValues(props({ storageClassName: undefined })).persistence).not.toHaveProperty(
      "storageClass",
    );
  });

  it("take the root credentials from the Secret and never set them", () => {
    const values = minioValues(props()) as unknown as Record<string, unknown>;
    expect(values.existingSecret).toBe("minio-root");
    expect(values).not.toHaveProperty("rootUser");
    expect(values).not.toHaveProperty("rootPassword");
  });

  it("take every user's secret key from its Secret, never a literal", () => {
    expect(minioValues(props()).users).toEqual([
      {
        accessKey: "trino",
        existingSecret: "minio-user-trino",
        existingSecretKey: "secretKey",
        policy: "trino-readwrite",
      },
      {
        accessKey: "airflow",
        existingSecret: "minio-user-airflow",
        existingSecretKey: "secretKey",
        policy: "airflow-readwrite",
      },
    ]);
  });

  it("replace the chart's default console user (consoleAdmin, literal password) even without applications", () => {
    const defaults = chartDefaults() as { users: Array<{ accessKey: string }> };
    expect(defaults.users.map((u) => u.accessKey)).toContain("console");
    expect(minioValues(props({ users: [] })).users).toEqual([]);
    expect(minioValues(props({ users: [] })).svcaccts).toEqual([]);
  });

  it("create the four buckets, versioned except the exchange, never purged or public", () => {
    expect(minioValues(props()).buckets).toEqual([
      { name: "trino-data", policy: "none", purge: false, versioning: true, objectlocking: false },
      { name: "trino-exchange", policy: "none", purge: false, versioning: false, objectlocking: false },
      { name: "airflow", policy: "none", purge: false, versioning: true, objectlocking: false },
      { name: "airflow-logs", policy: "none", purge: false, versioning: true, objectlocking: false },
    ]);
  });

  it.each(APPLICATIONS.map((app) => [app.name, app.buckets] as const))(
    "give %s a policy on its own buckets only, without wildcard or admin actions",
    (name, buckets) => {
      const policy = minioValues(props()).policies.find((p) => p.name === `${name}-readwrite`)!;
      const resources = policy.statements.flatMap((s) => s.resources).sort();
      const own = buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]).sort();
      expect(resources).toEqual(own);
      const actions = policy.statements.flatMap((s) => s.actions);
      expect(actions.filter((a) => a.includes("*") || a.startsWith("admin:"))).toEqual([]);
      expect(actions.every((a) => a.startsWith("s3:"))).toBe(true);
      expect(actions).toEqual(
        expect.arrayContaining(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]),
      );
      expect(actions).not.toEqual(expect.arrayContaining(["s3:CreateBucket"]));
      expect(actions).not.toEqual(expect.arrayContaining(["s3:DeleteBucket"]));
      expect(policy.statements.every((s) => s.effect === "Allow")).toBe(true);
    },
  );

  it("set every resources block the chart has, and size each one (small = standard / 20, rounded up)", () => {
    const standard = resourceBlocks(minioValues(props()));
    const small = resourceBlocks(minioValues(props({ profile: SMALL })));
    expect([...standard.keys()].sort()).toEqual([...resourceBlocks(chartDefaults()).keys()].sort());
    expect([...small.keys()].sort()).toEqual([...standard.keys()].sort());
    for (const [path, resources] of standard) {
      expect(resources.requests?.cpu).toBeDefined();
      expect(resources.requests?.memory).toBeDefined();
      expect(resources.limits?.memory).toBeDefined();
      expect({ path, resources: small.get(path) }).toEqual({ path, resources: sized(SMALL, resources) });
    }
    expect(small.get("resources")).toEqual({
      requests: { cpu: "25m", memory: "103Mi" },
      limits: { cpu: "100m", memory: "410Mi" },
    });
  });

  it("run every pod as a non-root user, with no ingress and authenticated metrics", () => {
    const values = minioValues(props());
    expect(values.securityContext).toMatchObject({ enabled: true, runAsNonRoot: true, runAsUser: 1000 });
    expect(values.postJob.securityContext).toMatchObject({
      enabled: true,
      runAsNonRoot: true,
      runAsUser: 1000,
    });
    expect(values.containerSecurityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(values.ingress).toEqual({ enabled: false });
    expect(values.consoleIngress).toEqual({ enabled: false });
    expect(values.metrics.serviceMonitor.public).toBe(false);
  });

  it("place the servers and the post-install Job alike (the chart reads postJob's placement)", () => {
    const values = minioValues(props());
    expect(values.nodeSelector).toEqual({ role: "system" });
    expect(values.postJob.nodeSelector).toEqual({ role: "system" });
    expect(values.postJob.tolerations).toEqual([{ key: "system", operator: "Exists" }]);
    const anywhere = minioValues(props({ placement: ANYWHERE }));
    expect(anywhere).not.toHaveProperty("nodeSelector");
    expect(anywhere.postJob).not.toHaveProperty("nodeSelector");
  });

  it("serve TLS from the kubernetes.io/tls Secret's tls.crt and tls.key when asked, HTTP otherwise", () => {
    expect(minioValues(props({ tlsSecretName: "minio-tls" })).tls).toEqual({
      enabled: true,
      certSecret: "minio-tls",
      publicCrt: "tls.crt",
      privateKey: "tls.key",
    });
    expect(minioValues(props()).tls).toEqual({ enabled: false });
    expect(minioEndpoint("minio")).toBe("http://minio.minio.svc:9000");
    expect(minioEndpoint("minio", true)).toBe("https://minio.minio.svc:9000");
  });
});

describe("MinIO values without the chart's provisioning", () => {
  it("hold no bucket, user or policy (nor the chart's default console user), and nothing else changes", () => {
    const values = minioValues(props({ tlsSecretName: "minio-tls" }));
    const without = withoutChartProvisioning(values);
    expect(without).toMatchObject({ buckets: [], users: [], policies: [], svcaccts: [] });
    expect(without).not.toHaveProperty("customCommands");
    expect({ ...without, buckets: values.buckets, users: values.users, policies: values.policies }).toEqual(
      values,
    );
    expect(unknownValuesKeys(without, schemaFile("minio", "values.yaml"), PASS_THROUGH)).toEqual([]);
    expect(values.buckets).toHaveLength(4);
  });
});

describe("the MinIO values check", () => {
  const problems = (changes: Partial<MinioValuesProps>) => minioValuesProblems(minioValues(props(changes)));

  it.each([3, 1, 2.5])("refuses %s distributed servers", (replicas) => {
    expect(problems({ replicas }).join("\n")).toMatch(
      new RegExp(`replicas: expected an integer of at least 4 in distributed mode .*received ${replicas}`),
    );
  });

  it.each([17, 19, 23])("refuses %s servers, which make no erasure set of 4 to 16 drives", (replicas) => {
    expect(problems({ replicas }).join("\n")).toMatch(/make no erasure set of 4 to 16 drives/);
  });

  it("refuses a policy on a bucket that is not created", () => {
    const users = [{ name: "spark", buckets: ["spark-events"], secretName: "s", secretKey: "secretKey" }];
    expect(problems({ users })).toEqual([
      'policy spark-readwrite: names buckets that are not created: ["spark-events"] (created: ["trino-data","trino-exchange","airflow","airflow-logs"])',
    ]);
  });

  it("refuses a user declared twice and a bucket declared twice", () => {
    const user = { name: "trino", buckets: ["trino-data"], secretName: "s", secretKey: "secretKey" };
    expect(problems({ users: [user, user], buckets: [...BUCKETS, BUCKETS[0]] })).toEqual([
      'buckets: each bucket once, received twice ["trino-data"]',
      'users: each user once, received twice ["trino"]',
    ]);
  });

  it("refuses bad bucket and user names, a user without buckets and a bad volume size", () => {
    const user = { name: "Trino_1", buckets: [], secretName: "s", secretKey: "secretKey" };
    expect(
      problems({ users: [user], buckets: [{ name: "Bad_Bucket", versioning: true }], volumeSize: "100GB" }),
    ).toEqual([
      'persistence.size: expected a size such as 100Gi, received "100GB"',
      'buckets: expected S3 bucket names (3-63 lower-case letters, digits, dots and hyphens), received ["Bad_Bucket"]',
      'users: expected names of 3-32 lower-case letters, digits and hyphens starting with a letter, received ["Trino_1"]',
      "policy Trino_1-readwrite: expected at least one bucket, received none",
    ]);
  });

  it("refuses wildcard and admin actions, literal secrets and root credentials in values", () => {
    const values = minioValues(props());
    const tampered = {
      ...values,
      rootPassword: "x",
      policies: [
        {
          name: "trino-readwrite",
          statements: [
            { effect: "Allow", resources: ["arn:aws:s3:::trino-data/*"], actions: ["s3:*", "admin:*"] },
          ],
        },
        values.policies[1],
      ],
      users: [{ ...values.users[0], secretKey: "literal" }, values.users[1]],
    } as unknown as MinioValues;
    expect(minioValuesProblems(tampered)).toEqual([
      'users: expected each secret key from existingSecret, received a literal for ["trino"]',
      'policy trino-readwrite: expected named s3 actions only, received ["s3:*","admin:*"]',
      "rootUser/rootPassword: expected the root credentials from existingSecret only",
    ]);
  });
});
