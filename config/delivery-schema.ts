import { z } from "zod";

/** Who applies the data layer's Helm charts. */
export const KUBERNETES_DELIVERIES = ["terraform", "argocd"] as const;

/** How the Kubernetes layer reaches the cluster. */
export const deliverySchema = z
  .object({
    /**
     * `terraform`: every chart is a `helm_release` of `<env>-data`. `argocd`: `<env>-data` installs
     * Argo CD and an app-of-apps, and the components (Prometheus, KEDA, metrics-server, MinIO and its
     * provisioning, PostgreSQL and its bootstrap, Airflow, Trino, the Spark operator, the Hive
     * Metastore, the History Server) become Argo CD Applications in sync waves; Terraform keeps the
     * AWS resources, namespaces, generated Secrets, TopoLVM and Argo CD itself.
     */
    kubernetes: z.enum(KUBERNETES_DELIVERIES).default("terraform"),
  })
  .strict();

/** Delivery settings after parsing. */
export type DeliveryConfig = z.output<typeof deliverySchema>;
