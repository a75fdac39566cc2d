import { TerraformResource, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";

/** Keys whose value is a map of user keys (labels, data…): their own key is converted, their children's are not. */
const MAP_KEYS = new Set([
  "labels",
  "annotations",
  "node_selector",
  "match_labels",
  "data",
  "requests",
  "limits",
]);

const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The attributes of a resource in Terraform's snake_case, written here in camelCase as cdktf's classes take them. */
export function toTerraformAttributes(value: unknown, convertKeys = true): unknown {
  if (Array.isArray(value)) return value.map((item) => toTerraformAttributes(item, convertKeys));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .map(([key, child]) => {
        const name = convertKeys ? snake(key) : key;
        return [name, toTerraformAttributes(child, !(convertKeys && MAP_KEYS.has(name)))];
      }),
  );
}

/** Properties of {@link KubernetesRawResource}. */
export interface KubernetesRawResourceProps extends TerraformMetaArguments {
  /** Terraform resource type of the kubernetes provider, e.g. `kubernetes_job_v1`. */
  readonly type: `kubernetes_${string}`;
  /** Its arguments, camelCase (as cdktf's generated classes take them); converted to snake_case. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * A resource of the kubernetes provider written without its generated cdktf class. The classes of
 * pod-bearing resources (`kubernetes_job_v1`, `kubernetes_stateful_set_v1`) pull in 5–6 MB of
 * struct code each, about 70 ms of module loading per synth apiece, for a few dozen attributes; the
 * synthesized JSON is the same. Use it only for those; the tests pin its output.
 */
export class KubernetesRawResource extends TerraformResource {
  private readonly attributes: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: KubernetesRawResourceProps) {
    super(scope, id, {
      terraformResourceType: props.type,
      terraformGeneratorMetadata: {
        providerName: "kubernetes",
        providerVersion: "2.38.0",
        providerVersionConstraint: "~> 2.0",
      },
      provider: props.provider,
      dependsOn: props.dependsOn,
      count: props.count,
      lifecycle: props.lifecycle,
      forEach: props.forEach,
      connection: props.connection,
      provisioners: props.provisioners,
    });
    this.attributes = props.attributes;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return toTerraformAttributes(this.attributes) as { [name: string]: unknown };
  }
}
