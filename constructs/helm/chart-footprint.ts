/** A Kubernetes kind, by API group (`""` for the core group). */
export interface GroupKind {
  /** API group. */
  readonly group: string;
  /** Kind. */
  readonly kind: string;
}

/**
 * What a chart writes outside its release namespace. Argo CD confines each Application to an
 * AppProject built from it; `npm run verify` renders the chart and fails on any object outside it.
 */
export interface ChartFootprint {
  /**
   * Namespaces the chart writes into beyond its release namespace.
   * @default none
   */
  readonly namespaces?: ReadonlyArray<string>;
  /**
   * Cluster-scoped kinds the chart renders.
   * @default none
   */
  readonly clusterResources?: ReadonlyArray<GroupKind>;
  /**
   * Namespaced kinds it must never create (its AppProject denies them).
   * @default none denied
   */
  readonly deniedNamespaceResources?: ReadonlyArray<GroupKind>;
}

/** CustomResourceDefinitions. */
export const CRDS: GroupKind = { group: "apiextensions.k8s.io", kind: "CustomResourceDefinition" };
/** ClusterRoles and their bindings. */
export const CLUSTER_RBAC: ReadonlyArray<GroupKind> = [
  { group: "rbac.authorization.k8s.io", kind: "ClusterRole" },
  { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding" },
];
/** Mutating admission webhooks. */
export const MUTATING_WEBHOOKS: GroupKind = {
  group: "admissionregistration.k8s.io",
  kind: "MutatingWebhookConfiguration",
};
/** Validating admission webhooks. */
export const VALIDATING_WEBHOOKS: GroupKind = {
  group: "admissionregistration.k8s.io",
  kind: "ValidatingWebhookConfiguration",
};
/** Aggregated API registrations (metrics APIs). */
export const API_SERVICES: GroupKind = { group: "apiregistration.k8s.io", kind: "APIService" };
