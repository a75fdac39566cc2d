import { readFileSync } from "node:fs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import { ANYWHERE } from "../../../../constructs/addons/common/placement";
import { MinioProvisioningJob } from "../../../../constructs/addons/minio/provisioning-job";
import { schemaFile } from "../../../helpers/crd-validation";
import { onlyResource, resourceAt, resourcesOf } from "../../../helpers/synth";
import { build, type Built, CA_CONFIG_MAP } from "./build";
import { APPLICATIONS, BUCKETS, STANDARD } from "./fixtures";

interface EnvVar {
  name: string;
  value?: string;
  value_from?: { secret_key_ref?: { name: string; key: string } };
}
interface Mount {
  name: string;
  mount_path: string;
  read_only?: boolean;
}
interface Job {
  metadata: { name: string; namespace: string };
  spec: {
    backoff_limit: number;
    active_deadline_seconds: number;
    ttl_seconds_after_finished?: unknown;
    template: {
      spec: {
        automount_service_account_token: boolean;
        restart_policy: string;
        security_context: Record<string, unknown>;
        container: Array<{
          image: string;
          command: string[];
          env: EnvVar[];
          volume_mount: Mount[];
          security_context: Record<string, unknown>;
        }>;
        volume: Array<{
          name: string;
          config_map?: { name: string; items?: Array<{ key: string; path: string }> };
          empty_dir?: Record<string, string>;
        }>;
      };
    };
  };
  wait_for_completion: boolean;
  depends_on: string[];
}
interface ConfigMap {
  metadata: { name: string; namespace: string };
  data: Record<string, string>;
}

const jobOf = (json: string) => onlyResource(json, "kubernetes_job_v1") as unknown as Job;

let tls: Built;
let job: Job;
let container: Job["spec"]["template"]["spec"]["container"][number];
beforeAll(() => {
  tls = build({}, true);
  job = jobOf(tls.json);
  expect(job.spec.template.spec.container).toHaveLength(1);
  container = job.spec.template.spec.container[0];
});

