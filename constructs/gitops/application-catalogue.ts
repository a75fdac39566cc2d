import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";
import { type ChartPin, type HelmChartProps, helmChartProblems } from "../helm/helm-chart";
import { argoApplication, type ArgoApplicationManifest } from "./application";
import { syncWaves } from "./sync-waves";

/** Properties of {@link ApplicationCatalogue}. */
export interface ApplicationCatalogueProps {
  /** AppProject every Application of the catalogue belongs to. */
  readonly project: string;
}

/**
 * A chart delivered by Argo CD instead of a `helm_release`: it keeps the release's props (pin,
 * namespace, values) and stands for it where Terraform resources depend on the release, which then
 * wait for the app-of-apps release that creates the Applications.
 */
export class DeliveredChart extends Construct implements ITerraformDependable {
  /** The values, the very object a `helm_release` of the same chart would serialise. */
  public readonly valuesObject: object;
  /** The release's props, as the add-on gave them. */
  public readonly props: HelmChartProps;
  private readonly catalogue: ApplicationCatalogue;

  constructor(scope: Construct, id: string, props: HelmChartProps, catalogue: ApplicationCatalogue) {
    super(scope, id);
    this.props = props;
    this.valuesObject = props.values ?? {};
    this.catalogue = catalogue;
  }

  /** Terraform address to depend on: the release that creates the Applications. */
  public get fqn(): string {
    return this.catalogue.root.fqn;
  }
}

/**
 * The charts of a stack that Argo CD delivers. Add-ons hand it their release props (see
 * `chartRelease`) instead of creating a `helm_release`; the same checks apply (exact version, HTTPS
 * or OCI repository, the add-on's own value checks). Dependencies between delivered charts become
 * sync waves; dependencies on Terraform resources (namespaces, Secrets, the object store, the
 * databases) become dependencies of the app-of-apps release, so Argo CD starts only once they exist.
 */
export class ApplicationCatalogue extends Construct {
  /** AppProject of the Applications. */
  public readonly project: string;
  private readonly charts: DeliveredChart[] = [];
  private rootRelease?: ITerraformDependable;

  constructor(scope: Construct, id: string, props: ApplicationCatalogueProps) {
    super(scope, id);
    this.project = props.project;
  }

  /** Registers a chart; returns what stands for its release. */
  public add(scope: Construct, id: string, props: HelmChartProps): DeliveredChart {
    const chart = new DeliveredChart(scope, id, props, this);
    const problems = helmChartProblems(props);
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
          project: this.project,
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

  /** The delivered charts' pins (the AppProject's source repositories). */
  public pins(): ChartPin[] {
    return this.charts.map((chart) => chart.props.pin);
  }

  /** Namespaces the delivered releases install into. */
  public namespaces(): string[] {
    return [...new Set(this.charts.map((chart) => chart.props.namespace))].sort();
  }
}
