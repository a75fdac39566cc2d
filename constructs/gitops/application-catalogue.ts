import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";
import { helmChartProblems } from "../helm/helm-chart";
import { appProject, type AppProjectManifest, BOOTSTRAP_PROJECT } from "./app-project";
import { ARGOCD_NAMESPACE, argoApplication, type ArgoApplicationManifest } from "./application";

/** AppProject names no delivered chart may take: Argo CD's built-in one and the root's. */
export const RESERVED_PROJECTS: ReadonlyArray<string> = ["default", BOOTSTRAP_PROJECT];
import { type DeliverableChartProps, DeliveredChart } from "./delivered-chart";
import { syncWaves } from "./sync-waves";

/**
 * The charts of a stack that Argo CD delivers, each as an Application in an AppProject of its own.
 * Add-ons hand it their release props (see `chartRelease`) instead of creating a `helm_release`; the same checks apply (exact version, HTTPS
 * or OCI repository, the add-on's own value checks). Dependencies between delivered charts become
 * sync waves; dependencies on Terraform resources (namespaces, Secrets, the object store, the
 * databases) become dependencies of the app-of-apps release, so Argo CD starts only once they exist.
 */
export class ApplicationCatalogue extends Construct {
  private readonly charts: DeliveredChart[] = [];
  private rootRelease?: ITerraformDependable;

  /** Registers a chart; returns what stands for its release. */
  public add(scope: Construct, id: string, props: DeliverableChartProps): DeliveredChart {
    const chart = new DeliveredChart(scope, id, { ...props, root: () => this.root });
    const problems = helmChartProblems(props);
    // Each Application gets an AppProject of its release's name: Argo CD's own and the root's are not for charts.
    if (RESERVED_PROJECTS.includes(props.releaseName)) {
      problems.push(
        `release name "${props.releaseName}" would replace AppProject ${props.releaseName} (reserved: ${RESERVED_PROJECTS.join(", ")})`,
      );
    }
    const argoCdNamespace = [props.namespace, ...(props.footprint?.namespaces ?? [])].includes(
      ARGOCD_NAMESPACE,
    );
    if (argoCdNamespace) {
      problems.push(
        `a delivered chart may not write into ${ARGOCD_NAMESPACE} (it could create Applications of any project)`,
      );
    }
    if (this.charts.some((known) => known.props.releaseName === props.releaseName)) {
      problems.push(`release name "${props.releaseName}" is already delivered by this catalogue`);
    }
    if (problems.length > 0) {
      throw new ValidationError(
        `release ${props.releaseName} (${props.pin.chart}): ${problems.join("; ")}`,
        chart,
      );
    }
    this.charts.push(chart);
    return chart;
  }

  /** The delivered charts, in the order they were added. */
  public get delivered(): ReadonlyArray<DeliveredChart> {
    return [...this.charts];
  }

  /** The release that creates the Applications; set once by {@link bindRoot}. */
  public get root(): ITerraformDependable {
    if (!this.rootRelease) {
      throw new ValidationError("no app-of-apps release is bound to this catalogue", this);
    }
    return this.rootRelease;
  }

  /** Names the release that creates the Applications (what depending on a delivered chart waits for). */
  public bindRoot(root: ITerraformDependable): void {
    if (this.rootRelease) throw new ValidationError("the app-of-apps release is already bound", this);
    this.rootRelease = root;
  }

  /** Per Application, the Applications it depends on (from the releases' `dependsOn`). */
  public dependencies(): Record<string, string[]> {
    return Object.fromEntries(
      this.charts.map((chart) => [
        chart.props.releaseName,
        (chart.props.dependsOn ?? [])
          .filter((dependency): dependency is DeliveredChart => dependency instanceof DeliveredChart)
          .map((dependency) => dependency.props.releaseName),
      ]),
    );
  }

  /** Terraform resources the delivered charts depend on, each once: the app-of-apps release waits for them. */
  public terraformDependencies(): ITerraformDependable[] {
    const seen = new Set<ITerraformDependable>();
    for (const chart of this.charts) {
      for (const dependency of chart.props.dependsOn ?? []) {
        if (!(dependency instanceof DeliveredChart)) seen.add(dependency);
      }
    }
    return [...seen];
  }

  /** The Applications, one per chart, ordered by sync wave then name. */
  public applications(): ArgoApplicationManifest[] {
    const waves = syncWaves(this.dependencies());
    return this.charts
      .map((chart) =>
        argoApplication({
          name: chart.props.releaseName,
          project: chart.props.releaseName,
          pin: chart.props.pin,
          releaseName: chart.props.releaseName,
          namespace: chart.props.namespace,
          values: chart.valuesObject,
          syncWave: waves[chart.props.releaseName],
          skipCrds: chart.props.skipCrds,
        }),
      )
      .sort(
        (a, b) =>
          waves[a.metadata.name] - waves[b.metadata.name] || a.metadata.name.localeCompare(b.metadata.name),
      );
  }

  /**
   * One AppProject per Application, named after it: its chart's repository, its release namespace
   * and the chart's footprint (the other namespaces and the cluster-scoped kinds it renders), nothing more.
   */
  public projects(): AppProjectManifest[] {
    return this.charts.map(({ props }) =>
      appProject({
        name: props.releaseName,
        description: `Chart ${props.pin.chart} ${props.pin.version} of the data platform, and what it renders`,
        charts: [props.pin],
        namespaces: [...new Set([props.namespace, ...(props.footprint?.namespaces ?? [])])],
        clusterResources: props.footprint?.clusterResources,
        deniedNamespaceResources: props.footprint?.deniedNamespaceResources,
      }),
    );
  }
}
