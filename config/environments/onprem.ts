import { defineEnvironment } from "../define";
import { ORGANISATION } from "../organisation";

/** Bring-your-own cluster (the seeds' kubespray cluster): only the data stack is synthesized. */
export default defineEnvironment({
  name: "onprem",
  ...ORGANISATION,
  owner: "data-onprem",
  costCenter: "cc-data-0422",
  cluster: {
    mode: "kubeconfig",
    kubeconfigPath: "~/.kube/onprem.yaml",
    context: "kubernetes-admin@cluster.local",
  },
  karpenter: { enabled: false },
  data: { objectStore: "minio", database: "in-cluster", sizeProfile: "small", spark: {} },
});
