import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";
import type { GroupKind } from "../helm/chart-footprint";
import type { KubernetesManifest } from "../kubernetes/manifest";
import { ARGOCD_APPS_CHART } from "./app-of-apps-values";
import type { ApplicationCatalogue } from "./application-catalogue";
import { SYNC_WAVE_ANNOTATION } from "./application";
import type { DeliveredChart } from "./delivered-chart";

/** Properties of {@link ManifestBundle}. */
export interface ManifestBundleProps {
  /** The catalogue whose app-of-apps creates the Application. */
  readonly catalogue: ApplicationCatalogue;
  /** Application name (and its AppProject's): the component, e.g. `postgres`. */
  readonly name: string;
  /** The one namespace every object goes to (created beforehand, by Terraform). */
  readonly namespace: string;
  /**
   * What must exist first: Terraform resources (namespaces, Secrets) the app-of-apps release waits
   * for, and other delivered charts, which put this Application in a later sync wave.
   * @default none (more with {@link ManifestBundle.addDependency})
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/**
 * Namespaced kinds an Application of manifests may not hold: Secrets (generated ones are Terraform's,
 * read by name; a manifest would put a value in the app-of-apps values) and RBAC (none of these
 * components calls the Kubernetes API). Refused when added, and denied by its AppProject.
 */
export const DENIED_KINDS: ReadonlyArray<GroupKind> = [
  { group: "", kind: "Secret" },
  { group: "rbac.authorization.k8s.io", kind: "Role" },
  { group: "rbac.authorization.k8s.io", kind: "RoleBinding" },
];

/** One object of the Application, and the wave it is applied in within it. */
interface BundledObject {
  readonly manifest: KubernetesManifest;
  readonly wave: number;
}

/**
 * Plain Kubernetes objects (a StatefulSet, a Job and its ConfigMap…) delivered by Argo CD as one
 * Application, for components that are no chart: in-cluster PostgreSQL and its bootstrap, MinIO's
 * provisioning Job, the Hive Metastore, the Spark History Server. Its source is the argocd-apps chart
 * the app-of-apps already pins, whose `itemTemplates` render each object as given: no Git repository
 * and no other chart to trust. Objects carry a sync wave within the Application (a bootstrap Job after
 * its server); the Application gets its own AppProject, confined to its namespace and no cluster-scoped
 * kind. Generated Secrets stay Terraform's, referred to by name.
 */
export class ManifestBundle extends Construct {
  /** What depending on the bundle waits for: its Application (a later wave, or the app-of-apps release). */
  public readonly application: DeliveredChart;
  /** The namespace of every object. */
  public readonly namespace: string;
  private readonly objects: BundledObject[] = [];
  private readonly dependencies: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ManifestBundleProps) {
    super(scope, id);
    this.namespace = props.namespace;
    // Read when the app-of-apps is written, after every construct has added its objects and needs.
    this.dependencies = [...(props.dependsOn ?? [])];
    // Read when the app-of-apps is written, once every object is added.
    const itemTemplates = () => this.itemTemplates();
    const values = {
      get itemTemplates() {
        return itemTemplates();
      },
    };
    this.application = props.catalogue.add(this, "Application", {
      pin: ARGOCD_APPS_CHART,
      releaseName: props.name,
      namespace: props.namespace,
      values,
      dependsOn: this.dependencies,
      // Generated Secrets are Terraform's, and no component here needs RBAC: its AppProject denies them.
      footprint: { deniedNamespaceResources: DENIED_KINDS },
    });
    this.node.addValidation({
      validate: () => (this.objects.length === 0 ? [`Application ${props.name} has no object`] : []),
    });
  }

  /** Adds an object, applied in `wave` within the Application (lower first; Argo CD waits for each wave's health). */
  public add(manifest: KubernetesManifest, wave = 0): void {
    const namespace = manifest.metadata.namespace;
    if (namespace !== this.namespace) {
      throw new ValidationError(
        `${manifest.kind} ${manifest.metadata.name}: namespace "${namespace ?? ""}" is not the Application's ("${this.namespace}")`,
        this,
      );
    }
    const group = manifest.apiVersion.includes("/") ? manifest.apiVersion.split("/")[0] : "";
    if (DENIED_KINDS.some((denied) => denied.group === group && denied.kind === manifest.kind)) {
      throw new ValidationError(
        `${manifest.kind} ${manifest.metadata.name}: an Application of manifests may not hold ${DENIED_KINDS.map((k) => k.kind).join(", ")} (Secrets stay Terraform's; no RBAC)`,
        this,
      );
    }
    const clash = this.objects.find(
      (known) =>
        known.manifest.kind === manifest.kind && known.manifest.metadata.name === manifest.metadata.name,
    );
    if (clash) {
      throw new ValidationError(
        `${manifest.kind} ${manifest.metadata.name} is already in the Application`,
        this,
      );
    }
    this.objects.push({ manifest, wave });
  }

  /** Adds what the Application waits for (Terraform resources, or delivered charts: a later wave). */
  public addDependency(...dependencies: ITerraformDependable[]): void {
    this.dependencies.push(...dependencies.filter((dependency) => !this.dependencies.includes(dependency)));
  }

  /** The chart's `itemTemplates`: one template per object, rendered once (one empty item). */
  private itemTemplates(): unknown[] {
    return this.objects.map(({ manifest, wave }) => ({
      items: [{}],
      template: escapeTemplates({
        ...manifest,
        metadata: {
          ...manifest.metadata,
          annotations: { ...manifest.metadata.annotations, [SYNC_WAVE_ANNOTATION]: String(wave) },
        },
      }),
    }));
  }
}

/** Go's template start, which the chart's `tpl` would run. */
const TEMPLATE_START = /\{\{/g;
/** The same two characters as a template action that prints them (a raw string: YAML never escapes backticks). */
export const ESCAPED_TEMPLATE_START = "{{`{{`}}";

/**
 * The object with every `{{` written so that the argocd-apps chart, which renders item templates with
 * `tpl`, prints it as it is (a shell script or SQL may hold one).
 */
export function escapeTemplates(value: unknown): unknown {
  if (typeof value === "string") return value.replace(TEMPLATE_START, ESCAPED_TEMPLATE_START);
  if (Array.isArray(value)) return value.map(escapeTemplates);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [escapeTemplates(key), escapeTemplates(child)]),
  );
}

/** A {@link ManifestBundle} of `catalogue`, or none where Terraform applies the objects (no catalogue). */
export function optionalBundle(
  scope: Construct,
  id: string,
  catalogue: ApplicationCatalogue | undefined,
  props: Omit<ManifestBundleProps, "catalogue">,
): ManifestBundle | undefined {
  return catalogue ? new ManifestBundle(scope, id, { ...props, catalogue }) : undefined;
}
