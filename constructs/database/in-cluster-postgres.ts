import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { sized, type SizeProfile } from "../addons/common/size-profile";
import type { Placement } from "../addons/common/placement";
import { GeneratedSecret } from "../kubernetes/generated-secret";
import type { ManifestBundle } from "../gitops/manifest-bundle";
import { manifestOf } from "../kubernetes/manifest";
import { ingressPolicy } from "../kubernetes/network-policy";
import { rawObject } from "../kubernetes/raw-object";
import type { KubernetesRawResource } from "../kubernetes/raw-resource";

/** The official PostgreSQL image, pinned (Debian bookworm build of PostgreSQL 16.13). */
export const POSTGRES_IMAGE = "docker.io/library/postgres:16.13-bookworm";
/** UID and GID of the `postgres` user of the official image. */
const POSTGRES_UID = 999;
const PORT = 5432;
const NAME = "postgres";

/** Properties of {@link InClusterPostgres}. */
export interface InClusterPostgresProps {
  /** Kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Namespace of the server. */
  readonly namespace: string;
  /** Size profile of the platform. */
  readonly profile: SizeProfile;
  /** Where the pod runs. */
  readonly placement: Placement;
  /**
   * StorageClass of the data volume.
   * @default the cluster's default class
   */
  readonly storageClassName?: string;
  /**
   * Size of the data volume.
   * @default "50Gi" (standard), "10Gi" (small)
   */
  readonly volumeSize?: string;
  /**
   * What must exist first (the namespace).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /**
   * Namespaces allowed to reach the server's port: a NetworkPolicy then admits only them (the
   * applications whose databases it holds, and its own, where the bootstrap Job runs).
   * @default none: no NetworkPolicy, any pod of the cluster can connect
   */
  readonly clientNamespaces?: ReadonlyArray<string>;
  /**
   * The Argo CD Application that delivers the Service and the StatefulSet (wave 0) instead of
   * Terraform; the superuser Secret stays Terraform's, and the Application waits for it.
   * @default none: Terraform applies them and waits for the rollout
   */
  readonly manifests?: ManifestBundle;
}

/**
 * PostgreSQL in the cluster, as the seeds ran it but without their literal passwords: one pod of a
 * StatefulSet from the official image, its data on a PersistentVolumeClaim, a generated superuser
 * password in a Secret, a ClusterIP Service, readiness and liveness probes, and a non-root, no-
 * privilege security context. No operator: one server per platform, bootstrapped by a Job.
 * Not for production (no standby, backups or point-in-time recovery; the config refuses it there).
 */
export class InClusterPostgres extends Construct {
  public readonly superuser: GeneratedSecret;
  /** The StatefulSet, where Terraform applies it (no `manifests`). */
  public readonly statefulSet?: KubernetesRawResource;
  /** The Service, where Terraform applies it (no `manifests`). */
  public readonly service?: ServiceV1;
  /** The NetworkPolicy admitting only the client namespaces, where Terraform applies it. */
  public readonly networkPolicy?: KubernetesRawResource;
  /** What consumers wait for: the StatefulSet rolled out, or the Application delivering it. */
  public readonly ready: ITerraformDependable;
  /** In-cluster DNS name of the server. */
  public readonly host: string;
  public readonly port = PORT;
  /** Superuser name (the image's). */
  public readonly superuserName = "postgres";

  constructor(scope: Construct, id: string, props: InClusterPostgresProps) {
    super(scope, id);
    const small = props.profile.name === "small";
    const labels = { "app.kubernetes.io/name": NAME, "app.kubernetes.io/component": "database" };
    this.superuser = new GeneratedSecret(this, "Superuser", {
      provider: props.provider,
      namespace: props.namespace,
      secretName: "postgres-superuser",
      generatedKeys: ["password"],
      dependsOn: props.dependsOn,
    });
    const service = {
      metadata: { name: NAME, namespace: props.namespace, labels },
      spec: { selector: labels, port: [{ name: "postgres", port: PORT, targetPort: String(PORT) }] },
    };
    const bundle = props.manifests;
    if (bundle) {
      bundle.addDependency(this.superuser.secret);
      bundle.add(manifestOf("v1", "Service", service));
    }
    this.networkPolicy = props.clientNamespaces
      ? ingressPolicy(this, "NetworkPolicy", {
          name: NAME,
          namespace: props.namespace,
          labels,
          port: PORT,
          clientNamespaces: props.clientNamespaces,
          provider: props.provider,
          dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
          manifests: bundle,
        })
      : undefined;
    if (!bundle) {
      this.service = new ServiceV1(this, "Service", {
        provider: props.provider,
        ...service,
        dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      });
    }
    this.host = `${NAME}.${props.namespace}.svc`;
    const resources = sized(props.profile, {
      requests: { cpu: "500m", memory: "1Gi" },
      limits: { cpu: "2", memory: "4Gi" },
    });
    const probe = (initialDelaySeconds: number) => ({
      exec: { command: ["pg_isready", "-U", "postgres", "-h", "127.0.0.1"] },
      initialDelaySeconds,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 6,
    });
    const statefulSet = {
      metadata: { name: NAME, namespace: props.namespace, labels },
      spec: {
        serviceName: NAME,
        replicas: "1",
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            nodeSelector: props.placement.nodeSelector ? { ...props.placement.nodeSelector } : undefined,
            toleration: props.placement.tolerations?.map((t) => ({ ...t })),
            // PostgreSQL calls no Kubernetes API.
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(POSTGRES_UID),
              runAsGroup: String(POSTGRES_UID),
              fsGroup: String(POSTGRES_UID),
              seccompProfile: { type: "RuntimeDefault" },
            },
            container: [
              {
                name: NAME,
                image: POSTGRES_IMAGE,
                port: [{ name: "postgres", containerPort: PORT }],
                env: [
                  { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
                  {
                    name: "POSTGRES_PASSWORD",
                    valueFrom: { secretKeyRef: { name: this.superuser.secretName, key: "password" } },
                  },
                ],
                resources: {
                  requests: { ...resources.requests },
                  limits: { ...resources.limits },
                },
                readinessProbe: probe(5),
                livenessProbe: probe(30),
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ["ALL"] },
                },
                volumeMount: [
                  { name: "data", mountPath: "/var/lib/postgresql/data" },
                  { name: "run", mountPath: "/var/run/postgresql" },
                ],
              },
            ],
            volume: [{ name: "run", emptyDir: { medium: "Memory" } }],
          },
        },
        volumeClaimTemplate: [
          {
            metadata: { name: "data" },
            spec: {
              accessModes: ["ReadWriteOnce"],
              storageClassName: props.storageClassName,
              resources: { requests: { storage: props.volumeSize ?? (small ? "10Gi" : "50Gi") } },
            },
          },
        ],
      },
    };
    this.statefulSet = rawObject(this, "Resource", {
      type: "kubernetes_stateful_set_v1",
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      provider: props.provider,
      dependsOn: [this.superuser.secret, ...(this.service ? [this.service] : [])],
      attributes: statefulSet,
      terraformOnly: { waitForRollout: true },
      manifests: bundle,
    });
    this.ready = this.statefulSet ?? bundle!.application;
  }
}
