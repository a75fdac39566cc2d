import type { Placement } from "../../../../constructs/addons/common/placement";
import type { SizeProfile } from "../../../../constructs/addons/common/size-profile";
import type { TopoLvmDeviceClass } from "../../../../constructs/addons/topolvm/device-class";
import { topolvmValues, type TopoLvmValuesProps } from "../../../../constructs/addons/topolvm/values";
import { expectDividedBy20 } from "../../../helpers/sized-values";
import { unlistedKeyPaths } from "./values-key-paths";

/**
 * Key paths read in topolvm/topolvm, tag topolvm-chart-v17.1.0, charts/topolvm/values.yaml (checking stops at
 * each: a scalar, a list, or a map the chart renders whole with toYaml).
 */
const UPSTREAM_VALUES_PATHS: ReadonlyArray<string> = [
  "lvmd.managed",
  "lvmd.nodeSelector",
  "lvmd.tolerations",
  "lvmd.prometheus.podMonitor.enabled",
  "lvmd.prometheus.podMonitor.additionalLabels",
  "node.lvmdEmbedded",
  "node.kubeletWorkDirectory",
  "node.nodeSelector",
  "node.tolerations",
  "node.prometheus.podMonitor.enabled",
  "node.prometheus.podMonitor.additionalLabels",
  "controller.replicaCount",
  "controller.storageCapacityTracking.enabled",
  "controller.nodeSelector",
  "controller.tolerations",
  "controller.prometheus.podMonitor.enabled",
  "controller.prometheus.podMonitor.additionalLabels",
  "scheduler.enabled",
  "webhook.podMutatingWebhook.enabled",
  "cert-manager.enabled",
  "snapshot.enabled",
  "storageClasses[].name",
  "storageClasses[].storageClass.fsType",
  "storageClasses[].storageClass.reclaimPolicy",
  "storageClasses[].storageClass.isDefaultClass",
  "storageClasses[].storageClass.volumeBindingMode",
  "storageClasses[].storageClass.allowVolumeExpansion",
  "storageClasses[].storageClass.additionalParameters",
  "resources.topolvm_node",
  "resources.csi_registrar",
  "resources.liveness_probe",
  "resources.topolvm_controller",
  "resources.csi_provisioner",
  "resources.csi_resizer",
  "resources.csi_snapshotter",
  "resources.lvmd",
];

/**
 * `lvmd.deviceClasses` is copied into lvmd.yaml (templates/lvmd/configmap.yaml); its entries' keys are the JSON
 * names of lvmd's DeviceClass in topolvm/topolvm, tag topolvm-chart-v17.1.0, pkg/lvmd/types/types.go.
 */
const UPSTREAM_DEVICE_CLASS_PATHS: ReadonlyArray<string> = [
  "lvmd.deviceClasses[].name",
  "lvmd.deviceClasses[].volume-group",
  "lvmd.deviceClasses[].default",
  "lvmd.deviceClasses[].spare-gb",
  "lvmd.deviceClasses[].type",
  "lvmd.deviceClasses[].thin-pool.name",
  "lvmd.deviceClasses[].thin-pool.overprovision-ratio",
];
const UPSTREAM = [...UPSTREAM_VALUES_PATHS, ...UPSTREAM_DEVICE_CLASS_PATHS];

const SSD: TopoLvmDeviceClass = { name: "ssd", volumeGroup: "vg-ssd", default: true };
const THIN: TopoLvmDeviceClass = {
  name: "thin",
  volumeGroup: "vg-ssd",
  thinPool: { name: "pool0", overprovisionRatio: 5 },
  spareGb: 0,
  fsType: "ext4",
};
const STANDARD: SizeProfile = { name: "standard" };
const SMALL: SizeProfile = { name: "small", divisor: 20 };
const STORAGE: Placement = {
  nodeSelector: { "node.dataplatform.io/storage": "lvm" },
  tolerations: [{ key: "storage", operator: "Exists", effect: "NoSchedule" }],
};
const SYSTEM: Placement = { nodeSelector: { "node.dataplatform.io/pool": "system" } };
const BASE: TopoLvmValuesProps = { profile: STANDARD, placement: {}, deviceClasses: [SSD] };
const EVERYTHING: TopoLvmValuesProps = {
  profile: STANDARD,
  placement: SYSTEM,
  deviceClasses: [SSD, THIN],
  storageNodes: STORAGE,
  defaultStorageClass: true,
  snapshots: true,
  kubeletDirectory: "/var/snap/microk8s/common/var/lib/kubelet",
  podMonitor: true,
  controllerReplicas: 3,
};
const CASES: ReadonlyArray<[string, TopoLvmValuesProps]> = [
  ["the defaults", BASE],
  ["the small profile", { ...BASE, profile: SMALL }],
  ["every option", EVERYTHING],
  ["every option, small", { ...EVERYTHING, profile: SMALL }],
];

