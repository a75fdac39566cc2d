import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ARGOCD_NAMESPACE, argoApplication, type ArgoApplicationManifest } from "../../gitops/application";
import type { ApplicationCatalogue } from "../../gitops/application-catalogue";
import { appsChartValues } from "../../gitops/app-of-apps-values";
import { type AppProjectManifest, BOOTSTRAP_PROJECT, bootstrapProject } from "../../gitops/app-project";
import { HelmChart } from "../../helm/helm-chart";
import { APP_OF_APPS_RELEASE_NAME, ARGOCD_APPS_CHART, ROOT_APPLICATION_NAME } from "./chart";

/** Properties of {@link AppOfApps}. */
export interface AppOfAppsProps {
  /** Helm provider of the cluster. */
  readonly provider: HelmProvider;
  /** The charts Argo CD delivers (their AppProjects are created here). */
  readonly catalogue: ApplicationCatalogue;
  /** The Argo CD release (its CRDs and controllers). */
  readonly argoCd: ITerraformDependable;
}

/**
 * The app-of-apps: a Terraform release of the argocd-apps chart that creates the AppProjects (the
 * root's, and one per delivered chart) and the root Application. The root's source is the same chart, whose values are the catalogue's
 * Applications, each annotated with its sync wave; Argo CD syncs the root wave by wave, waiting for
 * each wave's Applications to be Synced and Healthy (see APPLICATION_HEALTH_LUA). The release waits
 * for Argo CD and for every Terraform resource a delivered chart depends on, so no Application
 * exists before its namespace, Secrets, object store and database. Binds the catalogue's root.
 */
export class AppOfApps extends Construct {
  /** The Terraform release. */
  public readonly release: HelmChart;
  /** The root Application (rendered by the release). */
  public readonly root: ArgoApplicationManifest;
  /** The delivered Applications (rendered by the root's sync), by wave. */
  public readonly applications: ReadonlyArray<ArgoApplicationManifest>;
  /** The AppProjects (rendered by the release). */
  public readonly projects: ReadonlyArray<AppProjectManifest>;

  constructor(scope: Construct, id: string, props: AppOfAppsProps) {
    super(scope, id);
    const { catalogue } = props;
    this.applications = catalogue.applications();
    this.projects = [
      bootstrapProject({
        name: BOOTSTRAP_PROJECT,
        description: "Root Application of the data platform, which creates its Applications and nothing else",
        chart: ARGOCD_APPS_CHART,
      }),
      ...catalogue.projects(),
    ];
    this.root = argoApplication({
      name: ROOT_APPLICATION_NAME,
      project: BOOTSTRAP_PROJECT,
      pin: ARGOCD_APPS_CHART,
      releaseName: ROOT_APPLICATION_NAME,
      namespace: ARGOCD_NAMESPACE,
      values: appsChartValues(this.applications),
      syncWave: 0,
    });
    this.release = new HelmChart(this, "Release", {
      provider: props.provider,
      pin: ARGOCD_APPS_CHART,
      releaseName: APP_OF_APPS_RELEASE_NAME,
      namespace: ARGOCD_NAMESPACE,
      values: appsChartValues([this.root], this.projects),
      dependsOn: [props.argoCd, ...catalogue.terraformDependencies()],
    });
    catalogue.bindRoot(this.release);
  }
}
