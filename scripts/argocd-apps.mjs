// The argocd-apps chart (argo-helm, 2.0.5) in JavaScript, for scripts/verify.mjs: CI cannot fetch the
// chart, so three of its templates (templates/applications.yaml, templates/projects.yaml,
// templates/item-templates.yaml) are applied here to a release's values. Each `{{- with x }}` of the
// templates leaves out an empty or false field, as `present` does. Item templates are objects rendered
// through `tpl`: the only action they may hold is the escaped `{{` (ManifestBundle's), which prints
// `{{`; any other is refused, not guessed. The chart's ApplicationSets and extensions are unused.

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
    ...(values.itemTemplates ?? []).flatMap((entry) => {
      if (typeof entry.template !== "object" || entry.template === null) {
        throw new Error(
          "itemTemplates: only object templates are expanded here (a string template is Go template text)",
        );
      }
      return (entry.items ?? []).map(() => printed(entry.template));
    }),
  ];
}

/** The escaped template start ManifestBundle writes for a literal `{{`. */
const ESCAPED_START = "{{`{{`}}";

/** A template object as `tpl` prints it when it holds no action but escaped `{{`. */
export function printed(value) {
  if (typeof value === "string") {
    const text = value.split(ESCAPED_START).join("\u0000");
    if (text.includes("{{"))
      throw new Error(`itemTemplates: a template action would run: ${JSON.stringify(value).slice(0, 120)}`);
    return text.split("\u0000").join("{{");
  }
  if (Array.isArray(value)) return value.map(printed);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [printed(k), printed(v)]));
}

/** Scopes of Kubernetes' built-in kinds the charts could render, by `group|kind` (core group: ""). */
export const BUILTIN_SCOPES = new Map([
  ...[
    "|ConfigMap",
    "|Endpoints",
    "|LimitRange",
    "|PersistentVolumeClaim",
    "|Pod",
    "|ResourceQuota",
    "|Secret",
    "|Service",
    "|ServiceAccount",
    "apps|DaemonSet",
    "apps|Deployment",
    "apps|ReplicaSet",
    "apps|StatefulSet",
    "autoscaling|HorizontalPodAutoscaler",
    "batch|CronJob",
    "batch|Job",
    "coordination.k8s.io|Lease",
    "discovery.k8s.io|EndpointSlice",
    "networking.k8s.io|Ingress",
    "networking.k8s.io|NetworkPolicy",
    "policy|PodDisruptionBudget",
    "rbac.authorization.k8s.io|Role",
    "rbac.authorization.k8s.io|RoleBinding",
  ].map((k) => [k, "Namespaced"]),
  ...[
    "|Namespace",
    "|Node",
    "|PersistentVolume",
    "admissionregistration.k8s.io|MutatingWebhookConfiguration",
    "admissionregistration.k8s.io|ValidatingAdmissionPolicy",
    "admissionregistration.k8s.io|ValidatingAdmissionPolicyBinding",
    "admissionregistration.k8s.io|ValidatingWebhookConfiguration",
    "apiextensions.k8s.io|CustomResourceDefinition",
    "apiregistration.k8s.io|APIService",
    "flowcontrol.apiserver.k8s.io|FlowSchema",
    "flowcontrol.apiserver.k8s.io|PriorityLevelConfiguration",
    "networking.k8s.io|IngressClass",
    "node.k8s.io|RuntimeClass",
    "rbac.authorization.k8s.io|ClusterRole",
    "rbac.authorization.k8s.io|ClusterRoleBinding",
    "scheduling.k8s.io|PriorityClass",
    "storage.k8s.io|CSIDriver",
    "storage.k8s.io|StorageClass",
  ].map((k) => [k, "Cluster"]),
]);

/**
 * What an AppProject refuses among the objects an Application of it renders: a namespace outside its
 * destinations, a cluster-scoped kind outside its whitelist, a namespaced kind outside its namespaced
 * whitelist when it has one or in its namespaced blacklist, and a kind whose scope is unknown (no built-in, no CRD in `scopes`, a map
 * of `group|kind` to `Cluster` or `Namespaced`). One message per problem.
 */
export function projectViolations(project, releaseNamespace, objects, scopes = new Map()) {
  const namespaces = new Set((project.spec.destinations ?? []).map((d) => d.namespace));
  const clusterKinds = new Set(
    (project.spec.clusterResourceWhitelist ?? []).map((r) => `${r.group}|${r.kind}`),
  );
  const namespacedKinds = project.spec.namespaceResourceWhitelist
    ? new Set(project.spec.namespaceResourceWhitelist.map((r) => `${r.group}|${r.kind}`))
    : undefined;
  const deniedKinds = new Set(
    (project.spec.namespaceResourceBlacklist ?? []).map((r) => `${r.group}|${r.kind}`),
  );
  const problems = [];
  for (const o of objects) {
    const group = String(o.apiVersion ?? "").includes("/") ? o.apiVersion.split("/")[0] : "";
    const key = `${group}|${o.kind}`;
    const name = `${o.kind}/${o.metadata?.name}`;
    const scope = BUILTIN_SCOPES.get(key) ?? scopes.get(key);
    if (scope === "Cluster") {
      if (!clusterKinds.has(key))
        problems.push(
          `${name}: cluster-scoped ${group || "core"}/${o.kind} is not in AppProject ${project.metadata.name}'s clusterResourceWhitelist`,
        );
    } else if (scope === "Namespaced") {
      const namespace = o.metadata?.namespace ?? releaseNamespace;
      if (!namespaces.has(namespace))
        problems.push(
          `${name}: namespace ${namespace} is not a destination of AppProject ${project.metadata.name}`,
        );
      if (namespacedKinds && !namespacedKinds.has(key))
        problems.push(
          `${name}: ${group || "core"}/${o.kind} is not in AppProject ${project.metadata.name}'s namespaceResourceWhitelist`,
        );
      if (deniedKinds.has(key))
        problems.push(
          `${name}: ${group || "core"}/${o.kind} is in AppProject ${project.metadata.name}'s namespaceResourceBlacklist`,
        );
    } else {
      problems.push(
        `${name}: the scope of ${group || "core"}/${o.kind} is unknown (no built-in kind, no CRD)`,
      );
    }
  }
  return problems;
}
