// The argocd-apps chart (argo-helm, 2.0.5) in JavaScript, for scripts/verify.mjs: CI cannot fetch the
// chart, so its two templates (templates/applications.yaml, templates/projects.yaml) are applied here
// to a release's values. Each `{{- with x }}` of the templates leaves out an empty or false field, as
// `present` does. Kept to those two templates: the chart's ApplicationSets and extensions are unused.

const APPLICATION_SPEC = [
  "project",
  "source",
  "sources",
  "destination",
  "syncPolicy",
  "revisionHistoryLimit",
  "ignoreDifferences",
  "info",
  "sourceHydrator",
];
const PROJECT_SPEC = [
  "permitOnlyProjectScopedClusters",
  "description",
  "sourceRepos",
  "destinations",
  "clusterResourceWhitelist",
  "clusterResourceBlacklist",
  "namespaceResourceBlacklist",
  "namespaceResourceWhitelist",
  "orphanedResources",
  "roles",
  "syncWindows",
  "signatureKeys",
  "sourceNamespaces",
];

const present = (v) =>
  v !== undefined &&
  v !== null &&
  v !== false &&
  v !== "" &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);

const pick = (from, keys) =>
  Object.fromEntries(keys.filter((k) => present(from[k])).map((k) => [k, from[k]]));

function metadata(name, item) {
  return {
    ...(present(item.additionalAnnotations)
      ? {
          annotations: Object.fromEntries(
            Object.entries(item.additionalAnnotations).map(([k, v]) => [k, String(v)]),
          ),
        }
      : {}),
    ...(present(item.additionalLabels) ? { labels: item.additionalLabels } : {}),
    name,
    ...(present(item.namespace) ? { namespace: item.namespace } : {}),
    ...(present(item.finalizers) ? { finalizers: item.finalizers } : {}),
  };
}

/** The AppProjects and Applications the chart renders from these values. */
export function argocdAppsObjects(values) {
  const entries = (map) => Object.entries(map ?? {}).filter(([, item]) => present(item));
  return [
    ...entries(values.applications).map(([name, item]) => ({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: metadata(name, item),
      // The template writes `project: {{ tpl $appData.project $ }}` and the destination unconditionally.
      spec: { ...pick(item, APPLICATION_SPEC), project: item.project, destination: item.destination },
    })),
    ...entries(values.projects).map(([name, item]) => ({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: metadata(name, item),
      spec: pick(item, PROJECT_SPEC),
    })),
  ];
}

/** Cluster-scoped kinds the platform's charts could render (everything else is namespaced). */
export const CLUSTER_SCOPED_KINDS = new Set([
  "APIService",
  "ClusterRole",
  "ClusterRoleBinding",
  "CSIDriver",
  "CustomResourceDefinition",
  "IngressClass",
  "MutatingWebhookConfiguration",
  "Namespace",
  "PersistentVolume",
  "PriorityClass",
  "RuntimeClass",
  "StorageClass",
  "ValidatingWebhookConfiguration",
]);

/**
 * What an AppProject refuses among the objects an Application of it renders: a namespace outside its
 * destinations, a cluster-scoped kind outside its whitelist. One message per object.
 */
export function projectViolations(project, releaseNamespace, objects) {
  const namespaces = new Set((project.spec.destinations ?? []).map((d) => d.namespace));
  const clusterKinds = new Set(
    (project.spec.clusterResourceWhitelist ?? []).map((r) => `${r.group}|${r.kind}`),
  );
  const namespacedKinds = project.spec.namespaceResourceWhitelist
    ? new Set(project.spec.namespaceResourceWhitelist.map((r) => `${r.group}|${r.kind}`))
    : undefined;
  const problems = [];
  for (const o of objects) {
    const group = String(o.apiVersion ?? "").includes("/") ? o.apiVersion.split("/")[0] : "";
    const name = `${o.kind}/${o.metadata?.name}`;
    if (CLUSTER_SCOPED_KINDS.has(o.kind)) {
      if (!clusterKinds.has(`${group}|${o.kind}`))
        problems.push(
          `${name}: cluster-scoped ${group || "core"}/${o.kind} is not in AppProject ${project.metadata.name}'s clusterResourceWhitelist`,
        );
    } else {
      const namespace = o.metadata?.namespace ?? releaseNamespace;
      if (!namespaces.has(namespace))
        problems.push(
          `${name}: namespace ${namespace} is not a destination of AppProject ${project.metadata.name}`,
        );
      if (namespacedKinds && !namespacedKinds.has(`${group}|${o.kind}`))
        problems.push(
          `${name}: ${group || "core"}/${o.kind} is not in AppProject ${project.metadata.name}'s namespaceResourceWhitelist`,
        );
    }
  }
  return problems;
}
