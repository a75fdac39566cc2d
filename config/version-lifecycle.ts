import type { ConfigIssue } from "./errors";
import { KUBERNETES_VERSION_LIFECYCLE } from "./kubernetes-versions";
import type { DeepReadonly } from "./define";
import type { ParsedEnvironment } from "./schema";

/** Days before the end of standard support from which a STANDARD cluster gets a notice. */
export const UPGRADE_NOTICE_DAYS = 30;

/** What the support calendar says of an environment's Kubernetes version on a given day. */
export interface LifecycleFindings {
  /** Problems that stop synth: the version is past EKS extended support. */
  readonly errors: ReadonlyArray<ConfigIssue>;
  /** Problems to act on soon: EKS will upgrade the control plane, or charges extended support. */
  readonly warnings: ReadonlyArray<ConfigIssue>;
}

const DAY_MS = 86_400_000;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** The minor version after `version` (e.g. 1.33 after 1.32). */
function nextVersion(version: string): string | undefined {
  const [major, minor] = version.split(".").map(Number);
  return Number.isInteger(major) && Number.isInteger(minor) ? `${major}.${minor + 1}` : undefined;
}

/**
 * Checks the cluster's Kubernetes version against EKS's support calendar on `today` (injected, so
 * tests never change verdict with the calendar): past extended support is an error; past standard
 * support without `upgradePolicy: "EXTENDED"` is a warning that says what EKS will do and how to
 * proceed, as is the month before it.
 */
export function kubernetesLifecycleFindings(
  env: DeepReadonly<ParsedEnvironment>,
  today: Date,
): LifecycleFindings {
  const cluster = env.cluster;
  if (cluster.mode === "kubeconfig") return { errors: [], warnings: [] };
  const version = cluster.kubernetesVersion;
  const lifecycle = KUBERNETES_VERSION_LIFECYCLE[version];
  if (!lifecycle) return { errors: [], warnings: [] }; // the supported-version rule reports it
  const day = dayOf(today);
  const path = "cluster.kubernetesVersion";
  const local = cluster.mode === "outpost-local";
  const next = nextVersion(version);
  const deploy = env.karpenter.enabled ? "deploy the eks stack, then karpenter" : "deploy the eks stack";
  const upgrade = local
    ? `plan the upgrade to ${next ?? "the next minor version"} as soon as EKS offers it for local clusters (add it to SUPPORTED_LOCAL_CLUSTER_KUBERNETES_VERSIONS in config/kubernetes-versions.ts)`
    : `set cluster.kubernetesVersion to "${next ?? "the next minor version"}" (one minor version at a time) and ${deploy}`;
  if (day >= lifecycle.endOfExtendedSupport) {
    return {
      errors: [
        {
          path,
          message: `Kubernetes ${version} left EKS extended support on ${lifecycle.endOfExtendedSupport}: EKS upgrades such a control plane at any time without notice, leaving its nodes behind; ${upgrade}`,
          received: version,
        },
      ],
      warnings: [],
    };
  }
  const policy = local ? undefined : cluster.upgradePolicy;
  if (day >= lifecycle.endOfStandardSupport) {
    if (policy === "EXTENDED") return { errors: [], warnings: [] };
    const message = local
      ? `Kubernetes ${version} left EKS standard support on ${lifecycle.endOfStandardSupport}; extended support ends on ${lifecycle.endOfExtendedSupport}, after which EKS upgrades the control plane without notice: ${upgrade}`
      : `Kubernetes ${version} left EKS standard support on ${lifecycle.endOfStandardSupport} and cluster.upgradePolicy is "STANDARD": EKS upgrades such a control plane to the next version, after which this configuration asks for a downgrade EKS refuses. Either ${upgrade}, or keep ${version} until ${lifecycle.endOfExtendedSupport} with cluster.upgradePolicy: "EXTENDED" (billed extended support)`;
    return { errors: [], warnings: [{ path, message, received: version }] };
  }
  const daysLeft = Math.ceil((Date.parse(lifecycle.endOfStandardSupport) - Date.parse(day)) / DAY_MS);
  if (daysLeft <= UPGRADE_NOTICE_DAYS && policy !== "EXTENDED") {
    return {
      errors: [],
      warnings: [
        {
          path,
          message: `Kubernetes ${version} leaves EKS standard support on ${lifecycle.endOfStandardSupport} (in ${daysLeft} day${daysLeft === 1 ? "" : "s"})${local ? "" : ', when EKS upgrades a cluster whose upgradePolicy is "STANDARD"'}: ${upgrade} before then${local ? "" : ', or set cluster.upgradePolicy: "EXTENDED"'}`,
          received: version,
        },
      ],
    };
  }
  return { errors: [], warnings: [] };
}
