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
  data: {
    objectStore: "minio",
    database: "in-cluster",
    sizeProfile: "small",
    // The seed's MinIO over HTTPS: a certificate cert-manager issues from the site CA into this
    // kubernetes.io/tls Secret (with the CA as ca.crt), which every consumer trusts.
    minio: { tlsSecretName: "minio-tls" },
    objectStoreCa: { secret: { namespace: "minio", name: "minio-tls", key: "ca.crt" } },
    // Node-local LVM volumes for MinIO and PostgreSQL, as the seed ran them (volume group on every node).
    storage: "topolvm",
    topolvm: { deviceClasses: [{ name: "ssd", volumeGroup: "vg-data", default: true }] },
    spark: {},
    metastore: "hive",
  },
});
