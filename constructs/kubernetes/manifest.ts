/**
 * Kubernetes objects in the API's own shape (what `kubectl apply` or Argo CD takes), converted from the
 * arguments the platform's constructs give the kubernetes provider's resources. One set of arguments
 * thus yields both outputs: the Terraform resource, or the manifest Argo CD applies.
 */

/** A Kubernetes object, as written in a manifest. */
export interface KubernetesManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/** The provider's singular block names of the API's list fields. */
const API_LISTS: Readonly<Record<string, string>> = {
  container: "containers",
  initContainer: "initContainers",
  volume: "volumes",
  volumeMount: "volumeMounts",
  toleration: "tolerations",
  volumeClaimTemplate: "volumeClaimTemplates",
  nodeSelectorTerm: "nodeSelectorTerms",
  topologySpreadConstraint: "topologySpreadConstraints",
  httpHeader: "httpHeaders",
  readinessGate: "readinessGates",
  sysctl: "sysctls",
};

/**
 * Integer fields the provider takes as strings (`replicas = "1"`, `target_port = "5432"`): numbers in
 * the API, where a string `targetPort` would name a port instead.
 */
const INTEGERS = new Set([
  "replicas",
  "runAsUser",
  "runAsGroup",
  "fsGroup",
  "port",
  "targetPort",
  "containerPort",
  "tolerationSeconds",
  "ttlSecondsAfterFinished",
  // Int-or-string: a digit string would be read as neither a number nor a percentage.
  "maxSurge",
  "maxUnavailable",
]);

/** File modes the provider takes as octal strings (`"0644"`): decimal integers in the API. */
const MODES = new Set(["defaultMode", "mode"]);

/** The API's capitalised acronyms, which camelCasing the provider's names would miss. */
const ACRONYMS: Readonly<Record<string, string>> = {
  clusterIp: "clusterIP",
  clusterIps: "clusterIPs",
  externalIps: "externalIPs",
  loadBalancerIp: "loadBalancerIP",
  hostIp: "hostIP",
  hostPid: "hostPID",
  hostIpc: "hostIPC",
};

/** Maps of user keys and values (labels, data, quantities): copied as they are. */
const OPAQUE = new Set([
  "labels",
  "annotations",
  "nodeSelector",
  "matchLabels",
  "data",
  "stringData",
  "requests",
  "limits",
]);

/** A Service's `selector` is a map of labels; a workload's is a label selector (`matchLabels`…). */
const isLabelSelector = (value: object) =>
  ["matchLabels", "match_labels", "matchExpressions", "match_expressions"].some((key) => key in value);

/** Arguments of the provider that are no part of the object (how Terraform waits for it). */
const PROVIDER_ONLY = new Set(["waitForRollout", "waitForCompletion", "timeouts", "provider", "dependsOn"]);

const camel = (key: string) => {
  const name = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return ACRONYMS[name] ?? name;
};

function apiValue(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => apiValue(item, key));
  if (typeof value === "string" && INTEGERS.has(key) && /^\d+$/.test(value)) return Number(value);
  if (typeof value === "string" && MODES.has(key) && /^0?[0-7]{3,4}$/.test(value)) return parseInt(value, 8);
  if (value === null || typeof value !== "object") return value;
  if (OPAQUE.has(key) || (key === "selector" && !isLabelSelector(value))) return { ...(value as object) };
  const fields = Object.entries(value as Record<string, unknown>)
    .map(([name, child]) => [camel(name), child] as const)
    .filter(([name, child]) => child !== undefined && !PROVIDER_ONLY.has(name));
  return Object.fromEntries(
    fields.map(([name, child]) => {
      // `port` is a list of ports in a container or a Service, one number in a probe or a policy.
      const apiName = name === "port" && Array.isArray(child) ? "ports" : (API_LISTS[name] ?? name);
      const converted = apiValue(child, name);
      return [apiName, apiName === "volumeClaimTemplates" ? claimTemplates(converted) : converted];
    }),
  );
}

/**
 * A StatefulSet's claim templates with the `apiVersion` and `kind` the API server adds to them: a
 * server-side-applied StatefulSet without them reads OutOfSync in Argo CD forever (argoproj/argo-cd#11143),
 * which would hold back every later sync wave.
 */
function claimTemplates(templates: unknown): unknown {
  return Array.isArray(templates)
    ? templates.map((template: object) => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", ...template }))
    : templates;
}

/**
 * The manifest of a resource of the kubernetes provider from its arguments (camelCase as cdktf's
 * classes take them, or snake_case as synthesized): singular blocks become the API's lists
 * (`container` → `containers`, a `port` list → `ports`), integer strings become numbers, and what
 * only tells Terraform how to wait (`wait_for_rollout`, `timeouts`) is left out. Values are copied.
 */
export function manifestOf(
  apiVersion: string,
  kind: string,
  attributes: Readonly<Record<string, unknown>>,
): KubernetesManifest {
  const fields = apiValue(attributes, "") as Record<string, unknown> & {
    metadata: KubernetesManifest["metadata"];
  };
  return { apiVersion, kind, ...fields };
}
