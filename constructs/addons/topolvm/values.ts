import { type Placement, placementValues } from "../common/placement";
import { type ContainerResources, type SizeProfile, sized } from "../common/size-profile";
import { MONITOR_SELECTOR_LABEL } from "../kube-prometheus-stack/chart";
import { TOPOLVM_DEVICE_CLASS_PARAMETER } from "./chart";
import {
  DEFAULT_FS_TYPE,
  DEFAULT_SPARE_GB,
  storageClassNameOf,
  type TopoLvmDeviceClass,
} from "./device-class";

/** What {@link topolvmValues} needs. */
export interface TopoLvmValuesProps {
  /** Size profile: every request and limit goes through {@link sized}; `small` runs one controller. */
  readonly profile: SizeProfile;
  /** Nodes of the controller Deployment (the CSI controller and its sidecars). */
  readonly placement: Placement;
  /** Device classes, each an LVM volume group of the storage nodes; one StorageClass each. */
  readonly deviceClasses: ReadonlyArray<TopoLvmDeviceClass>;
  /**
   * Nodes that host volumes: the lvmd and CSI node DaemonSets run there, and each must have every
   * device class's volume group.
   * @default every node
   */
  readonly storageNodes?: Placement;
  /**
   * Mark the default device class's StorageClass as the cluster's default StorageClass.
   * @default false
   */
  readonly defaultStorageClass?: boolean;
  /**
   * Run the CSI snapshotter (needs the VolumeSnapshot CRDs and snapshot controller, and a thin device class).
   * @default false
   */
  readonly snapshots?: boolean;
  /**
   * Kubelet's directory on the nodes (`/var/snap/microk8s/common/var/lib/kubelet` on MicroK8s).
   * @default "/var/lib/kubelet"
   */
  readonly kubeletDirectory?: string;
  /**
   * PodMonitors for the controller, lvmd and the CSI node, labelled for the platform's Prometheus
   * (the PodMonitor CRD must exist first).
   * @default false
   */
  readonly podMonitor?: boolean;
  /**
   * Replicas of the controller; the chart keeps them on distinct nodes (a required anti-affinity), so
   * no more than the nodes `placement` allows.
   * @default 2 (standard), 1 (small)
   */
  readonly controllerReplicas?: number;
}

/** Controller replicas of the `standard` profile (the chart's default); `small` runs one. */
export const DEFAULT_CONTROLLER_REPLICAS = 2;

/** The chart's own default (node.kubeletWorkDirectory). */
export const DEFAULT_KUBELET_DIRECTORY = "/var/lib/kubelet";

/** Memory limit no TopoLVM container goes below in the small profile: an OOM-killed lvmd or CSI node stalls every volume of its node. */
export const TOPOLVM_MEMORY_LIMIT_FLOOR = "64Mi";

type Container =
  | "topolvm_node"
  | "csi_registrar"
  | "liveness_probe"
  | "topolvm_controller"
  | "csi_provisioner"
  | "csi_resizer"
  | "csi_snapshotter"
  | "lvmd";

const SIDECAR: ContainerResources = {
  requests: { cpu: "50m", memory: "50Mi" },
  limits: { cpu: "200m", memory: "200Mi" },
};
const NODE_SIDECAR: ContainerResources = {
  requests: { cpu: "25m", memory: "10Mi" },
  limits: { cpu: "200m", memory: "200Mi" },
};
const NODE_AGENT: ContainerResources = {
  requests: { cpu: "100m", memory: "100Mi" },
  limits: { cpu: "500m", memory: "500Mi" },
};

/** `standard` requests and limits: the examples the chart's values.yaml gives (commented) for each container. */
const STANDARD_RESOURCES: Readonly<Record<Container, ContainerResources>> = {
  topolvm_node: NODE_AGENT,
  csi_registrar: NODE_SIDECAR,
  liveness_probe: NODE_SIDECAR,
  topolvm_controller: SIDECAR,
  csi_provisioner: SIDECAR,
  csi_resizer: SIDECAR,
  csi_snapshotter: SIDECAR,
  lvmd: NODE_AGENT,
};

