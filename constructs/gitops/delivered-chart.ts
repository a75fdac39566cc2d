import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { HelmChartProps } from "../helm/helm-chart";

/** A release's props as Argo CD takes them: the Helm provider is Terraform's, optional and unused. */
export type DeliverableChartProps = Omit<HelmChartProps, "provider"> & {
  readonly provider?: HelmChartProps["provider"];
};

/** Properties of {@link DeliveredChart}: the release's, and where to find the app-of-apps release. */
export interface DeliveredChartProps extends DeliverableChartProps {
  /** The release that creates the Applications (resolved when Terraform addresses are written). */
  readonly root: () => ITerraformDependable;
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
  public readonly props: DeliverableChartProps;
  private readonly root: () => ITerraformDependable;

  constructor(scope: Construct, id: string, props: DeliveredChartProps) {
    super(scope, id);
    const { root, ...release } = props;
    this.props = release;
    this.valuesObject = props.values ?? {};
    this.root = root;
  }

  /** Terraform address to depend on: the release that creates the Applications. */
  public get fqn(): string {
    return this.root().fqn;
  }
}
