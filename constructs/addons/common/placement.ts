/** A Kubernetes toleration, as charts take them. */
export interface Toleration {
  readonly key: string;
  readonly operator: "Exists" | "Equal";
  readonly value?: string;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/**
 * Where an add-on's pods run: a node selector and the taints they tolerate. On an EKS cluster the
 * platform's system add-ons go to the `system` nodes; on a brought cluster (`kubeconfig`) nothing
 * is assumed of the nodes, so placement is empty.
 */
export interface Placement {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: ReadonlyArray<Toleration>;
}

/** No node assumption (a brought cluster). */
export const ANYWHERE: Placement = {};

/** The chart fields of a placement, empty ones left out (charts default them to `{}`/`[]`). */
export function placementValues(placement: Placement): {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
} {
  return {
    ...(placement.nodeSelector && Object.keys(placement.nodeSelector).length > 0
      ? { nodeSelector: { ...placement.nodeSelector } }
      : {}),
    ...(placement.tolerations && placement.tolerations.length > 0
      ? { tolerations: [...placement.tolerations] }
      : {}),
  };
}
