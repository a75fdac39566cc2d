import type { AppProjectManifest } from "./app-project";
import type { ArgoApplicationManifest } from "./application";
import type { ChartPin } from "../helm/helm-chart";

/**
 * argocd-apps chart 2.0.5: renders Applications and AppProjects from values (the app-of-apps), and
 * any object from its `itemTemplates` (the plain manifests of a {@link ManifestBundle}).
 */
export const ARGOCD_APPS_CHART: ChartPin = {
  repository: "https://argoproj.github.io/argo-helm",
  chart: "argocd-apps",
  version: "2.0.5",
};

/**
 * An Application as an entry of the argocd-apps chart's `applications` map (chart 2.0.5,
 * templates/applications.yaml): the chart writes the name from the key, the namespace, annotations
 * and finalizers from these keys, and copies `project`, `source`, `destination`, `syncPolicy` and
 * `ignoreDifferences` as they are.
 */
export function appsChartApplication(app: ArgoApplicationManifest): Record<string, unknown> {
  return {
    namespace: app.metadata.namespace,
    additionalAnnotations: { ...app.metadata.annotations },
    finalizers: [...app.metadata.finalizers],
    ...app.spec,
  };
}

/**
 * Characters the argocd-apps chart cannot carry in a description: it writes `description: {{ . }}`
 * unquoted, so `: `, ` #`, a leading YAML indicator or a line break would break or change the YAML.
 */
const UNSAFE_DESCRIPTION = /: | #|^[-?:,[\]{}#&*!|>'"%@`]|\n/;

/** An AppProject as an entry of the argocd-apps chart's `projects` map (templates/projects.yaml). */
export function appsChartProject(project: AppProjectManifest): Record<string, unknown> {
  const description = project.spec.description;
  if (typeof description === "string" && UNSAFE_DESCRIPTION.test(description)) {
    throw new Error(
      `AppProject ${project.metadata.name}: description "${description}" cannot go through the argocd-apps chart, which writes it unquoted (no ": ", " #", leading YAML indicator or line break)`,
    );
  }
  return { namespace: project.metadata.namespace, ...project.spec };
}

/** Values of the argocd-apps chart that render these Applications and AppProjects. */
export function appsChartValues(
  applications: ReadonlyArray<ArgoApplicationManifest>,
  projects: ReadonlyArray<AppProjectManifest> = [],
): Record<string, unknown> {
  return {
    ...(projects.length > 0
      ? { projects: Object.fromEntries(projects.map((p) => [p.metadata.name, appsChartProject(p)])) }
      : {}),
    applications: Object.fromEntries(applications.map((a) => [a.metadata.name, appsChartApplication(a)])),
  };
}
