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
  // The seeds' GitOps site: Argo CD applies the application charts, in sync waves (README "Delivery").
  delivery: { kubernetes: "argocd" },
  data: {
    objectStore: "minio",
    database: "in-cluster",
    sizeProfile: "small",
    // The seed's MinIO over HTTPS: the site's cert-manager ClusterIssuer "site-ca" issues MinIO's
    // certificate into minio-tls; every consumer trusts the site CA, kept (certificate only) in
    // cert-manager's namespace as Secret site-ca-public, key ca.crt (README "TLS to the object store").
    minio: { tlsSecretName: "minio-tls", certificateIssuer: { kind: "ClusterIssuer", name: "site-ca" } },
    objectStoreCa: { secret: { namespace: "cert-manager", name: "site-ca-public", key: "ca.crt" } },
    // Node-local LVM volumes for MinIO and PostgreSQL, as the seed ran them (volume group on every node).
    storage: "topolvm",
    topolvm: { deviceClasses: [{ name: "ssd", volumeGroup: "vg-data", default: true }] },
    spark: {},
    metastore: "hive",
  },
});
