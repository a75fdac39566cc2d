import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import {
  configureClusterProviders,
  configureKubeconfigProviders,
  type ClusterProviders,
} from "../constructs/kubernetes/cluster-providers";
import type { EksStack } from "./eks-stack";

/**
 * The kubernetes and helm providers of a stack that works inside an environment's cluster: the
 * kubeconfig of a brought cluster, else the EKS stack's endpoint and CA with `aws eks get-token`
 * (the local cluster's id on an Outpost). Throws when an EKS environment has no EKS stack.
 */
export function clusterProvidersOf(
  scope: Construct,
  env: EnvironmentConfig,
  eks?: EksStack,
): ClusterProviders {
  const cluster = env.cluster;
  if (cluster.mode === "kubeconfig") {
    return configureKubeconfigProviders(scope, { path: cluster.kubeconfigPath, context: cluster.context });
  }
  if (!eks) throw new Error(`environment "${env.name}": an EKS cluster needs its eks stack`);
  return configureClusterProviders(scope, {
    clusterName: env.clusterName,
    endpoint: eks.cluster.cluster.endpoint,
    certificateAuthorityData: eks.cluster.certificateAuthorityData,
    region: env.region,
    localClusterId: cluster.mode === "outpost-local" ? eks.cluster.cluster.clusterId : undefined,
  });
}
