import type { ChartPin } from "../../helm/helm-chart";

/**
 * argo-cd chart 10.8.0 (Argo CD v3.5.2, the image the chart pins; the CRDs in ../shared/schemas are
 * v3.5.1's). `npm run verify` renders it from argo-helm on the Go module proxy (scripts/install-tools.sh).
 */
export const ARGOCD_CHART: ChartPin = {
  repository: "https://argoproj.github.io/argo-helm",
  chart: "argo-cd",
  version: "10.8.0",
};

export { ARGOCD_APPS_CHART } from "../../gitops/app-of-apps-values";

/** Release name of Argo CD (its objects are named `argocd-…`). */
export const ARGOCD_RELEASE_NAME = "argocd";
/** Release name of the app-of-apps that Terraform installs (the projects and the root Application). */
export const APP_OF_APPS_RELEASE_NAME = "argocd-apps";
/** Root Application: its sync creates the data platform's Applications, wave after wave. */
export const ROOT_APPLICATION_NAME = "data-platform";
