import type { ITerraformDependable } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import type { ApplicationCatalogue } from "../gitops/application-catalogue";
import { DeliveredChart } from "../gitops/delivered-chart";
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

/**
 * The dependencies that are not chart releases: what an add-on's own Secrets and ConfigMaps wait for
 * (namespaces, other Secrets). They never wait for a chart: under Argo CD, a chart stands for the
 * app-of-apps release, which itself waits for those Secrets (a cycle Terraform refuses).
 */
export function withoutReleases(
  dependencies?: ReadonlyArray<ITerraformDependable>,
): ITerraformDependable[] | undefined {
  return dependencies?.filter(
    (dependency) => !(dependency instanceof HelmChart) && !(dependency instanceof DeliveredChart),
  );
}
