import type { Construct } from "constructs";
import { rawObject, type RawObjectProps } from "./raw-object";
import type { KubernetesRawResource } from "./raw-resource";

/** What {@link ingressFromNamespaces} needs. */
export interface IngressFromNamespacesProps {
  /** Name of the policy (the server's). */
  readonly name: string;
  /** Namespace of the server and the policy. */
  readonly namespace: string;
  /** Labels of the server's pods: the policy selects them, and carries them. */
  readonly labels: Readonly<Record<string, string>>;
  /** The one TCP port admitted. */
  readonly port: number;
  /** Namespaces whose pods may connect (each once). */
  readonly clientNamespaces: ReadonlyArray<string>;
}

/**
 * The arguments of a `kubernetes_network_policy_v1` (or, through `manifestOf`, a NetworkPolicy) that
 * admits connections to a server's pods on one port from the given namespaces only: what the platform's
 * unauthenticated or data-holding servers (the Hive Metastore, the in-cluster PostgreSQL) get.
 */
export function ingressFromNamespaces(props: IngressFromNamespacesProps): Record<string, unknown> {
  return {
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
    spec: {
      podSelector: { matchLabels: { ...props.labels } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          ports: [{ port: String(props.port), protocol: "TCP" }],
          from: [...new Set(props.clientNamespaces)].map((name) => ({
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } },
          })),
        },
      ],
    },
  };
}

/** Properties of {@link ingressPolicy}: the policy's, and who applies it. */
export interface IngressPolicyProps
  extends IngressFromNamespacesProps, Pick<RawObjectProps, "provider" | "dependsOn" | "manifests"> {}

/**
 * The {@link ingressFromNamespaces} policy as a `kubernetes_network_policy_v1`, or as a manifest of the
 * Argo CD Application `manifests` (nothing returned then).
 */
export function ingressPolicy(
  scope: Construct,
  id: string,
  props: IngressPolicyProps,
): KubernetesRawResource | undefined {
  const { provider, dependsOn, manifests, ...policy } = props;
  return rawObject(scope, id, {
    type: "kubernetes_network_policy_v1",
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    provider,
    attributes: ingressFromNamespaces(policy),
    dependsOn,
    manifests,
  });
}
