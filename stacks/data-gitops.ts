import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import { AppOfApps } from "../constructs/addons/argo-cd/app-of-apps";
import { ApplicationsReady } from "../constructs/addons/argo-cd/applications-ready";
import { ArgoCd } from "../constructs/addons/argo-cd/argo-cd";
import { ROOT_APPLICATION_NAME } from "../constructs/addons/argo-cd/chart";
import type { Placement } from "../constructs/addons/common/placement";
import type { SizeProfile } from "../constructs/addons/common/size-profile";
import { ARGOCD_NAMESPACE } from "../constructs/gitops/application";
import { ApplicationCatalogue } from "../constructs/gitops/application-catalogue";

/** Namespaces of the GitOps delivery, where the environment asks for it. */
export function gitOpsNamespaces(env: EnvironmentConfig): string[] {
  return env.delivery.kubernetes === "argocd" ? [ARGOCD_NAMESPACE] : [];
}

/** The catalogue the data layer's application charts go to, where the environment delivers them with Argo CD. */
export function gitOpsCatalogue(scope: Construct, env: EnvironmentConfig): ApplicationCatalogue | undefined {
  return env.delivery.kubernetes === "argocd" ? new ApplicationCatalogue(scope, "GitOps") : undefined;
}

/** What {@link addGitOps} needs. */
export interface DataGitOpsContext {
  /** Helm provider of the cluster (Argo CD and the app-of-apps are Terraform releases). */
  readonly helm: HelmProvider;
  /** Kubernetes provider of the cluster (the Job Terraform waits for Argo CD with). */
  readonly kubernetes: KubernetesProvider;
  /** The charts the add-ons handed to Argo CD. */
  readonly catalogue: ApplicationCatalogue;
  /** Size profile of the environment. */
  readonly profile: SizeProfile;
  /** Nodes of Argo CD (the system nodes on EKS). */
  readonly placement: Placement;
  /** Argo CD's namespace resource. */
  readonly argoCdNamespace: ITerraformDependable;
}

/**
 * Argo CD, then the app-of-apps of the catalogue's charts (called once every add-on has registered
 * its chart, since the app-of-apps release waits for whatever they depend on in Terraform), then a
 * Job Terraform waits for until Argo CD reports every Application Synced and Healthy.
 */
export function addGitOps(scope: Construct, ctx: DataGitOpsContext): AppOfApps {
  const argoCd = new ArgoCd(scope, "ArgoCd", {
    provider: ctx.helm,
    namespace: ARGOCD_NAMESPACE,
    profile: ctx.profile,
    placement: ctx.placement,
    dependsOn: [ctx.argoCdNamespace],
  });
  const appOfApps = new AppOfApps(scope, "AppOfApps", {
    provider: ctx.helm,
    catalogue: ctx.catalogue,
    argoCd: argoCd.release,
  });
  // The apply ends when Argo CD has synced every Application, as it would with helm_releases.
  new ApplicationsReady(scope, "ApplicationsReady", {
    provider: ctx.kubernetes,
    namespace: ARGOCD_NAMESPACE,
    application: ROOT_APPLICATION_NAME,
    release: appOfApps.release,
    placement: ctx.placement,
    dependsOn: [ctx.argoCdNamespace],
  });
  return appOfApps;
}
