import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../../core/validation-error";
import { HelmChart } from "../../helm/helm-chart";
import type { Placement } from "../common/placement";
import type { SizeProfile } from "../common/size-profile";
import { TOPOLVM_CHART, TOPOLVM_RELEASE_NAME } from "./chart";
import { deviceClassProblems, storageClassNameOf, type TopoLvmDeviceClass } from "./device-class";
import { topolvmValues } from "./values";

/** Properties of {@link TopoLvm}. */
export interface TopoLvmProps {
  /** Helm provider of the cluster. */
  readonly provider: HelmProvider;
  /**
   * Namespace of the release, created beforehand; `topolvm-system` (TOPOLVM_NAMESPACE) by convention.
   * lvmd and the CSI node run privileged with the host's PID namespace: a Pod Security admission
   * label on it must allow `privileged`.
   */
  readonly namespace: string;
  /** Size profile of the environment. */
  readonly profile: SizeProfile;
  /** Nodes of the controller Deployment; nothing is assumed of the nodes on a brought cluster. */
  readonly placement: Placement;
  /** Device classes: LVM volume groups of the storage nodes, exactly one the default; one StorageClass each. */
  readonly deviceClasses: ReadonlyArray<TopoLvmDeviceClass>;
  /**
   * Nodes that host volumes (lvmd and the CSI node run there); each must have every device class's volume group.
   * @default every node
   */
  readonly storageNodes?: Placement;
  /**
   * Make the default device class's StorageClass the cluster's default StorageClass.
   * @default false
   */
  readonly defaultStorageClass?: boolean;
  /**
   * Run the CSI snapshotter: needs the VolumeSnapshot CRDs and the snapshot controller, and a thin device class.
   * @default false
   */
  readonly snapshots?: boolean;
  /**
   * Kubelet's directory on the nodes.
   * @default "/var/lib/kubelet"
   */
  readonly kubeletDirectory?: string;
  /**
   * Controller replicas, each on its own node.
   * @default 2 (standard), 1 (small)
   */
  readonly controllerReplicas?: number;
  /**
   * PodMonitors labelled for the platform's Prometheus (the PodMonitor CRD must exist first).
   * @default false
   */
  readonly podMonitor?: boolean;
  /**
   * What must exist first: the namespace (and, with `podMonitor`, the kube-prometheus-stack release).
   * cert-manager is not needed: without the Pod mutating webhook the chart creates no Certificate.
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/**
 * TopoLVM (chart 17.1.0, TopoLVM 0.41.0): node-local volumes carved from LVM, through the CSI driver
 * `topolvm.io`. The chart runs lvmd as a DaemonSet (no systemd unit to install by hand), the CSI node
 * DaemonSet, and the controller, and creates one StorageClass per device class (`topolvm-<name>` unless
 * named; `WaitForFirstConsumer`, expandable, reclaim `Delete`). Pods land where their volume fits through
 * Kubernetes' Storage Capacity Tracking, so neither the scheduler extender nor the admission webhook runs,
 * and cert-manager is not needed. What the nodes must provide: on every node that should host volumes (every
 * node, or those `storageNodes` selects), an LVM volume group named exactly as each device class's
 * `volumeGroup` says (and its thin pool, if any); lvmd exits on a node that lacks one, and the release
 * fails its wait. Local volumes tie a pod to its node: a pod whose node is lost cannot move until its volume
 * is deleted (deleting the Node object makes TopoLVM delete its claims, and their data, so a StatefulSet
 * recreates them elsewhere).
 */
export class TopoLvm extends Construct {
  public readonly release: HelmChart;
  /** StorageClass names by device class name, in the order given. */
  public readonly storageClassNames: Readonly<Record<string, string>>;
  /** The StorageClass of the default device class. */
  public readonly defaultStorageClassName: string;

  constructor(scope: Construct, id: string, props: TopoLvmProps) {
    super(scope, id);
    const problems = deviceClassProblems(props.deviceClasses);
    const replicas = props.controllerReplicas;
    if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 1)) {
      problems.push(`controllerReplicas: expected a whole number, 1 or more, received ${replicas}`);
    }
    if (problems.length > 0) throw new ValidationError(problems.join("; "), this);
    this.storageClassNames = Object.fromEntries(
      props.deviceClasses.map((dc) => [dc.name, storageClassNameOf(dc)]),
    );
    const defaultClass = props.deviceClasses.find((dc) => dc.default === true);
    this.defaultStorageClassName = storageClassNameOf(defaultClass ?? props.deviceClasses[0]);
    this.release = new HelmChart(this, "Release", {
      provider: props.provider,
      pin: TOPOLVM_CHART,
      releaseName: TOPOLVM_RELEASE_NAME,
      namespace: props.namespace,
      values: topolvmValues(props),
      dependsOn: props.dependsOn,
    });
  }
}
