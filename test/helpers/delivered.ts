import { parse as parseYaml } from "yaml";
import { namedResourcesOf, type Json } from "./synth";

/** A child Application as the argocd-apps chart's `applications` map holds it. */
export interface DeliveredApplication {
  readonly namespace: string;
  readonly additionalAnnotations: Record<string, string>;
  readonly project: string;
  readonly destination: { readonly server: string; readonly namespace: string };
  readonly source: Json & {
    readonly repoURL: string;
    readonly chart: string;
    readonly targetRevision: string;
    readonly helm: { readonly valuesObject: Json };
  };
}

/** A manifest of a plain-objects Application, as its item template holds it. */
export type DeliveredManifest = Json & {
  kind: string;
  apiVersion: string;
  metadata: Json & { name: string; namespace: string; annotations: Record<string, string> };
};

/**
 * The Applications the root Application of a synthesized data stack creates, by name (none when the
 * stack has no app-of-apps release): read from the argocd-apps release's values, as Argo CD reads them.
 */
export function deliveredApplications(json: string): Record<string, DeliveredApplication> {
  const releases = Object.values(namedResourcesOf(json, "helm_release")) as Array<
    Json & { values: string[] }
  >;
  const apps = releases.find((release) => release.chart === "argocd-apps");
  if (!apps) return {};
  const root = (parseYaml(apps.values[0]) as { applications: Record<string, DeliveredApplication> })
    .applications["data-platform"];
  return (root.source.helm.valuesObject as { applications: Record<string, DeliveredApplication> })
    .applications;
}

/** The plain manifests (item templates) of the Application `name`, or of every Application. */
export function deliveredManifests(json: string, name?: string): DeliveredManifest[] {
  return Object.entries(deliveredApplications(json))
    .filter(([app]) => name === undefined || app === name)
    .flatMap(([, app]) =>
      ((app.source.helm.valuesObject.itemTemplates ?? []) as Array<{ template: DeliveredManifest }>).map(
        (entry) => entry.template,
      ),
    );
}
