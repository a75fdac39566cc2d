import { type Placement, placementValues } from "../common/placement";
import { type ContainerResources, type SizeProfile, sized } from "../common/size-profile";
import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA } from "./application-health";

/** What {@link argoCdValues} needs. */
export interface ArgoCdValuesProps {
  /** Size profile: every request and limit goes through {@link sized}. */
  readonly profile: SizeProfile;
  /** Nodes of every Argo CD component. */
  readonly placement: Placement;
}

/** Requests and memory limits of each component at the standard profile (Argo CD's own sizing guidance for a few dozen Applications). */
const STANDARD_RESOURCES: Readonly<Record<string, ContainerResources>> = {
  controller: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
  repoServer: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
  server: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
  redis: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
  applicationSet: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
};

/**
 * Values of the argo-cd chart: every component on the given nodes, sized; the Application health
 * check the app-of-apps' sync waves need; NetworkPolicies for every component; no Dex and no
 * notifications controller (neither is configured here); exec from the UI off; the API server
 * reachable inside the cluster only (ClusterIP, `kubectl port-forward`). The admin password is the
 * one Argo CD generates into `argocd-initial-admin-secret`. Every key exists in the chart's
 * values.yaml (checked in the tests).
 */
export function argoCdValues(props: ArgoCdValuesProps): Record<string, unknown> {
  const placement = placementValues(props.placement);
  const resources = (component: string) => sized(props.profile, STANDARD_RESOURCES[component]);
  return {
    global: {
      nodeSelector: { "kubernetes.io/os": "linux", ...placement.nodeSelector },
      ...(placement.tolerations ? { tolerations: placement.tolerations } : {}),
      networkPolicy: { create: true },
    },
    configs: {
      cm: {
        "exec.enabled": false,
        "statusbadge.enabled": false,
        [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA,
      },
    },
    controller: { resources: resources("controller") },
    repoServer: { resources: resources("repoServer") },
    server: { resources: resources("server"), service: { type: "ClusterIP" } },
    redis: { resources: resources("redis") },
    applicationSet: { resources: resources("applicationSet") },
    dex: { enabled: false },
    notifications: { enabled: false },
  };
}
