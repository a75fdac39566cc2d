import type { Construct } from "constructs";
import type { ManifestBundle } from "../gitops/manifest-bundle";
import { manifestOf } from "./manifest";
import { KubernetesRawResource, type KubernetesRawResourceProps } from "./raw-resource";

/** Properties of {@link rawObject}. */
export interface RawObjectProps extends Pick<KubernetesRawResourceProps, "type" | "provider" | "dependsOn"> {
  /** API version of the object, e.g. `batch/v1`. */
  readonly apiVersion: string;
  /** Kind of the object, e.g. `Job`. */
  readonly kind: string;
  /** The object's arguments, as the provider takes them (camelCase, singular blocks). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /**
   * Arguments for Terraform alone: how it waits (`waitForRollout`, `waitForCompletion`, `timeouts`).
   * @default none
   */
  readonly terraformOnly?: Readonly<Record<string, unknown>>;
  /**
   * The Argo CD Application to deliver the object in instead of Terraform.
   * @default none: a Terraform resource
   */
  readonly manifests?: ManifestBundle;
  /**
   * With `manifests`: the object's sync wave within the Application.
   * @default 0
   */
  readonly syncWave?: number;
}

/**
 * One plain Kubernetes object, from one set of arguments, whoever applies it: a resource of the
 * kubernetes provider (returned), or a manifest of an Argo CD Application (`manifests`; nothing returned).
 */
export function rawObject(
  scope: Construct,
  id: string,
  props: RawObjectProps,
): KubernetesRawResource | undefined {
  if (props.manifests) {
    props.manifests.add(manifestOf(props.apiVersion, props.kind, props.attributes), props.syncWave ?? 0);
    return undefined;
  }
  return new KubernetesRawResource(scope, id, {
    type: props.type,
    provider: props.provider,
    dependsOn: props.dependsOn,
    attributes: { ...props.attributes, ...props.terraformOnly },
  });
}