describe("the MinIO provisioning Job", () => {
  it("runs once per change of its inputs: named after their hash, waited for, retried, never TTL-deleted", () => {
    expect(job.metadata.name).toMatch(/^minio-provisioning-[0-9a-f]{10}$/);
    expect(job.metadata.namespace).toBe("minio");
    expect(job.wait_for_completion).toBe(true);
    expect(job.spec.backoff_limit).toBe(4);
    expect(job.spec.active_deadline_seconds).toBe(600);
    expect(job.spec).not.toHaveProperty("ttl_seconds_after_finished");
    expect(jobOf(build({}, true).json).metadata.name).toBe(job.metadata.name);
    const fewerBuckets = build(
      { buckets: BUCKETS.slice(0, 3), applications: APPLICATIONS.slice(0, 1) },
      true,
    );
    expect(jobOf(fewerBuckets.json).metadata.name).not.toBe(job.metadata.name);
  });

  it("runs the mc image chart 5.4.0 pins (values.yaml mcImage)", () => {
    const defaults = parseYaml(readFileSync(schemaFile("minio", "values.yaml"), "utf8")) as {
      mcImage: { repository: string; tag: string };
    };
    expect(container.image).toBe(`${defaults.mcImage.repository}:${defaults.mcImage.tag}`);
    expect(container.image).toBe("quay.io/minio/mc:RELEASE.2024-11-21T17-21-54Z");
  });

  it("runs as a non-root user with no privilege, no capability, the runtime's seccomp profile", () => {
    const pod = job.spec.template.spec;
    expect(pod.security_context).toMatchObject({
      run_as_non_root: true,
      run_as_user: "1000",
      seccomp_profile: { type: "RuntimeDefault" },
    });
    expect(container.security_context).toEqual({
      run_as_non_root: true,
      allow_privilege_escalation: false,
      read_only_root_filesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(pod.automount_service_account_token).toBe(false);
    expect(pod.restart_policy).toBe("Never");
  });

  it("puts the platform CA in mc's certs/CAs directory, under a writable config directory", () => {
    // mc trusts every file of <config dir>/certs/CAs/ (cmd/certs.go); MC_CONFIG_DIR is --config-dir's env form.
    expect(container.env).toContainEqual({ name: "MC_CONFIG_DIR", value: "/etc/mc" });
    expect(container.volume_mount).toEqual(
      expect.arrayContaining([
        { name: "mc-config", mount_path: "/etc/mc" },
        { name: "platform-ca", mount_path: "/etc/mc/certs/CAs", read_only: true },
      ]),
    );
    const volumes = job.spec.template.spec.volume;
    expect(volumes.find((v) => v.name === "platform-ca")).toEqual({
      name: "platform-ca",
      config_map: { name: CA_CONFIG_MAP, items: [{ key: "ca.crt", path: "ca.crt" }] },
    });
    expect(volumes.find((v) => v.name === "mc-config")?.empty_dir).toBeDefined();
  });

  it("reaches the server by the name its certificate carries, over https, never --insecure", () => {
    expect(container.env).toContainEqual({
      name: "MC_HOST_platform",
      value: "https://$(MINIO_ROOT_USER):$(MINIO_ROOT_PASSWORD)@minio.minio.svc:9000",
    });
    expect(container.env.map((e) => e.name)).not.toContain("MC_INSECURE");
    expect(JSON.stringify(job)).not.toMatch(/insecure/i);
    expect(tls.json).not.toMatch(/insecure/i);
  });

  it("takes the root credentials and every user's secret key from their Secrets, by reference only", () => {
    const fromSecrets = container.env.filter((e) => e.value_from);
    expect(fromSecrets).toEqual([
      { name: "MINIO_ROOT_USER", value_from: { secret_key_ref: { name: "minio-root", key: "rootUser" } } },
      {
        name: "MINIO_ROOT_PASSWORD",
        value_from: { secret_key_ref: { name: "minio-root", key: "rootPassword" } },
      },
      {
        name: "MINIO_USER_TRINO_SECRET_KEY",
        value_from: { secret_key_ref: { name: "minio-user-trino", key: "secretKey" } },
      },
      {
        name: "MINIO_USER_AIRFLOW_SECRET_KEY",
        value_from: { secret_key_ref: { name: "minio-user-airflow", key: "secretKey" } },
      },
    ]);
    expect(JSON.stringify(job)).not.toContain("random_password");
    const maps = resourcesOf(tls.json, "kubernetes_config_map_v1") as unknown as ConfigMap[];
    expect(JSON.stringify(maps)).not.toContain("random_password");
  });

  it("runs the script and policy documents of its ConfigMap", () => {
    const maps = resourcesOf(tls.json, "kubernetes_config_map_v1") as unknown as ConfigMap[];
    const script = maps.find((m) => m.metadata.name === job.metadata.name)!;
    expect(script.metadata.namespace).toBe("minio");
    expect(Object.keys(script.data).sort()).toEqual([
      "policy-airflow-readwrite.json",
      "policy-trino-readwrite.json",
      "provision.sh",
    ]);
    expect(script.data["provision.sh"]).toMatch(/^set -eu\n/);
    expect(container.command).toEqual(["/bin/sh", "/provisioning/provision.sh"]);
    expect(container.volume_mount).toContainEqual({
      name: "provisioning",
      mount_path: "/provisioning",
      read_only: true,
    });
  });

  it("waits for the release, the Secrets and the CA ConfigMap", () => {
    const address = (type: string, prefix: string) => `${type}.${resourceAt(tls.json, type, prefix).name}`;
    expect(job.depends_on).toEqual(
      expect.arrayContaining([
        address("helm_release", "Minio_Release"),
        address("kubernetes_config_map_v1", "PlatformCa"),
        address("kubernetes_secret_v1", "Minio_RootCredentials"),
        address("kubernetes_secret_v1", "Minio_User-trino"),
        address("kubernetes_secret_v1", "Minio_User-airflow"),
      ]),
    );
  });

  it("refuses an endpoint that is not https", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    expect(
      () =>
        new MinioProvisioningJob(stack, "Provisioning", {
          provider: new KubernetesProvider(stack, "kubernetes", {}),
          namespace: "minio",
          endpoint: "http://minio.minio.svc:9000",
          caBundle: { configMapName: CA_CONFIG_MAP },
          rootSecretName: "minio-root",
          provisioning: { buckets: [], policies: [], users: [] },
          profile: STANDARD,
          placement: ANYWHERE,
        }),
    ).toThrow(
      /test\/Provisioning: endpoint: expected the https:\/\/ URL of MinIO's S3 API, received "http:\/\/minio\.minio\.svc:9000"/,
    );
  });
});
