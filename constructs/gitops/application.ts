import type { ChartPin } from "../helm/helm-chart";

/** Namespace Argo CD runs in and keeps its Applications in. */
export const ARGOCD_NAMESPACE = "argocd";
/** The cluster Argo CD runs in, as Argo CD names it. */
export const IN_CLUSTER = "https://kubernetes.default.svc";
/** Annotation that orders Applications within an app-of-apps sync. */
export const SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave";

/** What {@link argoApplication} needs. */
export interface ArgoApplicationProps {
  /** Application name (the component: `minio`, `trino`…). */
  readonly name: string;
  /** AppProject the Application belongs to. */
  readonly project: string;
  /** The chart, exactly as the Terraform path pins it. */
  readonly pin: ChartPin;
  /** Helm release name. */
  readonly releaseName: string;
  /** Namespace the release goes to (created beforehand, by Terraform). */
  readonly namespace: string;
  /** Helm values: the same object the Terraform path gives its helm_release (one builder, two outputs). */
  readonly values: object;
  /** Sync wave (see syncWaves). */
  readonly syncWave: number;
  /**
   * Skip the chart's `crds/` folder (the CRDs come from another chart).
   * @default false
   */
  readonly skipCrds?: boolean;
}

/** An Argo CD `Application` (argoproj.io/v1alpha1), as a plain object. */
export interface ArgoApplicationManifest {
  readonly apiVersion: "argoproj.io/v1alpha1";
  readonly kind: "Application";
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly annotations: Readonly<Record<string, string>>;
    readonly finalizers: ReadonlyArray<string>;
  };
  readonly spec: Record<string, unknown>;
}

/**
 * Fields the cluster writes after a sync: the CA bundles that KEDA, the Spark operator and
 * kube-prometheus-stack's certificate jobs inject into their webhooks and APIService. Ignored in
 * the diff (and, with `RespectIgnoreDifferences`, on sync), so the Applications do not read
 * OutOfSync forever and hold back the next wave.
 */
const RUNTIME_FIELDS = [
  {
    group: "admissionregistration.k8s.io",
    kind: "MutatingWebhookConfiguration",
    jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"],
  },
  {
    group: "admissionregistration.k8s.io",
    kind: "ValidatingWebhookConfiguration",
    jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"],
  },
  { group: "apiregistration.k8s.io", kind: "APIService", jsonPointers: ["/spec/caBundle"] },
];

/**
 * Sync options: server-side apply (kube-prometheus-stack's CRDs exceed the 256 KiB annotation
 * client-side apply writes), and the ignored fields above respected on sync. Namespaces are never
 * created by Argo CD: Terraform creates them with their Pod Security labels.
 */
const SYNC_OPTIONS = ["ServerSideApply=true", "RespectIgnoreDifferences=true", "CreateNamespace=false"];

/** Retries of a failed sync: 5, from 10 s doubling up to 5 min (a CRD or webhook of an earlier wave still starting). */
const RETRY = { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } };

/**
 * An Argo CD Application that installs a pinned chart with given values. An `oci://` repository
 * becomes Argo CD's OCI form (the registry path without the scheme; the repository must be
 * registered with `enableOCI`). Automated sync with pruning and self-heal, server-side apply,
 * retries, and the resources finalizer, so deleting the Application deletes what it installed.
 */
export function argoApplication(props: ArgoApplicationProps): ArgoApplicationManifest {
  const oci = props.pin.repository.startsWith("oci://");
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: props.name,
      namespace: ARGOCD_NAMESPACE,
      annotations: { [SYNC_WAVE_ANNOTATION]: String(props.syncWave) },
      finalizers: ["resources-finalizer.argocd.argoproj.io"],
    },
    spec: {
      project: props.project,
      source: {
        repoURL: oci ? props.pin.repository.slice("oci://".length) : props.pin.repository,
        chart: props.pin.chart,
        targetRevision: props.pin.version,
        helm: {
          releaseName: props.releaseName,
          valuesObject: props.values,
          ...(props.skipCrds ? { skipCrds: true } : {}),
        },
      },
      destination: { server: IN_CLUSTER, namespace: props.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: [...SYNC_OPTIONS],
        retry: RETRY,
      },
      ignoreDifferences: RUNTIME_FIELDS.map((field) => ({ ...field })),
    },
  };
}
