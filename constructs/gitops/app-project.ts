import type { ChartPin } from "../helm/helm-chart";
import type { AppProjectManifest } from "./app-of-apps-values";
import { ARGOCD_NAMESPACE, IN_CLUSTER } from "./application";

/** What {@link appProject} needs. */
export interface AppProjectProps {
  /** Project name. */
  readonly name: string;
  /** What the project is for. */
  readonly description: string;
  /** The charts its Applications install: their repositories are its only sources. */
  readonly charts: ReadonlyArray<ChartPin>;
  /** Namespaces its Applications may deploy to, in this cluster only. */
  readonly namespaces: ReadonlyArray<string>;
}

/**
 * Cluster-scoped kinds the platform's charts install (seen in `helm template` of every release):
 * everything else cluster-wide is refused.
 */
export const PLATFORM_CLUSTER_RESOURCES: ReadonlyArray<{ readonly group: string; readonly kind: string }> = [
  { group: "apiextensions.k8s.io", kind: "CustomResourceDefinition" },
  { group: "rbac.authorization.k8s.io", kind: "ClusterRole" },
  { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding" },
  { group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration" },
  { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration" },
  { group: "apiregistration.k8s.io", kind: "APIService" },
];

/**
 * An Argo CD `AppProject` (argoproj.io/v1alpha1) that confines Applications to the given chart
 * repositories, to the given namespaces of this cluster, and to the cluster-scoped kinds of
 * {@link PLATFORM_CLUSTER_RESOURCES}.
 */
export function appProject(props: AppProjectProps): AppProjectManifest & Record<string, unknown> {
  const repositories = [
    ...new Set(props.charts.map((pin) => pin.repository.replace(/^oci:\/\//, ""))),
  ].sort();
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AppProject",
    metadata: { name: props.name, namespace: ARGOCD_NAMESPACE },
    spec: {
      description: props.description,
      sourceRepos: repositories,
      destinations: [...props.namespaces].sort().map((namespace) => ({ server: IN_CLUSTER, namespace })),
      clusterResourceWhitelist: PLATFORM_CLUSTER_RESOURCES.map((r) => ({ ...r })),
    },
  };
}

/** What {@link bootstrapProject} needs. */
export interface BootstrapProjectProps {
  /** Project name. */
  readonly name: string;
  /** What the project is for. */
  readonly description: string;
  /** The chart that renders the Applications: its repository is the project's only source. */
  readonly chart: ChartPin;
}

/**
 * The AppProject of a root Application: its one source is the chart that renders the child
 * Applications, and it may create `argoproj.io/Application` objects in Argo CD's namespace and
 * nothing else (no cluster-scoped kind, no other namespaced kind).
 */
export function bootstrapProject(props: BootstrapProjectProps): AppProjectManifest & Record<string, unknown> {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AppProject",
    metadata: { name: props.name, namespace: ARGOCD_NAMESPACE },
    spec: {
      description: props.description,
      sourceRepos: [props.chart.repository],
      destinations: [{ server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE }],
      namespaceResourceWhitelist: [{ group: "argoproj.io", kind: "Application" }],
    },
  };
}
