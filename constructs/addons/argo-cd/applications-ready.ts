import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import type { TerraformResource } from "cdktf";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { type Placement, placementValues } from "../common/placement";
import { toProviderBlocks, type Container } from "../../kubernetes/pod-spec";
import { KubernetesRawResource } from "../../kubernetes/raw-resource";

/**
 * kubectl's image (registry.k8s.io, the Kubernetes project's own: `/bin/kubectl` on a distroless
 * base, no shell). `kubectl wait --for=jsonpath` waits while the field is missing, and lists and
 * watches by a `metadata.name` field selector, so a Role limited to one resource name suffices.
 */
export const KUBECTL_IMAGE = { repository: "registry.k8s.io/kubectl", tag: "v1.35.0" } as const;

/** Properties of {@link ApplicationsReady}. */
export interface ApplicationsReadyProps {
  /** Kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Argo CD's namespace (the Application, and the Job that waits for it). */
  readonly namespace: string;
  /** The Application to wait for (the root of an app-of-apps: its health is its children's). */
  readonly application: string;
  /** The release that creates the Application: the wait runs again whenever it changes. */
  readonly release: TerraformResource;
  /** Nodes of the Job's pod. */
  readonly placement: Placement;
  /**
   * Seconds to wait for the Application to be Synced, then as long again for it to be Healthy.
   * @default 1800
   */
  readonly timeoutSeconds?: number;
  /**
   * What the ServiceAccount, Role and RoleBinding wait for (the namespace).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/** Default wait: a first install pulls every image and runs Airflow's migrations. */
export const DEFAULT_APPLICATIONS_TIMEOUT_SECONDS = 1800;
const NAME = "applications-ready";
const LABELS = { "app.kubernetes.io/name": NAME, "app.kubernetes.io/part-of": "argocd" };
/** A non-root user (the image sets none, so it would run as root). */
const NONROOT_UID = "65532";

/**
 * Terraform waits for Argo CD: a Job that `kubectl wait`s for the Application to be Synced, then
 * Healthy (an init container, then the container), with a ServiceAccount that may only read
 * Applications in Argo CD's namespace. Terraform waits for the Job, and replaces it whenever the
 * app-of-apps release changes, so an apply of `<env>-data` ends when Argo CD has applied it, or
 * fails after the timeout, as a `helm_release` would; `<env>-workloads` then finds the CRDs it needs.
 */
export class ApplicationsReady extends Construct {
  /** The Job Terraform waits for. */
  public readonly job: KubernetesRawResource;

  constructor(scope: Construct, id: string, props: ApplicationsReadyProps) {
    super(scope, id);
    const timeout = props.timeoutSeconds ?? DEFAULT_APPLICATIONS_TIMEOUT_SECONDS;
    const metadata = { name: NAME, namespace: props.namespace, labels: LABELS };
    const dependsOn = props.dependsOn ? [...props.dependsOn] : undefined;
    const serviceAccount = new ServiceAccountV1(this, "ServiceAccount", {
      provider: props.provider,
      metadata,
      automountServiceAccountToken: false,
      dependsOn,
    });
    const role = new RoleV1(this, "Role", {
      provider: props.provider,
      metadata,
      rule: [
        {
          apiGroups: ["argoproj.io"],
          resources: ["applications"],
          resourceNames: [props.application],
          verbs: ["get", "list", "watch"],
        },
      ],
      dependsOn,
    });
    const binding = new RoleBindingV1(this, "RoleBinding", {
      provider: props.provider,
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
      subject: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace: props.namespace }],
      dependsOn,
    });
    // Not scaled by the size profile: kubectl needs about 40 MiB whatever the environment.
    const resources = { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } };
    const wait = (name: string, field: string, value: string): Container => ({
      name,
      image: `${KUBECTL_IMAGE.repository}:${KUBECTL_IMAGE.tag}`,
      command: [
        "/bin/kubectl",
        "wait",
        `--namespace=${props.namespace}`,
        `--for=jsonpath={.status.${field}.status}=${value}`,
        `--timeout=${timeout}s`,
        `applications.argoproj.io/${props.application}`,
      ],
      env: [{ name: "HOME", value: "/tmp" }],
      volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
      securityContext: {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      },
    });
    const podSpec = {
      restartPolicy: "Never",
      serviceAccountName: serviceAccount.metadata.name,
      automountServiceAccountToken: true,
      ...placementValues(props.placement),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: NONROOT_UID,
        runAsGroup: NONROOT_UID,
        seccompProfile: { type: "RuntimeDefault" },
      },
      initContainers: [wait("synced", "sync", "Synced")],
      containers: [wait("healthy", "health", "Healthy")],
      volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } }],
    };
    this.job = new KubernetesRawResource(this, "Resource", {
      type: "kubernetes_job_v1",
      provider: props.provider,
      dependsOn: [binding, props.release],
      // A plain address: Terraform reads replace_triggered_by entries as references, not "${…}" templates.
      lifecycle: {
        replaceTriggeredBy: [`${props.release.terraformResourceType}.${props.release.friendlyUniqueId}`],
      },
      attributes: {
        metadata,
        spec: {
          backoffLimit: 2,
          activeDeadlineSeconds: 2 * timeout + 120,
          template: { metadata: { labels: LABELS }, spec: toProviderBlocks(podSpec) },
        },
        waitForCompletion: true,
        timeouts: {
          create: `${Math.ceil((2 * timeout + 300) / 60)}m`,
          update: `${Math.ceil((2 * timeout + 300) / 60)}m`,
        },
      },
    });
  }
}
