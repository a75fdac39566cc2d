import type { ITerraformDependable } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import type { ApplicationCatalogue } from "../gitops/application-catalogue";
import { HelmChart, type HelmChartProps } from "./helm-chart";

/** A chart release, whoever applies it: what other resources depend on, and the values it was given. */
export interface ChartRelease extends ITerraformDependable, IConstruct {
  /** The values as given (before serialisation). */
  readonly valuesObject: object;
}

/**
 * The one way add-ons release a chart: a Terraform `helm_release` ({@link HelmChart}), or, given
 * an Argo CD catalogue, an Application of it with the same pin, namespace and values object. The
 * same checks run either way.
 */
export function chartRelease(
  scope: Construct,
  id: string,
  props: HelmChartProps,
  gitOps?: ApplicationCatalogue,
): ChartRelease {
  return gitOps ? gitOps.add(scope, id, props) : new HelmChart(scope, id, props);
}
