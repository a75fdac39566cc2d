import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn } from "cdktf";
import type { Construct } from "constructs";

/** How to reach an EKS cluster's API. */
export interface ClusterConnection {
  /** Cluster name. */
  readonly clusterName: string;
  /** API server endpoint (`https://…`). */
  readonly endpoint: string;
  /** Cluster CA, base64 as EKS returns it. */
  readonly certificateAuthorityData: string;
  /** Region of the cluster (the token is signed for it). */
  readonly region: string;
  /**
   * Cluster id of an EKS local cluster on an Outpost, which signs tokens with `--cluster-id`.
   * @default none (tokens name the cluster)
   */
  readonly localClusterId?: string;
}

/** The kubernetes provider of one cluster, and its helm provider when asked for. */
export interface ClusterProviders {
  readonly kubernetes: KubernetesProvider;
  readonly helm?: HelmProvider;
}

const EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

/** `aws eks get-token` arguments for a cluster: a fresh token at every provider call, never a stored one. */
export function getTokenArgs(connection: ClusterConnection): string[] {
  const cluster = connection.localClusterId
    ? ["--cluster-id", connection.localClusterId]
    : ["--cluster-name", connection.clusterName];
  return ["eks", "get-token", ...cluster, "--region", connection.region, "--output", "json"];
}

/**
 * Configures the kubernetes and (unless `options.helm` is false) helm providers of a stack from a cluster's endpoint, CA and an
 * `exec` of `aws eks get-token`, never from a kubeconfig file. The deploying identity needs an
 * access entry (or, on a local cluster, to be its creator).
 */
export function configureClusterProviders(
  scope: Construct,
  connection: ClusterConnection,
  options: { readonly helm?: boolean } = {},
): ClusterProviders {
  const host = connection.endpoint;
  const clusterCaCertificate = Fn.base64decode(connection.certificateAuthorityData);
  const exec = { apiVersion: EXEC_API_VERSION, command: "aws", args: getTokenArgs(connection) };
  const kubernetes = new KubernetesProvider(scope, "kubernetes", {
    host,
    clusterCaCertificate,
    exec: [exec],
  });
  const helm =
    (options.helm ?? true)
      ? new HelmProvider(scope, "helm", { kubernetes: { host, clusterCaCertificate, exec } })
      : undefined;
  return { kubernetes, helm };
}

/** A brought cluster, reached through a kubeconfig file. */
export interface KubeconfigConnection {
  /** Path of the kubeconfig file (`~` is expanded by the providers). */
  readonly path: string;
  /** Context to use in it. */
  readonly context: string;
}

/**
 * Configures the kubernetes and helm providers of a stack from a kubeconfig file and context: the
 * bring-your-own-cluster mode (e.g. a kubespray cluster), the only place a kubeconfig is read.
 */
export function configureKubeconfigProviders(
  scope: Construct,
  connection: KubeconfigConnection,
): Required<ClusterProviders> {
  const settings = { configPath: connection.path, configContext: connection.context };
  const kubernetes = new KubernetesProvider(scope, "kubernetes", settings);
  const helm = new HelmProvider(scope, "helm", { kubernetes: settings });
  return { kubernetes, helm };
}
