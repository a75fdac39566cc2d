import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { HelmChart } from "../../helm/helm-chart";
import type { Placement } from "../common/placement";
import type { SizeProfile } from "../common/size-profile";
import { ARGOCD_CHART, ARGOCD_RELEASE_NAME } from "./chart";
import { argoCdValues } from "./values";

/** Properties of {@link ArgoCd}. */
export interface ArgoCdProps {
  /** Helm provider of the cluster. */
  readonly provider: HelmProvider;
  /** Namespace of the release (created beforehand); `argocd` (ARGOCD_NAMESPACE): the Applications live there. */
  readonly namespace: string;
  /** Size profile of the environment. */
  readonly profile: SizeProfile;
  /** Nodes of every component: the `system` nodes on EKS, anywhere on a brought cluster. */
  readonly placement: Placement;
  /**
   * What must exist first.
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/**
 * Argo CD (argo-cd chart 10.8.0, Argo CD v3.5.2) with its CRDs, always a Terraform release: it
 * delivers the rest. See {@link argoCdValues} for what is switched on and off.
 */
export class ArgoCd extends Construct {
  /** The Terraform release (the CRDs and controllers the app-of-apps needs). */
  public readonly release: HelmChart;

  constructor(scope: Construct, id: string, props: ArgoCdProps) {
    super(scope, id);
    this.release = new HelmChart(this, "Release", {
      provider: props.provider,
      pin: ARGOCD_CHART,
      releaseName: ARGOCD_RELEASE_NAME,
      namespace: props.namespace,
      values: argoCdValues(props),
      dependsOn: props.dependsOn,
    });
  }
}
