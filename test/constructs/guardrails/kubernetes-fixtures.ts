import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { TerraformStack } from "cdktf";
import { HelmChart } from "../../../constructs/helm/helm-chart";
import { KubernetesRawResource } from "../../../constructs/kubernetes/raw-resource";

/** A pinned chart of a made-up repository. */
export const pin = { repository: "https://charts.example.com", chart: "app", version: "1.2.3" };

/** A HelmChart release with its own provider and these values. */
export function chart(stack: TerraformStack, id: string, values: object): HelmChart {
  const provider = new HelmProvider(stack, `helm-${id}`, { alias: id });
  return new HelmChart(stack, id, { provider, pin, releaseName: id.toLowerCase(), namespace: "ns", values });
}

/** A Job (pod spec in the kubernetes provider's snake_case blocks) with one container. */
export function job(
  stack: TerraformStack,
  id: string,
  container: Record<string, unknown>,
): KubernetesRawResource {
  return new KubernetesRawResource(stack, id, {
    type: "kubernetes_job_v1",
    attributes: {
      metadata: { name: id.toLowerCase(), namespace: "ns" },
      spec: { template: { metadata: {}, spec: { container: [{ name: "main", ...container }] } } },
    },
  });
}
