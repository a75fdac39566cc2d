import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import type { Placement } from "../constructs/addons/common/placement";
import type { SizeProfile } from "../constructs/addons/common/size-profile";
import { TOPOLVM_NAMESPACE } from "../constructs/addons/topolvm/chart";
import { TopoLvm } from "../constructs/addons/topolvm/topolvm";

/** The privileged namespace TopoLVM needs where it runs, with the reason Pod Security is told. */
export function storageNamespaces(
  env: EnvironmentConfig,
): ReadonlyArray<{ name: string; privilegedReason: string }> {
  return env.data.storage === "topolvm"
    ? [
        {
          name: TOPOLVM_NAMESPACE,
          privilegedReason:
            "lvmd and the TopoLVM node plugin create logical volumes and mount them on the host (privileged, host PID)",
        },
      ]
    : [];
}

/** What {@link addStorage} needs. */
export interface DataStorageContext {
  readonly env: EnvironmentConfig;
  readonly helm: HelmProvider;
  readonly profile: SizeProfile;
  /** Nodes of the TopoLVM controller. */
  readonly placement: Placement;
  /** The namespace resource of a name. */
  readonly namespace: (name: string) => ITerraformDependable;
}

/** The StorageClass the platform's volumes use, and what must exist before a volume is asked for. */
export interface DataStorage {
  readonly storageClassName?: string;
  readonly ready: ReadonlyArray<ITerraformDependable>;
}

/**
 * `data.storage: "topolvm"`: TopoLVM (lvmd as the chart's DaemonSet, one StorageClass per device
 * class, capacity-aware scheduling), its default class used by MinIO and PostgreSQL, which wait
 * for it. Elsewhere nothing: the cluster's (or the EKS stack's) class.
 */
export function addStorage(scope: Construct, ctx: DataStorageContext): DataStorage | undefined {
  const topolvm = ctx.env.data.topolvm;
  if (ctx.env.data.storage !== "topolvm" || !topolvm) return undefined;
  const release = new TopoLvm(scope, "TopoLvm", {
    provider: ctx.helm,
    namespace: TOPOLVM_NAMESPACE,
    profile: ctx.profile,
    placement: ctx.placement,
    deviceClasses: topolvm.deviceClasses,
    dependsOn: [ctx.namespace(TOPOLVM_NAMESPACE)],
  });
  return { storageClassName: release.defaultStorageClassName, ready: [release.release] };
}
