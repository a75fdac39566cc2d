import { defineEnvironment } from "../define";

/** Bring-your-own cluster (the seeds' kubespray cluster): only the data stack is synthesized. */
export default defineEnvironment({
  name: "onprem",
  project: "dataplatform",
  accountId: "111111111111",
  region: "eu-west-3",
  owner: "data-onprem",
  costCenter: "cc-data-0422",
  cluster: {
    mode: "kubeconfig",
    kubeconfigPath: "~/.kube/onprem.yaml",
    context: "kubernetes-admin@cluster.local",
  },
  karpenter: { enabled: false },
  data: { objectStore: "minio", database: "in-cluster", sizeProfile: "small" },
});