function podMonitorOf(enabled: boolean): Record<string, unknown> {
  return {
    podMonitor: { enabled, ...(enabled ? { additionalLabels: { ...MONITOR_SELECTOR_LABEL } } : {}) },
  };
}

/** lvmd's `device-classes` entry (pkg/lvmd/types/types.go JSON names). */
function lvmdDeviceClass(dc: TopoLvmDeviceClass): Record<string, unknown> {
  return {
    name: dc.name,
    "volume-group": dc.volumeGroup,
    default: dc.default === true,
    "spare-gb": dc.spareGb ?? DEFAULT_SPARE_GB,
    ...(dc.thinPool
      ? {
          type: "thin",
          "thin-pool": { name: dc.thinPool.name, "overprovision-ratio": dc.thinPool.overprovisionRatio },
        }
      : {}),
  };
}

/** One StorageClass per device class: WaitForFirstConsumer (TopoLVM's advice), expandable, volumes deleted with their claim. */
function storageClass(dc: TopoLvmDeviceClass, clusterDefault: boolean): Record<string, unknown> {
  return {
    name: storageClassNameOf(dc),
    storageClass: {
      fsType: dc.fsType ?? DEFAULT_FS_TYPE,
      reclaimPolicy: "Delete",
      isDefaultClass: clusterDefault && dc.default === true,
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      additionalParameters: { [TOPOLVM_DEVICE_CLASS_PARAMETER]: dc.name },
    },
  };
}

/**
 * Values of the TopoLVM chart: lvmd as the chart's DaemonSet (`lvmd.managed`, no systemd unit on the
 * nodes) with the device classes, one StorageClass per device class, Storage Capacity Tracking for
 * scheduling (the chart's default) so neither the scheduler extender nor the Pod mutating webhook runs,
 * and therefore no certificate and no cert-manager. Sized resources; the controller on `placement`, the
 * DaemonSets on `storageNodes`. Every key exists in the chart's values.yaml (checked in the tests).
 */
export function topolvmValues(props: TopoLvmValuesProps): Record<string, unknown> {
  const monitored = props.podMonitor ?? false;
  const snapshots = props.snapshots ?? false;
  const clusterDefault = props.defaultStorageClass ?? false;
  const storage = placementValues(props.storageNodes ?? {});
  const containers = (Object.keys(STANDARD_RESOURCES) as Container[]).filter(
    (c) => snapshots || c !== "csi_snapshotter",
  );
  return {
    lvmd: {
      managed: true,
      deviceClasses: props.deviceClasses.map(lvmdDeviceClass),
      ...storage,
      prometheus: podMonitorOf(monitored),
    },
    node: {
      lvmdEmbedded: false,
      kubeletWorkDirectory: props.kubeletDirectory ?? DEFAULT_KUBELET_DIRECTORY,
      ...storage,
      prometheus: podMonitorOf(monitored),
    },
    controller: {
      replicaCount:
        props.controllerReplicas ?? (props.profile.name === "small" ? 1 : DEFAULT_CONTROLLER_REPLICAS),
      storageCapacityTracking: { enabled: true },
      ...placementValues(props.placement),
      prometheus: podMonitorOf(monitored),
    },
    scheduler: { enabled: false },
    webhook: { podMutatingWebhook: { enabled: false } },
    "cert-manager": { enabled: false },
    snapshot: { enabled: snapshots },
    storageClasses: props.deviceClasses.map((dc) => storageClass(dc, clusterDefault)),
    resources: Object.fromEntries(
      containers.map((c) => [c, sized(props.profile, STANDARD_RESOURCES[c], TOPOLVM_MEMORY_LIMIT_FLOOR)]),
    ),
  };
}
