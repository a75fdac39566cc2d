/**
 * The parts of Kubernetes' pod API the platform writes by hand, in the API's own shape (as in a
 * manifest or a SparkApplication's `driver`), and their conversion to the blocks of the kubernetes
 * provider's `kubernetes_deployment_v1`/`kubernetes_stateful_set_v1` (singular block names).
 */

/** An environment variable: a literal, or a key of a Secret or ConfigMap. */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: { readonly name: string; readonly key: string };
    readonly configMapKeyRef?: { readonly name: string; readonly key: string };
  };
}

/** A volume mount. */
export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly subPath?: string;
  readonly readOnly?: boolean;
}

/** A volume: emptyDir, ConfigMap or Secret. */
export interface Volume {
  readonly name: string;
  readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: string };
  readonly configMap?: {
    readonly name: string;
    readonly items?: ReadonlyArray<{ key: string; path: string }>;
  };
  readonly secret?: {
    readonly secretName: string;
    readonly items?: ReadonlyArray<{ key: string; path: string }>;
  };
}

/** CPU, memory and ephemeral storage quantities. */
export interface Quantities {
  readonly cpu?: string;
  readonly memory?: string;
  readonly "ephemeral-storage"?: string;
}

/** Requests and limits. */
export interface Resources {
  readonly requests?: Quantities;
  readonly limits?: Quantities;
}

/** A probe (TCP or HTTP GET). */
export interface Probe {
  readonly tcpSocket?: { readonly port: number };
  readonly httpGet?: { readonly path: string; readonly port: number };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
}

/** A container (or init container). */
export interface Container {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  readonly command?: ReadonlyArray<string>;
  readonly args?: ReadonlyArray<string>;
  readonly env?: ReadonlyArray<EnvVar>;
  readonly ports?: ReadonlyArray<{ readonly name: string; readonly containerPort: number }>;
  readonly volumeMounts?: ReadonlyArray<VolumeMount>;
  readonly resources?: Resources;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly securityContext?: {
    readonly runAsNonRoot?: boolean;
    readonly runAsUser?: number;
    readonly runAsGroup?: number;
    readonly allowPrivilegeEscalation?: boolean;
    readonly readOnlyRootFilesystem?: boolean;
    readonly capabilities?: { readonly drop: ReadonlyArray<string> };
  };
}

/** Block names of the provider for the API's list fields. */
const PROVIDER_BLOCKS: Readonly<Record<string, string>> = {
  containers: "container",
  initContainers: "initContainer",
  volumes: "volume",
  volumeMounts: "volumeMount",
  ports: "port",
  tolerations: "toleration",
  imagePullSecrets: "imagePullSecrets",
};

/** Keys whose children are user data (labels, requests…), never renamed. */
const OPAQUE = new Set(["labels", "annotations", "nodeSelector", "requests", "limits", "matchLabels"]);

/**
 * A pod-spec fragment in the API's shape converted to the provider's camelCase blocks (then
 * snake_cased by `KubernetesRawResource`): `containers` → `container`, `volumeMounts` →
 * `volumeMount`, probe ports as strings. Values are copied, never shared.
 */
export function toProviderBlocks(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => toProviderBlocks(item, key));
  if (value === null || typeof value !== "object") {
    return key === "port" && typeof value === "number" ? String(value) : value;
  }
  if (OPAQUE.has(key)) return { ...(value as object) };
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .map(([name, child]) => [PROVIDER_BLOCKS[name] ?? name, toProviderBlocks(child, name)]),
  );
}