describe("TopoLVM values", () => {
  it.each(CASES)("have only key paths of the upstream chart and lvmd (%s)", (_, props) => {
    expect(unlistedKeyPaths(topolvmValues(props), UPSTREAM)).toEqual([]);
  });

  it("and the check fails on a misspelt key", () => {
    const { webhook, ...values } = topolvmValues(BASE);
    expect(unlistedKeyPaths({ ...values, webhooks: webhook }, UPSTREAM)).toEqual([
      "webhooks.podMutatingWebhook.enabled",
    ]);
  });

  it("run lvmd as the chart's DaemonSet, not embedded and not a systemd unit", () => {
    const values = topolvmValues(BASE);
    expect(values).toHaveProperty(["lvmd", "managed"], true);
    expect(values).toHaveProperty(["node", "lvmdEmbedded"], false);
  });

  it("write each device class in lvmd's format, spare-gb 10 unless set", () => {
    const classes = (topolvmValues(EVERYTHING).lvmd as { deviceClasses: unknown[] }).deviceClasses;
    expect(classes).toHaveLength(2);
    expect(classes).toEqual([
      { name: "ssd", "volume-group": "vg-ssd", default: true, "spare-gb": 10 },
      {
        name: "thin",
        "volume-group": "vg-ssd",
        default: false,
        "spare-gb": 0,
        type: "thin",
        "thin-pool": { name: "pool0", "overprovision-ratio": 5 },
      },
    ]);
  });

  it("create one StorageClass per device class: WaitForFirstConsumer, expandable, reclaim Delete", () => {
    const classes = topolvmValues({ ...BASE, deviceClasses: [SSD, THIN] }).storageClasses as unknown[];
    expect(classes).toHaveLength(2);
    expect(classes).toEqual([
      {
        name: "topolvm-ssd",
        storageClass: {
          fsType: "xfs",
          reclaimPolicy: "Delete",
          isDefaultClass: false,
          volumeBindingMode: "WaitForFirstConsumer",
          allowVolumeExpansion: true,
          additionalParameters: { "topolvm.io/device-class": "ssd" },
        },
      },
      {
        name: "topolvm-thin",
        storageClass: {
          fsType: "ext4",
          reclaimPolicy: "Delete",
          isDefaultClass: false,
          volumeBindingMode: "WaitForFirstConsumer",
          allowVolumeExpansion: true,
          additionalParameters: { "topolvm.io/device-class": "thin" },
        },
      },
    ]);
  });

  it("name a StorageClass as its device class says when it does", () => {
    const values = topolvmValues({ ...BASE, deviceClasses: [{ ...SSD, storageClassName: "local-ssd" }] });
    expect(values).toHaveProperty(["storageClasses", 0, "name"], "local-ssd");
  });

  it("make only the default device class's StorageClass the cluster default, and only when asked", () => {
    const asked = topolvmValues({ ...BASE, deviceClasses: [THIN, SSD], defaultStorageClass: true });
    expect(asked).toHaveProperty(["storageClasses", 0, "storageClass", "isDefaultClass"], false);
    expect(asked).toHaveProperty(["storageClasses", 1, "storageClass", "isDefaultClass"], true);
    const notAsked = topolvmValues({ ...BASE, deviceClasses: [THIN, SSD] });
    expect(notAsked).toHaveProperty(["storageClasses", 1, "storageClass", "isDefaultClass"], false);
  });

  it("schedule with Storage Capacity Tracking: no scheduler extender, no webhook, no cert-manager", () => {
    const values = topolvmValues(BASE);
    expect(values).toHaveProperty(["controller", "storageCapacityTracking", "enabled"], true);
    expect(values).toHaveProperty(["scheduler", "enabled"], false);
    expect(values).toHaveProperty(["webhook", "podMutatingWebhook", "enabled"], false);
    expect(values).toHaveProperty(["cert-manager", "enabled"], false);
  });

  it("leave snapshots off, without the snapshotter's resources, unless asked", () => {
    const off = topolvmValues(BASE);
    expect(off).toHaveProperty(["snapshot", "enabled"], false);
    expect(off).not.toHaveProperty(["resources", "csi_snapshotter"]);
    const on = topolvmValues({ ...BASE, snapshots: true });
    expect(on).toHaveProperty(["snapshot", "enabled"], true);
    expect(on).toHaveProperty(["resources", "csi_snapshotter"]);
  });

  it("size every container as the chart's values.yaml examples say in the standard profile", () => {
    const node = { requests: { cpu: "100m", memory: "100Mi" }, limits: { cpu: "500m", memory: "500Mi" } };
    const nodeSidecar = {
      requests: { cpu: "25m", memory: "10Mi" },
      limits: { cpu: "200m", memory: "200Mi" },
    };
    const sidecar = { requests: { cpu: "50m", memory: "50Mi" }, limits: { cpu: "200m", memory: "200Mi" } };
    expect(topolvmValues({ ...BASE, snapshots: true }).resources).toEqual({
      topolvm_node: node,
      csi_registrar: nodeSidecar,
      liveness_probe: nodeSidecar,
      topolvm_controller: sidecar,
      csi_provisioner: sidecar,
      csi_resizer: sidecar,
      csi_snapshotter: sidecar,
      lvmd: node,
    });
  });

  it("divide the small profile by 20, memory limits never below 64Mi", () => {
    const containers = ["topolvm_node", "csi_registrar", "liveness_probe", "topolvm_controller"]
      .concat(["csi_provisioner", "csi_resizer", "csi_snapshotter", "lvmd"])
      .map((c) => [`resources.${c}`, "64Mi"]);
    expect(containers).toHaveLength(8);
    expectDividedBy20(
      topolvmValues({ ...BASE, snapshots: true }),
      topolvmValues({ ...BASE, snapshots: true, profile: SMALL }),
      Object.fromEntries(containers),
    );
  });

  it("run two controllers in the standard profile, one in small, or as many as asked", () => {
    expect(topolvmValues(BASE)).toHaveProperty(["controller", "replicaCount"], 2);
    expect(topolvmValues({ ...BASE, profile: SMALL })).toHaveProperty(["controller", "replicaCount"], 1);
    expect(topolvmValues({ ...BASE, controllerReplicas: 3 })).toHaveProperty(
      ["controller", "replicaCount"],
      3,
    );
  });

  it("place the controller on the placement and the DaemonSets on the storage nodes", () => {
    const values = topolvmValues(EVERYTHING);
    expect(values).toHaveProperty(["controller", "nodeSelector"], SYSTEM.nodeSelector);
    expect(values).not.toHaveProperty(["controller", "tolerations"]);
    for (const daemonSet of ["lvmd", "node"]) {
      expect(values).toHaveProperty([daemonSet, "nodeSelector"], STORAGE.nodeSelector);
      expect(values).toHaveProperty([daemonSet, "tolerations"], STORAGE.tolerations);
    }
  });

  it("assume nothing of the nodes by default", () => {
    const values = topolvmValues(BASE);
    for (const component of ["controller", "lvmd", "node"]) {
      expect(values).not.toHaveProperty([component, "nodeSelector"]);
      expect(values).not.toHaveProperty([component, "tolerations"]);
    }
  });

  it("use the chart's kubelet directory unless told otherwise", () => {
    expect(topolvmValues(BASE)).toHaveProperty(["node", "kubeletWorkDirectory"], "/var/lib/kubelet");
    expect(topolvmValues(EVERYTHING)).toHaveProperty(
      ["node", "kubeletWorkDirectory"],
      "/var/snap/microk8s/common/var/lib/kubelet",
    );
  });

  it("have no PodMonitor by default, and label them for the platform's Prometheus when asked", () => {
    const off = topolvmValues(BASE);
    const on = topolvmValues({ ...BASE, podMonitor: true });
    for (const component of ["controller", "lvmd", "node"]) {
      expect(off).toHaveProperty([component, "prometheus", "podMonitor"], { enabled: false });
      expect(on).toHaveProperty([component, "prometheus", "podMonitor"], {
        enabled: true,
        additionalLabels: { release: "kube-prometheus-stack" },
      });
    }
  });
});
