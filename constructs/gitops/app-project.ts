import type { ChartPin } from "../helm/helm-chart";
import type { GroupKind } from "../helm/chart-footprint";
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
  /**
   * Cluster-scoped kinds its Applications may create.
   * @default none
   */
  readonly clusterResources?: ReadonlyArray<GroupKind>;
  /**
   * Namespaced kinds its Applications may not create.
   * @default none denied
   */
  readonly deniedNamespaceResources?: ReadonlyArray<GroupKind>;
}

/** AppProject of the root Application alone: it may create Applications, nothing else. */
export const BOOTSTRAP_PROJECT = "platform-bootstrap";

/** An AppProject as a plain object. */
export interface AppProjectManifest {
  readonly apiVersion: "argoproj.io/v1alpha1";
  readonly kind: "AppProject";
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: Record<string, unknown>;
}

/**
 * An Argo CD `AppProject` (argoproj.io/v1alpha1) that confines Applications to the given chart
 * repositories, to the given namespaces of this cluster, to the given cluster-scoped kinds (none by
 * default), and denies the given namespaced kinds.
 */
export function appProject(props: AppProjectProps): AppProjectManifest {
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
      ...(props.clusterResources && props.clusterResources.length > 0
        ? { clusterResourceWhitelist: props.clusterResources.map((r) => ({ group: r.group, kind: r.kind })) }
        : {}),
      ...(props.deniedNamespaceResources && props.deniedNamespaceResources.length > 0
        ? {
            namespaceResourceBlacklist: props.deniedNamespaceResources.map((r) => ({
              group: r.group,
              kind: r.kind,
            })),
          }
        : {}),
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
export function bootstrapProject(props: BootstrapProjectProps): AppProjectManifest {
  const project = appProject({ ...props, charts: [props.chart], namespaces: [ARGOCD_NAMESPACE] });
  return {
    ...project,
    spec: { ...project.spec, namespaceResourceWhitelist: [{ group: "argoproj.io", kind: "Application" }] },
  };
}
